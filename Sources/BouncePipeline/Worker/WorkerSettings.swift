import BounceClassifier
import Foundation
import KafkaClient
import Logging

/// A setting that could not be used: its name and what is wrong with its value.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    /// One message per bad setting, each naming it.
    public var problems: [String]

    /// Lists every problem.
    public var description: String {
        "invalid configuration:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}

/// The worker's settings: one table of environment variables (names, defaults, meanings) that reads,
/// validates, documents and prints the configuration. A file of `NAME=VALUE` lines may supply any of them;
/// the environment wins over the file.
public struct WorkerSettings: Sendable {
    /// One setting.
    public struct Setting: Sendable {
        /// The environment variable.
        public let name: String
        /// The default, as text (`nil`: unset).
        public let defaultValue: String?
        /// What it means.
        public let help: String
        /// Whether the value is a secret (masked when printed, never logged).
        public let secret: Bool
        let apply: @Sendable (inout WorkerConfiguration, inout LogSettings, String) throws(SettingProblem) -> Void
    }

    /// Why one value was rejected.
    public struct SettingProblem: Error, Sendable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The configuration read.
    public var worker: WorkerConfiguration
    /// How to log (level, format, address redaction).
    public var log: LogSettings
    /// The log level.
    public var logLevel: Logger.Level { log.level }
    /// The effective value of every setting (defaults included), by name.
    public var values: [String: String]

    /// Reads settings from `environment` and an optional `file`; throws a ``SettingsError`` naming every bad one.
    public static func load(environment: [String: String], file: String? = nil) throws(SettingsError) -> WorkerSettings
    {
        var problems: [String] = []
        var given: [String: String] = [:]
        if let file {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = rawLine.trimmingCharacters(in: .whitespaces)
                    if line.isEmpty || line.hasPrefix("#") { continue }
                    guard let equals = line.firstIndex(of: "=") else {
                        problems.append("\(file):\(number + 1): expected NAME=VALUE")
                        continue
                    }
                    let name = line[..<equals].trimmingCharacters(in: .whitespaces)
                    var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                    if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                        value = String(value.dropFirst().dropLast())
                    }
                    given[name] = value
                }
            } else {
                problems.append("config file \(file): cannot be read")
            }
        }
        for (name, value) in environment where name.hasPrefix("BW_") { given[name] = value }
        let known = Set(table.map(\.name))
        for name in given.keys.sorted() where !known.contains(name) {
            problems.append("\(name): unknown setting (see `bounce-worker config` for the list)")
        }
        var configuration = WorkerConfiguration()
        var log = LogSettings()
        var values: [String: String] = [:]
        for setting in table {
            guard let value = given[setting.name] ?? setting.defaultValue else { continue }
            values[setting.name] = value
            do throws(SettingProblem) {
                try setting.apply(&configuration, &log, value)
            } catch {
                let shown = setting.secret ? "(hidden)" : "\"\(value)\""
                problems.append("\(setting.name)=\(shown): \(error.message)")
            }
        }
        if configuration.connection.securityProtocol.rawValue.hasPrefix("sasl"),
            configuration.connection.saslUsername == nil
        {
            problems.append("BW_KAFKA_SASL_USERNAME: required when BW_KAFKA_SECURITY_PROTOCOL is a SASL protocol")
        }
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        return WorkerSettings(worker: configuration, log: log, values: values)
    }

    /// The effective settings, one `NAME=value` per line, secrets masked.
    public var redactedDescription: String {
        Self.table.compactMap { setting in
            guard let value = values[setting.name] else { return nil }
            return "\(setting.name)=\(setting.secret ? "****" : value)"
        }.joined(separator: " ")
    }

    /// The effective settings as lines `NAME=value`, secrets masked, unset ones shown as comments.
    public var redactedLines: [String] {
        Self.table.map { setting in
            guard let value = values[setting.name] else { return "# \(setting.name) (unset)" }
            return "\(setting.name)=\(setting.secret ? "****" : value)"
        }
    }

    // MARK: The table

    /// Every setting, in documentation order.
    public static let table: [Setting] = [
        Setting(
            name: "BW_KAFKA_BROKERS", defaultValue: "localhost:9092",
            help: "Kafka bootstrap servers, comma-separated host:port.", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            let brokers = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            guard !brokers.isEmpty, brokers.allSatisfy({ $0.contains(":") }) else {
                throw SettingProblem("expected host:port[,host:port...]")
            }
            config.connection.bootstrapServers = brokers
        },
        Setting(name: "BW_KAFKA_CLIENT_ID", defaultValue: "bounce-worker", help: "Kafka client.id.", secret: false) {
            config, _, value in
            config.connection.clientID = value
        },
        Setting(
            name: "BW_KAFKA_SECURITY_PROTOCOL", defaultValue: "plaintext",
            help: "plaintext, ssl, sasl_plaintext or sasl_ssl.", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            guard let parsed = KafkaConnectionConfiguration.SecurityProtocol(rawValue: value.lowercased()) else {
                throw SettingProblem("expected plaintext, ssl, sasl_plaintext or sasl_ssl")
            }
            config.connection.securityProtocol = parsed
        },
        Setting(
            name: "BW_KAFKA_SASL_MECHANISM", defaultValue: nil, help: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.",
            secret: false
        ) {
            config, _, value throws(SettingProblem) in
            guard let parsed = KafkaConnectionConfiguration.SASLMechanism(rawValue: value.uppercased()) else {
                throw SettingProblem("expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
            }
            config.connection.saslMechanism = parsed
        },
        Setting(name: "BW_KAFKA_SASL_USERNAME", defaultValue: nil, help: "SASL user name.", secret: false) {
            config, _, value in
            config.connection.saslUsername = value
        },
        Setting(
            name: "BW_KAFKA_SASL_PASSWORD", defaultValue: nil, help: "SASL password (never printed or logged).",
            secret: true
        ) {
            config, _, value in config.connection.saslPassword = value
        },
        Setting(
            name: "BW_KAFKA_TLS_CA_LOCATION", defaultValue: nil, help: "CA bundle to verify brokers.", secret: false
        ) { config, _, value in
            config.connection.tlsCALocation = value
        },
        Setting(
            name: "BW_KAFKA_TLS_CERT_LOCATION", defaultValue: nil, help: "Client certificate (mutual TLS).",
            secret: false
        ) {
            config, _, value in config.connection.tlsCertificateLocation = value
        },
        Setting(
            name: "BW_KAFKA_TLS_KEY_LOCATION", defaultValue: nil, help: "Client private key (mutual TLS).",
            secret: false
        ) {
            config, _, value in config.connection.tlsKeyLocation = value
        },
        Setting(
            name: "BW_KAFKA_TLS_KEY_PASSWORD", defaultValue: nil,
            help: "Password of the client key (never printed or logged).", secret: true
        ) {
            config, _, value in config.connection.tlsKeyPassword = value
        },
        Setting(
            name: "BW_KAFKA_PROPERTIES", defaultValue: nil, help: "Extra librdkafka properties: name=value,name=value.",
            secret: false
        ) {
            config, _, value throws(SettingProblem) in
            for pair in value.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw SettingProblem("expected name=value pairs separated by commas")
                }
                config.additionalKafkaProperties[parts[0]] = parts[1]
            }
        },
        Setting(name: "BW_TOPIC_RAW", defaultValue: "bounces.raw", help: "Input: raw bounce events.", secret: false) {
            config, _, value in
            config.topics.raw = value
        },
        Setting(
            name: "BW_TOPIC_COMMANDS", defaultValue: "blacklist.commands", help: "Input: operator blacklist commands.",
            secret: false
        ) {
            config, _, value in config.topics.commands = value
        },
        Setting(
            name: "BW_TOPIC_CLASSIFIED", defaultValue: "bounce-worker.classified",
            help: "Internal: classified results, keyed by address.", secret: false
        ) {
            config, _, value in config.topics.classified = value
        },
        Setting(
            name: "BW_TOPIC_BOUNCE_LOG", defaultValue: "bounces.log", help: "Output: bounce-log rows.", secret: false
        ) {
            config, _, value in config.topics.bounceLog = value
        },
        Setting(
            name: "BW_TOPIC_SUBSCRIBER_STATUS", defaultValue: "subscribers.status",
            help: "Output: subscriber status changes.", secret: false
        ) {
            config, _, value in config.topics.subscriberStatus = value
        },
        Setting(
            name: "BW_TOPIC_BLACKLIST", defaultValue: "blacklist", help: "Output: blacklist changes (compacted).",
            secret: false
        ) {
            config, _, value in config.topics.blacklist = value
        },
        Setting(
            name: "BW_TOPIC_POLICY_STATE", defaultValue: "bounce-worker.policy-state",
            help: "Internal: policy state changelog (compacted).", secret: false
        ) {
            config, _, value in config.topics.policyState = value
        },
        Setting(
            name: "BW_TOPIC_DLQ", defaultValue: "bounces.dlq", help: "Output: dead letters with error and origin.",
            secret: false
        ) {
            config, _, value in config.topics.deadLetter = value
        },
        Setting(
            name: "BW_CLASSIFY_GROUP", defaultValue: "bounce-worker-classify",
            help: "Consumer group of the classify stage.", secret: false
        ) {
            config, _, value in config.classifyGroupID = value
        },
        Setting(
            name: "BW_POLICY_GROUP", defaultValue: "bounce-worker-policy", help: "Consumer group of the policy stage.",
            secret: false
        ) {
            config, _, value in config.policyGroupID = value
        },
        Setting(
            name: "BW_STAGES", defaultValue: "classify,policy",
            help: "Stages this process runs: classify, policy or both.", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            var stages = Set<WorkerConfiguration.Stage>()
            for name in value.split(separator: ",") {
                guard let stage = WorkerConfiguration.Stage(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw SettingProblem("expected classify, policy or classify,policy")
                }
                stages.insert(stage)
            }
            guard !stages.isEmpty else { throw SettingProblem("at least one stage") }
            config.stages = stages
        },
        Setting(
            name: "BW_POLICY", defaultValue: "standard", help: "Suppression policy: standard or acelle.", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            guard let policy = SuppressionPolicy(rawValue: value.lowercased()) else {
                throw SettingProblem("expected standard or acelle")
            }
            config.policy = PolicyConfiguration(
                policy: policy, recentEventLimit: config.policy.recentEventLimit,
                duplicateWindowMilliseconds: config.policy.duplicateWindowMilliseconds)
        },
        Setting(
            name: "BW_SOFT_BOUNCE_ESCALATION", defaultValue: "policy-default",
            help:
                "COUNT/DAYS/WINDOW_DAYS (e.g. 5/3/30), off, or policy-default (5/3/30 under standard, off under acelle).",
            secret: false
        ) {
            config, _, value throws(SettingProblem) in
            if value == "policy-default" { return }
            if value == "off" {
                config.policy.softBounceEscalation = nil
                return
            }
            let parts = value.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else {
                throw SettingProblem("expected COUNT/DAYS/WINDOW_DAYS, off or policy-default")
            }
            config.policy.softBounceEscalation = SoftBounceEscalation(
                count: parts[0], distinctDays: parts[1], windowDays: parts[2])
        },
        Setting(
            name: "BW_RECENT_EVENT_LIMIT", defaultValue: "64",
            help: "Event ids remembered per address for duplicate detection.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.policy.recentEventLimit = try positive(value)
        },
        Setting(
            name: "BW_DUPLICATE_WINDOW_HOURS", defaultValue: "24",
            help: "Same bounce through two channels within this window is a duplicate.", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            config.policy.duplicateWindowMilliseconds = Int64(try positive(value)) * 3_600_000
        },
        Setting(
            name: "BW_MAX_IN_FLIGHT_PER_PARTITION", defaultValue: "2000",
            help: "In-flight messages per partition before it is paused (resumes at half).", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            config.limits = limits(config.limits, perPartition: try positive(value))
        },
        Setting(
            name: "BW_MAX_IN_FLIGHT_TOTAL", defaultValue: "7500",
            help: "In-flight messages per stage before it stops taking more (resumes at half).", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            config.limits = limits(config.limits, total: try positive(value))
        },
        Setting(
            name: "BW_TOTAL_BOUND_GRACE_MS", defaultValue: "100",
            help:
                "Time a stage may stay at its total in-flight bound before every partition is paused (0: at once).",
            secret: false
        ) {
            config, _, value throws(SettingProblem) in
            config.limits = limits(config.limits, grace: .milliseconds(try nonNegative(value)))
        },
        Setting(
            name: "BW_PRODUCER_MAX_IN_FLIGHT", defaultValue: "20000",
            help: "Unacknowledged records per stage's producer before producing waits (never drops).", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.producerMaxInFlight = try positive(value)
        },
        Setting(
            name: "BW_PREFETCH_KB", defaultValue: "16384",
            help: "librdkafka prefetch bound (queued.max.messages.kbytes); above it, fetching waits up to 1 s.",
            secret: false
        ) {
            config, _, value throws(SettingProblem) in config.prefetchKilobytes = try positive(value)
        },
        Setting(
            name: "BW_FETCH_WAIT_MAX_MS", defaultValue: "10",
            help: "Longest a broker may hold a fetch with no new records (fetch.wait.max.ms).", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.fetchWaitMax = .milliseconds(try positive(value))
        },
        Setting(
            name: "BW_SESSION_TIMEOUT_MS", defaultValue: "10000", help: "Consumer group session timeout.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.sessionTimeout = .milliseconds(try positive(value))
        },
        Setting(
            name: "BW_HEARTBEAT_INTERVAL_MS", defaultValue: "1000", help: "Consumer heartbeat interval.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.heartbeatInterval = .milliseconds(try positive(value))
        },
        Setting(
            name: "BW_ASSIGNMENT_STRATEGY", defaultValue: "cooperative-sticky",
            help: "cooperative-sticky, range or roundrobin.", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            guard let strategy = KafkaConsumerConfiguration.AssignmentStrategy(rawValue: value.lowercased()) else {
                throw SettingProblem("expected cooperative-sticky, range or roundrobin")
            }
            config.assignmentStrategy = strategy
        },
        Setting(
            name: "BW_REVOKE_TIMEOUT_S", defaultValue: "10",
            help: "How long a revoke waits for in-flight work of the revoked partitions.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.revokeTimeout = .seconds(try positive(value))
        },
        Setting(
            name: "BW_RESTORE_TIMEOUT_S", defaultValue: "120",
            help: "How long a state restore may take before it is retried.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.restoreTimeout = .seconds(try positive(value))
        },
        Setting(
            name: "BW_DRAIN_TIMEOUT_S", defaultValue: "30",
            help: "Shutdown deadline: drain, flush, commit, leave the group.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.drainTimeout = .seconds(try positive(value))
        },
        Setting(
            name: "BW_STATISTICS_INTERVAL_MS", defaultValue: "5000",
            help: "librdkafka statistics interval (0 turns statistics off).", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            guard let milliseconds = Int(value), milliseconds >= 0 else {
                throw SettingProblem("expected a whole number ≥ 0")
            }
            config.statisticsInterval = milliseconds == 0 ? nil : .milliseconds(milliseconds)
        },
        Setting(
            name: "BW_LOG_LEVEL", defaultValue: "info", help: "trace, debug, info, notice, warning, error or critical.",
            secret: false
        ) {
            _, log, value throws(SettingProblem) in
            guard let parsed = Logger.Level(rawValue: value.lowercased()) else {
                throw SettingProblem("expected trace, debug, info, notice, warning, error or critical")
            }
            log.level = parsed
        },
        Setting(
            name: "BW_LOG_FORMAT", defaultValue: "text", help: "text (human-readable lines) or json (JSON Lines).",
            secret: false
        ) {
            _, log, value throws(SettingProblem) in
            guard let format = LogSettings.Format(rawValue: value.lowercased()) else {
                throw SettingProblem("expected text or json")
            }
            log.format = format
        },
        Setting(
            name: "BW_LOG_REDACT_ADDRESSES", defaultValue: "true",
            help: "Redact e-mail addresses in log lines (j***+hash@domain): true or false.", secret: false
        ) {
            _, log, value throws(SettingProblem) in log.redactAddresses = try boolean(value)
        },
        Setting(
            name: "BW_HTTP_PORT", defaultValue: "9464",
            help: "Port of /metrics, /health/live and /health/ready (0 or off: no HTTP server).", secret: false
        ) {
            config, _, value throws(SettingProblem) in
            if value.lowercased() == "off" || value == "0" {
                config.operations.httpPort = nil
                return
            }
            guard let port = UInt16(value) else { throw SettingProblem("expected a port 1-65535, 0 or off") }
            config.operations.httpPort = port
        },
        Setting(
            name: "BW_LIVENESS_TIMEOUT_S", defaultValue: "30",
            help: "/health/live fails when a stage's heartbeat is older than this.", secret: false
        ) {
            config, _, value throws(SettingProblem) in config.operations.livenessTimeout = .seconds(try positive(value))
        },
        Setting(
            name: "BW_READY_BROKER_TIMEOUT_S", defaultValue: "30",
            help: "How old librdkafka statistics may be and still decide, for /health/ready, whether a broker is up.",
            secret: false
        ) {
            config, _, value throws(SettingProblem) in config.operations.brokerTimeout = .seconds(try positive(value))
        },
    ]

    private static func boolean(_ value: String) throws(SettingProblem) -> Bool {
        switch value.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw SettingProblem("expected true or false")
        }
    }

    private static func positive(_ value: String) throws(SettingProblem) -> Int {
        guard let number = Int(value), number > 0 else { throw SettingProblem("expected a whole number > 0") }
        return number
    }

    /// `current` with the given bounds changed; the resume marks follow the maxima, as by default.
    private static func limits(
        _ current: FlowLimits, perPartition: Int? = nil, total: Int? = nil, grace: Duration? = nil
    ) -> FlowLimits {
        FlowLimits(
            maxInFlightPerPartition: perPartition ?? current.maxInFlightPerPartition,
            maxInFlightTotal: total ?? current.maxInFlightTotal, totalBoundGrace: grace ?? current.totalBoundGrace)
    }

    private static func nonNegative(_ value: String) throws(SettingProblem) -> Int {
        guard let number = Int(value), number >= 0 else { throw SettingProblem("expected a whole number ≥ 0") }
        return number
    }
}

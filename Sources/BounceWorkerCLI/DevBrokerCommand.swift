import ArgumentParser
import Dispatch
import Foundation
import KafkaClient
import Logging

/// `bounce-worker dev-broker`: librdkafka's mock Kafka cluster as a standalone process.
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Runs an in-memory Kafka cluster (librdkafka's mock cluster) for development and tests.",
        discussion: """
            Creates the BounceWorker topics, prints 'bootstrap.servers=<list>' on stdout, and serves \
            until SIGINT or SIGTERM (exit status 0). Reads fault commands on stdin, one per line, and \
            answers 'ok' or 'error: <message>': 'down BROKER', 'up BROKER', 'rtt BROKER MS', \
            'error API CODE COUNT', 'topic NAME PARTITIONS'. Memory only; see docs/dev-broker.md for limits.
            """
    )

    @Option(help: "Number of brokers (ids 1...N).")
    var brokers: Int = 3

    @Option(
        name: .customLong("topic"),
        help: "A topic to create as NAME:PARTITIONS; repeatable; adds to or overrides the default topics."
    )
    var topics: [String] = []

    @Option(help: "Also write the bootstrap servers list (one line) to this file.")
    var bootstrapFile: String?

    @Flag(help: "Do not create the default BounceWorker topics.")
    var noDefaultTopics = false

    func validate() throws {
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
        _ = try parsedTopics()
    }

    /// The topics to create: defaults (unless disabled), then `--topic` additions/overrides.
    func parsedTopics() throws -> [(name: String, partitions: Int)] {
        var result: [(name: String, partitions: Int)] = noDefaultTopics ? [] : BounceWorkerTopics.defaultPartitions
        for spec in topics {
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count > 0 else {
                throw ValidationError("--topic expects NAME:PARTITIONS with PARTITIONS > 0, got '\(spec)'")
            }
            let name = String(parts[0])
            result.removeAll { $0.name == name }
            result.append((name, count))
        }
        return result
    }

    func run() async throws {
        var logger = Logger(label: "bounce-worker.dev-broker")
        logger.logLevel = .error
        let cluster = try KafkaMockCluster(brokers: brokers, logger: logger)
        for topic in try parsedTopics() {
            try cluster.createTopic(name: topic.name, partitions: topic.partitions, replicationFactor: min(3, brokers))
        }
        if let bootstrapFile {
            try Data((cluster.bootstrapServers + "\n").utf8).write(
                to: URL(fileURLWithPath: bootstrapFile), options: .atomic)
        }
        DevBrokerOutput.write("bootstrap.servers=\(cluster.bootstrapServers)")

        // Ignore the default actions first so the dispatch sources see the signals.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let signalQueue = DispatchQueue(label: "bounce-worker.dev-broker.signals")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnce(continuation)
            let sources = [SIGINT, SIGTERM].map { number in
                let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
                source.setEventHandler { once.resume() }
                source.resume()
                return source
            }
            once.keepAlive(sources)
            DevBrokerControl.startReadingCommands(cluster: cluster)
        }
        cluster.shutdown()
    }
}

/// Resumes a continuation at most once and keeps the signal sources alive until then.
private final class ResumeOnce: @unchecked Sendable {
    // `@unchecked Sendable`: all state is guarded by `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var retained: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func keepAlive(_ sources: [any DispatchSourceSignal]) {
        lock.withLock { retained = sources }
    }

    func resume() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}

/// Line output on stdout, flushed at once so that a parent process sees it immediately.
enum DevBrokerOutput {
    private static let lock = NSLock()

    static func write(_ line: String) {
        lock.withLock {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}

/// The stdin fault-command protocol of `dev-broker`.
enum DevBrokerControl {
    /// Reads commands from stdin on a thread of its own; end of input just stops reading.
    static func startReadingCommands(cluster: KafkaMockCluster) {
        let thread = Thread {
            while let line = readLine() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                DevBrokerOutput.write(execute(trimmed, on: cluster))
            }
        }
        thread.name = "dev-broker-stdin"
        thread.start()
    }

    /// Executes one command line and returns the reply: `ok` or `error: <message>`.
    static func execute(_ line: String, on cluster: KafkaMockCluster) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        do {
            switch (words.first?.lowercased(), words.count) {
            case ("down", 2):
                try cluster.setBrokerDown(try integer(words[1], "BROKER"))
            case ("up", 2):
                try cluster.setBrokerUp(try integer(words[1], "BROKER"))
            case ("rtt", 3):
                try cluster.setRoundTripTime(
                    broker: try integer(words[1], "BROKER"), milliseconds: Int(try integer(words[2], "MS")))
            case ("error", 4):
                guard let api = KafkaAPI(name: words[1]) else {
                    return
                        "error: unknown API '\(words[1])' (known: \(KafkaAPI.allCases.map(\.name).joined(separator: ", ")))"
                }
                let code = try integer(words[2], "CODE")
                let count = Int(try integer(words[3], "COUNT"))
                guard count > 0 else { return "error: COUNT must be positive" }
                try cluster.pushRequestErrors(api: api, code: code, count: count)
            case ("topic", 3):
                let partitions = Int(try integer(words[2], "PARTITIONS"))
                try cluster.createTopic(
                    name: words[1], partitions: partitions, replicationFactor: min(3, cluster.brokerCount))
            default:
                return "error: unknown command '\(line)'; expected down BROKER | up BROKER | rtt BROKER MS | "
                    + "error API CODE COUNT | topic NAME PARTITIONS"
            }
            return "ok"
        } catch let error as KafkaError {
            return "error: \(error.message)"
        } catch {
            return "error: \(error)"
        }
    }

    private static func integer(_ text: String, _ name: String) throws -> Int32 {
        guard let value = Int32(text) else { throw CommandError(message: "\(name) must be an integer, got '\(text)'") }
        return value
    }

    private struct CommandError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

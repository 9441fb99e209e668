import BounceClassifier
import Foundation
import KafkaClient
import Logging
import ServiceLifecycle

/// The demo: librdkafka's mock cluster in-process, the worker's topics, the bundled sample events (the seed's
/// rows, raw DSN emails, an ARF complaint, a webhook payload, a duplicate, a garbage message, an operator
/// remove), and two worker instances in one consumer group. Used by `bounce-worker demo` and its test.
public struct DemoScenario: Sendable {
    /// What the demo published and what the workers produced.
    public struct Outcome: Sendable {
        /// `bounces.log` records.
        public var bounceLog: [KafkaMessage]
        /// `subscribers.status` records.
        public var statusChanges: [KafkaMessage]
        /// `blacklist` records.
        public var blacklist: [KafkaMessage]
        /// `bounces.dlq` records.
        public var deadLetters: [KafkaMessage]
        /// The inputs published to `bounces.raw`.
        public var inputsPublished: Int
    }

    /// Where the sample inputs are: every file directly inside is one input; `commands/` holds operator commands.
    public let samplesDirectory: String
    /// Worker instances to run in the group. Default 2.
    public let instances: Int
    /// Partitions of each topic. Default 6.
    public let partitions: Int
    /// The longest the demo waits for the outputs.
    public let timeout: Duration
    private let logger: Logger

    /// Creates the demo.
    public init(
        samplesDirectory: String, instances: Int = 2, partitions: Int = 6, timeout: Duration = .seconds(90),
        logger: Logger
    ) {
        self.samplesDirectory = samplesDirectory
        self.instances = instances
        self.partitions = partitions
        self.timeout = timeout
        self.logger = logger
    }

    /// Runs the demo, reporting progress lines through `progress`.
    public func run(progress: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        let cluster = try KafkaMockCluster(brokers: 3, logger: logger)
        defer { cluster.shutdown() }
        progress("mock cluster: 3 brokers at \(cluster.bootstrapServers)")
        let topics = TopicNames()
        let allTopics = [
            topics.raw, topics.commands, topics.classified, topics.policyState, topics.bounceLog,
            topics.subscriberStatus, topics.blacklist, topics.deadLetter,
        ]
        for topic in allTopics { try cluster.createTopic(name: topic, partitions: partitions) }
        progress("topics created: \(allTopics.joined(separator: ", ")) (\(partitions) partitions each)")

        let connection = KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers])
        let inputs = try sampleInputs()
        let commands = try commandInputs()
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(connection: connection, messageTimeout: .seconds(30)),
            logger: logger)
        for input in inputs {
            _ = try await producer.send(KafkaProducerRecord(topic: topics.raw, key: input.key, value: input.value))
        }
        progress(
            "published \(inputs.count) raw inputs: "
                + inputs.map { $0.key.map { String(decoding: $0, as: UTF8.self) } ?? "-" }.joined(separator: ", "))

        var configuration = WorkerConfiguration(
            connection: connection, sessionTimeout: .milliseconds(4000), heartbeatInterval: .milliseconds(300),
            statisticsInterval: nil, additionalKafkaProperties: ["fetch.wait.max.ms": "50"])
        configuration.drainTimeout = .seconds(10)
        var groups: [ServiceGroup] = []
        for _ in 0..<instances {
            let services = try BounceWorker(configuration: configuration, logger: logger).makeServices()
            groups.append(
                ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: services.map { .init(service: $0) }, logger: logger)))
        }
        progress(
            "started \(instances) worker instances in groups \(configuration.classifyGroupID) and \(configuration.policyGroupID)"
        )

        let reader = TopicReader(connection: connection, partitions: partitions)
        let outcome = try await withThrowingTaskGroup(of: Void.self) { group -> Outcome in
            for serviceGroup in groups { group.addTask { try await serviceGroup.run() } }
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: timeout)
            var commandsSent = false
            var lastLine = ""
            var previousSnapshot: [Int] = []
            var outcome = Outcome(
                bounceLog: [], statusChanges: [], blacklist: [], deadLetters: [], inputsPublished: inputs.count)
            while clock.now < deadline {
                outcome.bounceLog = try await reader.records(topics.bounceLog)
                outcome.statusChanges = try await reader.records(topics.subscriberStatus)
                outcome.blacklist = try await reader.records(topics.blacklist)
                outcome.deadLetters = try await reader.records(topics.deadLetter)
                let line =
                    "progress: \(outcome.bounceLog.count) bounce-log rows, \(outcome.statusChanges.count) status changes, "
                    + "\(outcome.blacklist.count) blacklist changes, \(outcome.deadLetters.count) dead letters"
                if line != lastLine {
                    progress(line)
                    lastLine = line
                }
                let addressesDone = Set(
                    outcome.blacklist.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } })
                if !commandsSent, addressesDone.isSuperset(of: commands.compactMap(\.address)) {
                    for command in commands {
                        _ = try await producer.send(
                            KafkaProducerRecord(topic: topics.commands, key: command.key, value: command.value))
                    }
                    progress("published \(commands.count) operator command(s) to \(topics.commands)")
                    commandsSent = true
                }
                let snapshot = [
                    outcome.bounceLog.count, outcome.statusChanges.count, outcome.blacklist.count,
                    outcome.deadLetters.count,
                ]
                // Done when everything expected arrived and nothing moved for one more round.
                if commandsSent, outcome.blacklist.count >= expectedBlacklistChanges(commands: commands.count),
                    outcome.deadLetters.count >= 1, snapshot == previousSnapshot
                {
                    break
                }
                previousSnapshot = snapshot
                try await Task.sleep(for: .milliseconds(400))
            }
            progress("stopping the workers (graceful shutdown: drain, flush, commit, leave the group)")
            for serviceGroup in groups { await serviceGroup.triggerGracefulShutdown() }
            try await group.waitForAll()
            return outcome
        }
        await producer.close()
        return outcome
    }

    /// The blacklist changes the bundled samples lead to: one add per dead address, one remove per command.
    private func expectedBlacklistChanges(commands: Int) -> Int {
        guard let inputs = try? sampleInputs() else { return commands }
        var dead = Set<String>()
        for input in inputs {
            for result in (try? BounceClassifier().classify(input.value)) ?? [] where result.action == .blacklist {
                dead.insert(result.recipient)
            }
        }
        return dead.count + commands
    }

    private struct Input: Sendable {
        let key: [UInt8]?
        let value: [UInt8]
        var address: String? = nil
    }

    /// The sample inputs, in name order, plus an exact duplicate of the first and one garbage message.
    private func sampleInputs() throws -> [Input] {
        let manager = FileManager.default
        let names = try manager.contentsOfDirectory(atPath: samplesDirectory).sorted()
        var inputs: [Input] = []
        for name in names where !name.hasPrefix(".") {
            let path = (samplesDirectory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = manager.contents(atPath: path)
            else { continue }
            inputs.append(Input(key: Array(name.utf8), value: Array(data)))
        }
        if let first = inputs.first {
            inputs.append(
                Input(
                    key: Array("duplicate-of-\(String(decoding: first.key ?? [], as: UTF8.self))".utf8),
                    value: first.value))
        }
        inputs.append(
            Input(key: Array("garbage".utf8), value: [0xFF, 0xFE, 0x00, 0x42, 0x13, 0x37] + Array("{not json".utf8)))
        return inputs
    }

    private func commandInputs() throws -> [Input] {
        let directory = (samplesDirectory as NSString).appendingPathComponent("commands")
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().compactMap { name in
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = manager.contents(atPath: path) else { return nil }
            let object = try? JSONParser().parse(Array(data)).objectValue
            let address = object?["address"]?.stringValue.map(BounceClassifier.normalizedAddress)
            return Input(key: address.map { Array($0.utf8) }, value: Array(data), address: address)
        }
    }
}

/// Reads whole topics (every partition) for the demo and tests.
public struct TopicReader: Sendable {
    /// How to reach the brokers.
    public let connection: KafkaConnectionConfiguration
    /// The partition count of the topics read.
    public let partitions: Int

    /// Creates a reader.
    public init(connection: KafkaConnectionConfiguration, partitions: Int) {
        self.connection = connection
        self.partitions = partitions
    }

    /// Every record of `topic`, partition by partition.
    public func records(_ topic: String) async throws -> [KafkaMessage] {
        var all: [KafkaMessage] = []
        for partition in 0..<partitions {
            all += try await KafkaPartitionReader.messages(
                topic: topic, partition: Int32(partition), connection: connection, timeout: .seconds(30))
        }
        return all
    }
}

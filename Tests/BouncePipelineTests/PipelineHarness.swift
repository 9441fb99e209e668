import BounceClassifier
import BouncePipeline
import Foundation
import KafkaClient
import Logging
import ServiceLifecycle
import Testing

/// An in-process mock cluster with the worker's topics, and helpers to feed inputs, run worker instances
/// and read what they published.
final class PipelineHarness: Sendable {
    let cluster: KafkaMockCluster
    let topics = TopicNames()
    let partitions: Int
    let logger: Logger

    init(partitions: Int = 4) throws {
        cluster = try KafkaMockCluster(brokers: 1)
        self.partitions = partitions
        var logger = Logger(label: "pipeline-test")
        logger.logLevel = ProcessInfo.processInfo.environment["BOUNCEWORKER_TEST_LOG"] == nil ? .critical : .debug
        self.logger = logger
        for topic in [
            topics.raw, topics.commands, topics.classified, topics.policyState, topics.bounceLog,
            topics.subscriberStatus, topics.blacklist, topics.deadLetter,
        ] {
            try cluster.createTopic(name: topic, partitions: partitions)
        }
    }

    var connection: KafkaConnectionConfiguration {
        KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers])
    }

    func configuration(policy: SuppressionPolicy = .standard, limits: FlowLimits = FlowLimits()) -> WorkerConfiguration
    {
        WorkerConfiguration(
            connection: connection, policy: PolicyConfiguration(policy: policy), limits: limits,
            sessionTimeout: .milliseconds(4000), heartbeatInterval: .milliseconds(300), statisticsInterval: nil,
            additionalKafkaProperties: ["fetch.wait.max.ms": "50", "topic.metadata.refresh.interval.ms": "2000"])
    }

    /// Produces `values` to `topic` (keys optional), waiting for every acknowledgement.
    func produce(_ values: [(key: String?, value: [UInt8], headers: [KafkaHeader])], to topic: String) async throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(connection: connection, messageTimeout: .seconds(30)),
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for value in values {
                let ticket = try await producer.submit(
                    KafkaProducerRecord(
                        topic: topic, key: value.key.map { Array($0.utf8) }, value: value.value, headers: value.headers)
                )
                group.addTask { _ = try await ticket.wait() }
            }
            try await group.waitForAll()
        }
        await producer.close()
    }

    /// Every record of `topic`, partition by partition.
    func records(_ topic: String) async throws -> [KafkaMessage] {
        var all: [KafkaMessage] = []
        for partition in 0..<partitions {
            all += try await KafkaPartitionReader.messages(
                topic: topic, partition: Int32(partition), connection: connection, timeout: .seconds(30))
        }
        return all
    }

    /// The records of `topic` decoded as JSON objects.
    func objects(_ topic: String) async throws -> [JSONObject] {
        try await records(topic).compactMap { try? JSONParser().parse($0.value).objectValue }
    }

    /// Runs `instances` worker instances until `done` holds (or `timeout` passes), then shuts them down
    /// gracefully and waits for them.
    func runWorkers(
        instances: Int = 1, policy: SuppressionPolicy = .standard, limits: FlowLimits = FlowLimits(),
        timeout: Duration = .seconds(60), until done: @escaping @Sendable () async throws -> Bool
    ) async throws {
        var groups: [ServiceGroup] = []
        for _ in 0..<instances {
            let worker = BounceWorker(configuration: configuration(policy: policy, limits: limits), logger: logger)
            groups.append(
                ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: try worker.makeServices().map { .init(service: $0) }, logger: logger)))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for serviceGroup in groups { group.addTask { try await serviceGroup.run() } }
            let deadline = ContinuousClock.now + timeout
            var finished = false
            while ContinuousClock.now < deadline {
                if try await done() {
                    finished = true
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            for serviceGroup in groups { await serviceGroup.triggerGracefulShutdown() }
            try await group.waitForAll()
            #expect(finished, "the workers did not reach the expected state within \(timeout)")
        }
    }
}

/// The path of a file in the repository.
func repositoryFile(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relative).path
}

import CRdKafka
import Logging

/// A topic to create with ``KafkaAdminClient/createTopics(_:ignoreExisting:timeout:)``.
public struct KafkaTopicSpec: Sendable, Hashable {
    /// Topic name.
    public var name: String
    /// Number of partitions.
    public var partitions: Int
    /// Replicas per partition.
    public var replicationFactor: Int
    /// Topic configuration, e.g. `["cleanup.policy": "compact"]`.
    public var config: [String: String]

    /// Creates a topic specification.
    public init(name: String, partitions: Int, replicationFactor: Int = 3, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}

/// What the cluster's metadata says about a topic.
public struct KafkaTopicDescription: Sendable, Hashable {
    /// One partition of the topic.
    public struct Partition: Sendable, Hashable {
        /// Partition number.
        public var id: Int32
        /// Broker id of the leader, or -1 without leader.
        public var leader: Int32
        /// Broker ids of the replicas.
        public var replicas: [Int32]
    }

    /// Topic name.
    public var name: String
    /// Partitions, ordered by id.
    public var partitions: [Partition]
}

/// Topic administration for a real Kafka cluster (the mock cluster supports metadata but
/// not CreateTopics — use ``KafkaMockCluster/createTopic(name:partitions:replicationFactor:)``).
///
/// Every call blocks on librdkafka and therefore runs on a dedicated thread.
public final class KafkaAdminClient: Sendable {
    private let handle: RdKafkaHandle
    private let opaque: RetainedOpaque

    /// `@unchecked Sendable`: released exactly once, in `deinit`.
    private struct RetainedOpaque: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    /// Creates an admin client.
    public init(
        connection: KafkaConnectionConfiguration,
        additionalProperties: [String: String] = [:],
        logger: Logger = Logger(label: "kafka.admin")
    ) throws {
        var properties = connection.properties
        properties.merge(additionalProperties) { _, new in new }
        let conf = try RdKafkaConfiguration.make(properties)
        let opaque = CallbackContext(logger: logger).install(on: conf)
        do {
            handle = RdKafkaHandle(pointer: try RdKafkaConfiguration.newClient(type: RD_KAFKA_PRODUCER, conf: conf))
        } catch {
            CallbackContext.release(opaque)
            throw error
        }
        self.opaque = RetainedOpaque(pointer: opaque)
    }

    deinit {
        // Calls capture `self`, so none is running any more.
        rd_kafka_destroy(handle.pointer)
        CallbackContext.release(opaque.pointer)
    }

    /// Creates topics; with `ignoreExisting` a topic that already exists counts as success.
    /// Throws the first per-topic error.
    public func createTopics(
        _ topics: [KafkaTopicSpec],
        ignoreExisting: Bool = true,
        timeout: Duration = .seconds(30)
    ) async throws {
        guard !topics.isEmpty else { return }
        try await DedicatedThread.run(name: "kafka-admin") { [self] in
            try createTopicsBlocking(topics, ignoreExisting: ignoreExisting, timeout: timeout)
        }
    }

    /// Describes topics from the cluster metadata; throws when one of them does not exist.
    public func describeTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws
        -> [KafkaTopicDescription]
    {
        try await DedicatedThread.run(name: "kafka-admin") { [self] in
            let all = try metadataBlocking(timeout: timeout)
            return try names.map { name in
                guard let topic = all[name] else {
                    throw KafkaError.from(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, context: "describe \(name)")
                }
                return topic
            }
        }
    }

    private func createTopicsBlocking(_ topics: [KafkaTopicSpec], ignoreExisting: Bool, timeout: Duration) throws {
        let rk = handle.pointer
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer {
            for topic in newTopics { rd_kafka_NewTopic_destroy(topic) }
        }
        for spec in topics {
            guard
                let topic = rd_kafka_NewTopic_new(
                    spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &errorText, errorText.count)
            else {
                throw KafkaError.client("Topic \(spec.name): \(CString.text(errorText))")
            }
            newTopics.append(topic)
            for (key, value) in spec.config.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(topic, key, value)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError.from(err, context: "config \(key) of topic \(spec.name)")
                }
            }
        }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(
            options, Int32(clamping: timeout.milliseconds), &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(
            options, Int32(clamping: timeout.milliseconds), &errorText, errorText.count)
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(rk, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, Int32(clamping: timeout.milliseconds + 5000)) else {
            throw KafkaError.from(RD_KAFKA_RESP_ERR__TIMED_OUT, context: "create topics")
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            var error = KafkaError.from(err, context: "create topics")
            if let text = rd_kafka_event_error_string(event) { error.message = String(cString: text) }
            throw error
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
            let results = rd_kafka_CreateTopics_result_topics(result, &count)
        else { return }
        for index in 0..<count {
            guard let topicResult = results[index] else { continue }
            let topicErr = rd_kafka_topic_result_error(topicResult)
            if topicErr == RD_KAFKA_RESP_ERR_NO_ERROR { continue }
            if topicErr == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS && ignoreExisting { continue }
            let name = rd_kafka_topic_result_name(topicResult).map { String(cString: $0) } ?? "?"
            var error = KafkaError.from(topicErr, context: "create topic \(name)")
            if let text = rd_kafka_topic_result_error_string(topicResult) {
                error.message = "create topic \(name): \(String(cString: text))"
            }
            throw error
        }
    }

    private func metadataBlocking(timeout: Duration) throws -> [String: KafkaTopicDescription] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle.pointer, 1, nil, &metadata, Int32(clamping: timeout.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError.from(err, context: "metadata") }
        defer { rd_kafka_metadata_destroy(metadata) }
        var result: [String: KafkaTopicDescription] = [:]
        guard let topics = metadata.pointee.topics else { return result }
        for topicIndex in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = topics[topicIndex]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR, let name = topic.topic.map({ String(cString: $0) }) else {
                continue
            }
            var partitions: [KafkaTopicDescription.Partition] = []
            if let parts = topic.partitions {
                for partIndex in 0..<Int(topic.partition_cnt) {
                    let part = parts[partIndex]
                    let replicas =
                        part.replicas.map { pointer in
                            (0..<Int(part.replica_cnt)).map { pointer[$0] }
                        } ?? []
                    partitions.append(.init(id: part.id, leader: part.leader, replicas: replicas))
                }
            }
            result[name] = KafkaTopicDescription(name: name, partitions: partitions.sorted { $0.id < $1.id })
        }
        return result
    }
}

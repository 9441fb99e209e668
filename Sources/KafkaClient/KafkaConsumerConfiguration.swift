/// Settings of a ``KafkaConsumer``.
///
/// The typed fields map onto librdkafka properties; anything else can be set through
/// ``additionalProperties``, which wins over the typed fields. Prefetching is kept
/// conservative by default so that a consumer whose partitions are paused holds little
/// memory: at most ``queuedMaxMessagesKBytes`` in librdkafka's fetch queue plus
/// ``bufferCapacity`` messages in this layer's buffer.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where to start when the group has no committed offset (`auto.offset.reset`).
    public enum AutoOffsetReset: String, Sendable {
        /// Start at the oldest retained message.
        case earliest
        /// Start after the newest message.
        case latest
        /// Fail the partition with an error.
        case error
    }

    /// Partition assignment strategy (`partition.assignment.strategy`).
    public enum AssignmentStrategy: String, Sendable {
        /// Incremental (COOPERATIVE) rebalancing: only moved partitions are revoked.
        case cooperativeSticky = "cooperative-sticky"
        /// EAGER range assignment: every rebalance revokes all partitions first.
        case range
        /// EAGER round-robin assignment.
        case roundRobin = "roundrobin"
    }

    /// Brokers, client id and security settings.
    public var connection: KafkaConnectionConfiguration
    /// Consumer group (`group.id`). Required.
    public var groupID: String
    /// Default: ``AutoOffsetReset/earliest``.
    public var autoOffsetReset: AutoOffsetReset
    /// Default: ``AssignmentStrategy/cooperativeSticky``.
    public var assignmentStrategy: AssignmentStrategy
    /// Commit stored offsets periodically (`enable.auto.commit`). Default: `true`.
    public var enableAutoCommit: Bool
    /// Period of automatic commits (`auto.commit.interval.ms`). Default: 5 s.
    public var autoCommitInterval: Duration
    /// Store the offset of every message handed out (`enable.auto.offset.store`).
    /// Default: `false` — the application calls ``KafkaConsumer/storeOffset(topic:partition:offset:)``
    /// once a message is fully processed.
    public var enableAutoOffsetStore: Bool
    /// Group session timeout (`session.timeout.ms`). Default: 45 s.
    public var sessionTimeout: Duration
    /// Heartbeat period (`heartbeat.interval.ms`). Default: 3 s.
    public var heartbeatInterval: Duration
    /// Maximum time between polls before the member leaves the group (`max.poll.interval.ms`).
    /// This layer polls continuously on its own thread, so it only trips when the rebalance
    /// handler blocks that long. Default: 300 s.
    public var maxPollInterval: Duration
    /// Upper bound of librdkafka's fetch queue in KiB (`queued.max.messages.kbytes`). Default: 8192 (8 MiB).
    public var queuedMaxMessagesKBytes: Int
    /// Minimum messages per partition librdkafka tries to prefetch (`queued.min.messages`). Default: 1000.
    public var queuedMinMessages: Int
    /// Maximum bytes per fetch response (`fetch.max.bytes`). Default: 8 MiB.
    public var fetchMaxBytes: Int
    /// Maximum bytes per partition and fetch (`max.partition.fetch.bytes`). Default: 1 MiB.
    public var maxPartitionFetchBytes: Int
    /// The longest a broker may hold a fetch that finds no new records (`fetch.wait.max.ms`). Kafka answers
    /// as soon as records arrive, so on Kafka this only sets how often an idle consumer asks; a broker that
    /// answers an empty fetch only after the whole wait (librdkafka's mock cluster) adds up to this much
    /// latency per fetch. Default: 500 ms (librdkafka's).
    public var fetchWaitMax: Duration
    /// Messages this layer buffers between its poll thread and ``KafkaConsumer/messages``.
    /// When the buffer is full the layer pauses fetching (the poll thread keeps polling so
    /// the group membership survives) and resumes once half of it was drained. Default: 1000.
    public var bufferCapacity: Int
    /// Period of librdkafka statistics (`statistics.interval.ms`); `nil` turns them off. Default: `nil`.
    public var statisticsInterval: Duration?
    /// Any other librdkafka property, e.g. `["fetch.wait.max.ms": "100"]`. Overrides typed fields.
    public var additionalProperties: [String: String]

    /// Creates consumer settings; every parameter but `groupID` has the documented default.
    public init(
        groupID: String,
        connection: KafkaConnectionConfiguration = .init(),
        autoOffsetReset: AutoOffsetReset = .earliest,
        assignmentStrategy: AssignmentStrategy = .cooperativeSticky,
        enableAutoCommit: Bool = true,
        autoCommitInterval: Duration = .seconds(5),
        enableAutoOffsetStore: Bool = false,
        sessionTimeout: Duration = .seconds(45),
        heartbeatInterval: Duration = .seconds(3),
        maxPollInterval: Duration = .seconds(300),
        queuedMaxMessagesKBytes: Int = 8192,
        queuedMinMessages: Int = 1000,
        fetchMaxBytes: Int = 8 * 1024 * 1024,
        maxPartitionFetchBytes: Int = 1024 * 1024,
        fetchWaitMax: Duration = .milliseconds(500),
        bufferCapacity: Int = 1000,
        statisticsInterval: Duration? = nil,
        additionalProperties: [String: String] = [:]
    ) {
        self.groupID = groupID
        self.connection = connection
        self.autoOffsetReset = autoOffsetReset
        self.assignmentStrategy = assignmentStrategy
        self.enableAutoCommit = enableAutoCommit
        self.autoCommitInterval = autoCommitInterval
        self.enableAutoOffsetStore = enableAutoOffsetStore
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.maxPollInterval = maxPollInterval
        self.queuedMaxMessagesKBytes = queuedMaxMessagesKBytes
        self.queuedMinMessages = queuedMinMessages
        self.fetchMaxBytes = fetchMaxBytes
        self.maxPartitionFetchBytes = maxPartitionFetchBytes
        self.fetchWaitMax = fetchWaitMax
        self.bufferCapacity = bufferCapacity
        self.statisticsInterval = statisticsInterval
        self.additionalProperties = additionalProperties
    }

    /// All librdkafka properties this configuration stands for.
    public var properties: [String: String] {
        var result = connection.properties
        result["group.id"] = groupID
        result["auto.offset.reset"] = autoOffsetReset.rawValue
        result["partition.assignment.strategy"] = assignmentStrategy.rawValue
        result["enable.auto.commit"] = String(enableAutoCommit)
        result["auto.commit.interval.ms"] = String(autoCommitInterval.milliseconds)
        result["enable.auto.offset.store"] = String(enableAutoOffsetStore)
        result["session.timeout.ms"] = String(sessionTimeout.milliseconds)
        result["heartbeat.interval.ms"] = String(heartbeatInterval.milliseconds)
        result["max.poll.interval.ms"] = String(maxPollInterval.milliseconds)
        result["queued.max.messages.kbytes"] = String(queuedMaxMessagesKBytes)
        result["queued.min.messages"] = String(queuedMinMessages)
        result["fetch.max.bytes"] = String(fetchMaxBytes)
        result["max.partition.fetch.bytes"] = String(maxPartitionFetchBytes)
        result["fetch.wait.max.ms"] = String(fetchWaitMax.milliseconds)
        result["statistics.interval.ms"] = String(statisticsInterval?.milliseconds ?? 0)
        // The layer's poll thread reads the consumer queue; partition EOF events are not used.
        result["enable.partition.eof"] = "false"
        result.merge(additionalProperties) { _, new in new }
        return result
    }

    /// ``properties`` rendered one per line with secrets masked; safe to log.
    public var redactedDescription: String {
        KafkaConfigurationRedaction.describe(properties)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}

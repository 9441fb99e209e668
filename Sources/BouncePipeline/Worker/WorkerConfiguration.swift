import BounceClassifier
import KafkaClient

/// Everything the worker needs to run. Every field has a documented default; `bounce-worker run` reads
/// them from environment variables and an optional file (see ``WorkerSettings``).
public struct WorkerConfiguration: Sendable {
    /// Which stages a process runs.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// Raw inputs → classified results.
        case classify
        /// Classified results → bounce log, statuses, blacklist.
        case policy
    }

    /// How to reach Kafka (brokers, TLS, SASL).
    public var connection: KafkaConnectionConfiguration
    /// Topic names.
    public var topics: TopicNames
    /// The classify stage's consumer group. Default `bounce-worker-classify`.
    public var classifyGroupID: String
    /// The policy stage's consumer group. Default `bounce-worker-policy`.
    public var policyGroupID: String
    /// The stages this process runs. Default both.
    public var stages: Set<Stage>
    /// Suppression policy, escalation and duplicate settings.
    public var policy: PolicyConfiguration
    /// In-flight bounds per stage.
    public var limits: FlowLimits
    /// Records the producer holds unacknowledged before `submit` waits. Default 20,000.
    public var producerMaxInFlight: Int
    /// Consumer group session timeout. Default 10 s.
    public var sessionTimeout: Duration
    /// Consumer heartbeat interval. Default 1 s.
    public var heartbeatInterval: Duration
    /// Partition assignment strategy. Default cooperative-sticky.
    public var assignmentStrategy: KafkaConsumerConfiguration.AssignmentStrategy
    /// librdkafka's prefetch bound, in KiB (`queued.max.messages.kbytes`). Default 16,384.
    ///
    /// While the consumer's queue holds more than this, librdkafka (2.0.2) does not fetch, and it looks again
    /// only after up to a second (librdkafka 2.4 made that wait `fetch.queue.backoff.ms`), so a stage that
    /// drains the bound in less than a second idles for the rest of it. On a backlog of the mock cluster the
    /// classify stage alone reached ~95,000 msg/s with 16,384 and ~150,000 with 32,768; the whole pipeline,
    /// bound by its CPU, gained nothing, and its peak RSS with a slowed broker went to 177–213 MB (the bound
    /// is 200). Raise it where the classify stage runs alone and memory allows.
    ///
    /// The fetcher checks the bound against the consumer's whole queue (its debug log reports the whole queue's
    /// figures for each partition; librdkafka issue 4137), but fetches already sent when the queue crosses it
    /// still arrive, so it does not bound memory on its own: the stage's memory is bounded by pausing its
    /// partitions when it stays at its total in-flight bound (``FlowLimits/maxInFlightTotal``,
    /// ``FlowLimits/totalBoundGrace``), which also drops what librdkafka prefetched for them.
    /// `queued.min.messages` keeps librdkafka's default (100,000): a lower value backs every partition off
    /// after each fetch and caps throughput. A smaller bound costs throughput where the broker returns one
    /// record batch per fetch (the mock cluster: 4 MiB halves it).
    public var prefetchKilobytes: Int
    /// The longest a broker may hold an empty fetch (`fetch.wait.max.ms`). Default 10 ms: where a broker
    /// answers an empty fetch only after the whole wait (the mock cluster), each stage adds up to this much
    /// latency; on Kafka it only sets how often an idle consumer asks (raise it for large idle fleets).
    public var fetchWaitMax: Duration
    /// How long a revoke waits for in-flight messages before abandoning them. Default 10 s.
    public var revokeTimeout: Duration
    /// How long a state restore may take before it is retried. Default 120 s.
    public var restoreTimeout: Duration
    /// How long shutdown may take to drain, flush and commit. Default 30 s.
    public var drainTimeout: Duration
    /// librdkafka statistics interval; `nil` turns statistics off. Default 5 s.
    public var statisticsInterval: Duration?
    /// Extra librdkafka properties for every client.
    public var additionalKafkaProperties: [String: String]
    /// The metrics and health endpoints.
    public var operations: OperationsConfiguration

    /// Creates a configuration; every parameter has the documented default.
    public init(
        connection: KafkaConnectionConfiguration = KafkaConnectionConfiguration(), topics: TopicNames = TopicNames(),
        classifyGroupID: String = "bounce-worker-classify", policyGroupID: String = "bounce-worker-policy",
        stages: Set<Stage> = Set(Stage.allCases), policy: PolicyConfiguration = PolicyConfiguration(),
        limits: FlowLimits = FlowLimits(), producerMaxInFlight: Int = 20_000, sessionTimeout: Duration = .seconds(10),
        heartbeatInterval: Duration = .seconds(1),
        assignmentStrategy: KafkaConsumerConfiguration.AssignmentStrategy = .cooperativeSticky,
        prefetchKilobytes: Int = 16_384, fetchWaitMax: Duration = .milliseconds(10),
        revokeTimeout: Duration = .seconds(10),
        restoreTimeout: Duration = .seconds(120),
        drainTimeout: Duration = .seconds(30), statisticsInterval: Duration? = .seconds(5),
        additionalKafkaProperties: [String: String] = [:],
        operations: OperationsConfiguration = OperationsConfiguration()
    ) {
        self.connection = connection
        self.topics = topics
        self.classifyGroupID = classifyGroupID
        self.policyGroupID = policyGroupID
        self.stages = stages
        self.policy = policy
        self.limits = limits
        self.producerMaxInFlight = producerMaxInFlight
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.assignmentStrategy = assignmentStrategy
        self.prefetchKilobytes = prefetchKilobytes
        self.fetchWaitMax = fetchWaitMax
        self.revokeTimeout = revokeTimeout
        self.restoreTimeout = restoreTimeout
        self.drainTimeout = drainTimeout
        self.statisticsInterval = statisticsInterval
        self.additionalKafkaProperties = additionalKafkaProperties
        self.operations = operations
    }

    /// The consumer settings of a stage.
    public func consumerConfiguration(groupID: String) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            groupID: groupID, connection: connection, autoOffsetReset: .earliest,
            assignmentStrategy: assignmentStrategy, enableAutoCommit: true, autoCommitInterval: .seconds(1),
            enableAutoOffsetStore: false, sessionTimeout: sessionTimeout, heartbeatInterval: heartbeatInterval,
            queuedMaxMessagesKBytes: prefetchKilobytes, queuedMinMessages: 100_000, fetchWaitMax: fetchWaitMax,
            bufferCapacity: max(100, limits.maxInFlightPerPartition), statisticsInterval: statisticsInterval,
            additionalProperties: additionalKafkaProperties)
    }

    /// The producer settings.
    public var producerConfiguration: KafkaProducerConfiguration {
        KafkaProducerConfiguration(
            connection: connection, enableIdempotence: true, acks: .all, linger: .milliseconds(5),
            queueBufferingMaxMessages: max(100_000, producerMaxInFlight * 2), maxInFlightMessages: producerMaxInFlight,
            statisticsInterval: statisticsInterval, additionalProperties: additionalKafkaProperties)
    }
}

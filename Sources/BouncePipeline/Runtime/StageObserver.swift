import BounceClassifier
import Foundation
import KafkaClient

/// Receives a stage's progress: its life cycle, assignments, restores, flow control, what its processor
/// decided, acknowledgements, retries and the consumer's statistics. Used for metrics and health; every
/// method has an empty default. The methods are called on the stages' hot paths: they must be cheap and
/// must never block.
public protocol StageObserver: Sendable {
    /// The stage subscribed to its topics.
    func stageStarted(_ stage: String)
    /// The stage began its graceful shutdown (it stops reading and drains).
    func stageStopping(_ stage: String)
    /// The stage drained, committed and left the group.
    func stageStopped(_ stage: String)
    /// The stage's periodic tick (about once a second while it runs), with its flow-control figures.
    func heartbeat(_ stage: String, inFlight: Int, pausedPartitions: Int, assignedPartitions: Int)
    /// Partitions were assigned to the stage (possibly none: the member joined with an empty share).
    func assigned(_ partitions: [KafkaTopicPartition], stage: String)
    /// Partitions were revoked (`lost` when the member was thrown out of the group).
    func revoked(_ partitions: [KafkaTopicPartition], stage: String, lost: Bool)
    /// A partition's first message arrived; its state is being prepared (restored).
    func preparing(_ partition: KafkaTopicPartition, stage: String)
    /// A partition's state is ready and its messages are being processed.
    func partitionReady(_ partition: KafkaTopicPartition, stage: String)
    /// Partitions were paused because an in-flight bound was hit.
    func paused(_ partitions: [KafkaTopicPartition], stage: String)
    /// Paused partitions were resumed.
    func resumed(_ partitions: [KafkaTopicPartition], stage: String)
    /// Every record a message of `partition` produced was acknowledged; `inputTimestamp` is the message's own
    /// timestamp (when Kafka has one).
    func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamp: Date?)
    /// Every record of a run of messages of `partition` was acknowledged; `inputTimestamps` are the messages'
    /// own timestamps, in offset order. By default ``completed(_:stage:inputTimestamp:)`` once per message.
    func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamps: [Date?])
    /// Producing a record to `topic` failed (it is produced again).
    func produceFailed(topic: String)
    /// A record to `topic` had to be produced again.
    func produceRetried(topic: String)
    /// The stage's consumer reported librdkafka statistics.
    func statistics(_ statistics: KafkaStatistics, stage: String)
    /// The stage's consumer reported an error (most are transient: librdkafka retries).
    func consumerError(_ error: KafkaError, stage: String)
    /// The classify stage read one raw input and classified it into `results` (`format` is what it was read
    /// as).
    func classified(_ results: [BounceResult], format: InputFormat)
    /// The classify stage forwarded one operator command.
    func commandForwarded()
    /// A stage sent one input to the dead-letter topic; `kind` is the error kind.
    func deadLettered(stage: String, kind: String)
    /// The policy stage applied one input to the state of its address.
    func policyApplied(_ outcome: PolicyOutcome)
    /// The policy stage holds `addresses` addresses for changelog partition `partition`.
    func stateSize(partition: Int32, addresses: Int)
    /// A policy partition's state was restored from its changelog in `seconds`.
    func stateRestored(partition: Int32, addresses: Int, seconds: Double)
}

extension StageObserver {
    /// Does nothing.
    public func stageStarted(_ stage: String) {}
    /// Does nothing.
    public func stageStopping(_ stage: String) {}
    /// Does nothing.
    public func stageStopped(_ stage: String) {}
    /// Does nothing.
    public func heartbeat(_ stage: String, inFlight: Int, pausedPartitions: Int, assignedPartitions: Int) {}
    /// Does nothing.
    public func assigned(_ partitions: [KafkaTopicPartition], stage: String) {}
    /// Does nothing.
    public func revoked(_ partitions: [KafkaTopicPartition], stage: String, lost: Bool) {}
    /// Does nothing.
    public func preparing(_ partition: KafkaTopicPartition, stage: String) {}
    /// Does nothing.
    public func partitionReady(_ partition: KafkaTopicPartition, stage: String) {}
    /// Does nothing.
    public func paused(_ partitions: [KafkaTopicPartition], stage: String) {}
    /// Does nothing.
    public func resumed(_ partitions: [KafkaTopicPartition], stage: String) {}
    /// Does nothing.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamp: Date?) {}
    /// Calls ``completed(_:stage:inputTimestamp:)`` for each message.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamps: [Date?]) {
        for timestamp in inputTimestamps { completed(partition, stage: stage, inputTimestamp: timestamp) }
    }
    /// Does nothing.
    public func produceFailed(topic: String) {}
    /// Does nothing.
    public func produceRetried(topic: String) {}
    /// Does nothing.
    public func statistics(_ statistics: KafkaStatistics, stage: String) {}
    /// Does nothing.
    public func consumerError(_ error: KafkaError, stage: String) {}
    /// Does nothing.
    public func classified(_ results: [BounceResult], format: InputFormat) {}
    /// Does nothing.
    public func commandForwarded() {}
    /// Does nothing.
    public func deadLettered(stage: String, kind: String) {}
    /// Does nothing.
    public func policyApplied(_ outcome: PolicyOutcome) {}
    /// Does nothing.
    public func stateSize(partition: Int32, addresses: Int) {}
    /// Does nothing.
    public func stateRestored(partition: Int32, addresses: Int, seconds: Double) {}
}

import KafkaClient

/// Receives a stage's progress: assignments, readiness, flow control and retries. Used for metrics and
/// health; every method has an empty default.
public protocol StageObserver: Sendable {
    /// Partitions were assigned to the stage.
    func assigned(_ partitions: [KafkaTopicPartition])
    /// Partitions were revoked (or lost).
    func revoked(_ partitions: [KafkaTopicPartition])
    /// A partition's state is ready and its messages are being processed.
    func partitionReady(_ partition: KafkaTopicPartition)
    /// Partitions were paused because an in-flight bound was hit.
    func paused(_ partitions: [KafkaTopicPartition])
    /// Paused partitions were resumed.
    func resumed(_ partitions: [KafkaTopicPartition])
    /// A message of `partition` was completed.
    func completed(_ partition: KafkaTopicPartition)
    /// A record to `topic` had to be produced again.
    func produceRetried(topic: String)
}

extension StageObserver {
    /// Does nothing.
    public func assigned(_ partitions: [KafkaTopicPartition]) {}
    /// Does nothing.
    public func revoked(_ partitions: [KafkaTopicPartition]) {}
    /// Does nothing.
    public func partitionReady(_ partition: KafkaTopicPartition) {}
    /// Does nothing.
    public func paused(_ partitions: [KafkaTopicPartition]) {}
    /// Does nothing.
    public func resumed(_ partitions: [KafkaTopicPartition]) {}
    /// Does nothing.
    public func completed(_ partition: KafkaTopicPartition) {}
    /// Does nothing.
    public func produceRetried(topic: String) {}
}

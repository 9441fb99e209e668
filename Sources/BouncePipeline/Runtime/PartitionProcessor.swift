import KafkaClient

/// What processing one input message produced.
public struct ProcessedMessage: Sendable {
    /// Records to publish now, in this order.
    public var outputs: [KafkaProducerRecord]
    /// Records to publish only after every output was acknowledged (the state changelog), in this order.
    public var followUps: [KafkaProducerRecord]

    /// Creates a value.
    public init(outputs: [KafkaProducerRecord] = [], followUps: [KafkaProducerRecord] = []) {
        self.outputs = outputs
        self.followUps = followUps
    }
}

/// The logic of one stage, run by ``PartitionedStage`` for every assigned partition.
///
/// ``prepare(_:)`` runs once when a partition's first message arrives after assignment (the policy stage
/// restores its state there); ``process(_:state:)`` runs for each message of that partition, in offset
/// order, on the partition's own task, so the state needs no locking.
public protocol PartitionProcessor: Sendable {
    /// Whatever the stage keeps per partition.
    associatedtype PartitionState

    /// Builds the state of a newly assigned partition.
    func prepare(_ partition: KafkaTopicPartition) async throws -> PartitionState

    /// Processes one message.
    func process(_ message: KafkaMessage, state: inout PartitionState) -> ProcessedMessage
}

import BounceClassifier
import Foundation
import KafkaClient

/// Passes every event to each of several observers, in order (e.g. metrics and health).
public struct StageObservers: StageObserver {
    /// The observers.
    public let observers: [any StageObserver]

    /// Creates a fan-out over `observers`.
    public init(_ observers: [any StageObserver]) {
        self.observers = observers
    }

    /// Forwards to every observer.
    public func stageStarted(_ stage: String) { for o in observers { o.stageStarted(stage) } }
    /// Forwards to every observer.
    public func stageStopping(_ stage: String) { for o in observers { o.stageStopping(stage) } }
    /// Forwards to every observer.
    public func stageStopped(_ stage: String) { for o in observers { o.stageStopped(stage) } }
    /// Forwards to every observer.
    public func heartbeat(_ stage: String, inFlight: Int, pausedPartitions: Int, assignedPartitions: Int) {
        for o in observers {
            o.heartbeat(
                stage, inFlight: inFlight, pausedPartitions: pausedPartitions, assignedPartitions: assignedPartitions)
        }
    }
    /// Forwards to every observer.
    public func assigned(_ partitions: [KafkaTopicPartition], stage: String) {
        for o in observers { o.assigned(partitions, stage: stage) }
    }
    /// Forwards to every observer.
    public func revoked(_ partitions: [KafkaTopicPartition], stage: String, lost: Bool) {
        for o in observers { o.revoked(partitions, stage: stage, lost: lost) }
    }
    /// Forwards to every observer.
    public func preparing(_ partition: KafkaTopicPartition, stage: String) {
        for o in observers { o.preparing(partition, stage: stage) }
    }
    /// Forwards to every observer.
    public func partitionReady(_ partition: KafkaTopicPartition, stage: String) {
        for o in observers { o.partitionReady(partition, stage: stage) }
    }
    /// Forwards to every observer.
    public func paused(_ partitions: [KafkaTopicPartition], stage: String) {
        for o in observers { o.paused(partitions, stage: stage) }
    }
    /// Forwards to every observer.
    public func resumed(_ partitions: [KafkaTopicPartition], stage: String) {
        for o in observers { o.resumed(partitions, stage: stage) }
    }
    /// Forwards to every observer.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamp: Date?) {
        for o in observers { o.completed(partition, stage: stage, inputTimestamp: inputTimestamp) }
    }
    /// Forwards to every observer.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamps: [Date?]) {
        for o in observers { o.completed(partition, stage: stage, inputTimestamps: inputTimestamps) }
    }
    /// Forwards to every observer.
    public func produceFailed(topic: String) { for o in observers { o.produceFailed(topic: topic) } }
    /// Forwards to every observer.
    public func produceRetried(topic: String) { for o in observers { o.produceRetried(topic: topic) } }
    /// Forwards to every observer.
    public func statistics(_ statistics: KafkaStatistics, stage: String) {
        for o in observers { o.statistics(statistics, stage: stage) }
    }
    /// Forwards to every observer.
    public func consumerError(_ error: KafkaError, stage: String) {
        for o in observers { o.consumerError(error, stage: stage) }
    }
    /// Forwards to every observer.
    public func classified(_ results: [BounceResult], format: InputFormat) {
        for o in observers { o.classified(results, format: format) }
    }
    /// Forwards to every observer.
    public func commandForwarded() { for o in observers { o.commandForwarded() } }
    /// Forwards to every observer.
    public func deadLettered(stage: String, kind: String) {
        for o in observers { o.deadLettered(stage: stage, kind: kind) }
    }
    /// Forwards to every observer.
    public func policyApplied(_ outcome: PolicyOutcome) { for o in observers { o.policyApplied(outcome) } }
    /// Forwards to every observer.
    public func stateSize(partition: Int32, addresses: Int) {
        for o in observers { o.stateSize(partition: partition, addresses: addresses) }
    }
    /// Forwards to every observer.
    public func stateRestored(partition: Int32, addresses: Int, seconds: Double) {
        for o in observers { o.stateRestored(partition: partition, addresses: addresses, seconds: seconds) }
    }
}

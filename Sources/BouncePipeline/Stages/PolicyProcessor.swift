import BounceClassifier
import KafkaClient

/// The policy stage: keeps per-address state for its partitions of the classified topic, drops duplicates,
/// and publishes bounce-log rows, status changes and blacklist changes; every state change goes to the
/// changelog topic (same partition number) after the outputs it caused were acknowledged.
public struct PolicyProcessor: PartitionProcessor {
    /// The addresses of one partition.
    public struct PartitionState: Sendable {
        /// State per lower-cased address.
        public var addresses: AddressStateStore

        /// Creates the state of a partition (empty unless `addresses` are given).
        public init(addresses: AddressStateStore = AddressStateStore()) {
            self.addresses = addresses
        }
    }

    /// The decisions.
    public let engine: PolicyEngine
    /// The topic names.
    public let topics: TopicNames
    /// Reads a partition's state back from the changelog.
    public let restorer: any PolicyStateRestorer
    /// The current time in milliseconds (for dead-letter timestamps).
    public let now: @Sendable () -> Int64
    /// Told about every outcome and the state size (for metrics); may be `nil`.
    public let observer: StageObserver?

    /// Creates the processor.
    public init(
        engine: PolicyEngine, topics: TopicNames, restorer: any PolicyStateRestorer,
        now: @escaping @Sendable () -> Int64, observer: StageObserver? = nil
    ) {
        self.engine = engine
        self.topics = topics
        self.restorer = restorer
        self.now = now
        self.observer = observer
    }

    /// Restores the partition's state from its changelog partition.
    public func prepare(_ partition: KafkaTopicPartition) async throws -> PartitionState {
        let addresses = try await restorer.restore(partition: partition.partition)
        observer?.stateSize(partition: partition.partition, addresses: addresses.count)
        return PartitionState(addresses: addresses)
    }

    /// Applies one classified result or operator command.
    public func process(_ message: KafkaMessage, state: inout PartitionState) -> ProcessedMessage {
        let input: PolicyInput
        do throws(RecordDecodingError) {
            input = try decode(message)
        } catch {
            observer?.deadLettered(stage: "policy", kind: "invalid_record")
            return ProcessedMessage(outputs: [
                DeadLetter.record(
                    for: message, error: error.message, kind: "invalid_record", stage: "policy",
                    topic: topics.deadLetter, nowMilliseconds: now())
            ])
        }
        let address = input.address
        var addressState = AddressState()
        let (outcome, inserted) = state.addresses.update(address) { stored in
            let outcome = engine.apply(input, to: &stored)
            addressState = stored
            return (outcome, store: outcome.stateChanged)
        }
        observer?.policyApplied(outcome)
        guard outcome.stateChanged else { return ProcessedMessage() }
        if inserted { observer?.stateSize(partition: message.partition, addresses: state.addresses.count) }

        let sourceBytes =
            RecordHeaders.bytes(RecordHeaders.source, in: message.headers)
            ?? RecordHeaders.sourceBytes(of: message)
        let key = Array(address.utf8)
        var outputs: [KafkaProducerRecord] = []
        if let row = outcome.bounceLog {
            outputs.append(
                KafkaProducerRecord(
                    topic: topics.bounceLog, key: key, value: OutputRecords.bounceLogRow(row),
                    headers: RecordHeaders.standard(eventID: row.eventID, source: sourceBytes)))
        }
        if let change = outcome.statusChange {
            outputs.append(
                KafkaProducerRecord(
                    topic: topics.subscriberStatus, key: key, value: OutputRecords.statusChange(change),
                    headers: RecordHeaders.standard(
                        eventID: EventIDs.derivedUTF8(from: "status", change.causeEventID),
                        source: sourceBytes)))
        }
        if let change = outcome.blacklistChange {
            outputs.append(
                KafkaProducerRecord(
                    topic: topics.blacklist, key: key, value: OutputRecords.blacklistChange(change),
                    headers: RecordHeaders.standard(
                        eventID: EventIDs.derivedUTF8(from: "blacklist", change.causeEventID),
                        source: sourceBytes)))
        }
        let changelog = KafkaProducerRecord(
            topic: topics.policyState, partition: message.partition, key: key,
            value: OutputRecords.addressState(addressState),
            headers: RecordHeaders.standard(
                eventID: EventIDs.derivedUTF8(from: "state", utf8: sourceBytes), source: sourceBytes))
        return ProcessedMessage(outputs: outputs, followUps: [changelog])
    }

    private func decode(_ message: KafkaMessage) throws(RecordDecodingError) -> PolicyInput {
        if RecordHeaders.bytes(RecordHeaders.recordType, in: message.headers) == RecordHeaders.commandRecordType {
            let fallbackTime = message.timestamp.map { Int64($0.timeIntervalSince1970 * 1000) } ?? now()
            return .command(
                try RecordDecoding.operatorCommand(
                    message.value, key: message.key,
                    fallbackID: EventIDs.derived(from: "command", RecordHeaders.sourceValue(of: message)),
                    fallbackMilliseconds: fallbackTime))
        }
        return .event(try RecordDecoding.classifiedEvent(message.value))
    }
}

/// Reads the policy state of one partition back from the changelog topic.
public protocol PolicyStateRestorer: Sendable {
    /// The state of every address in changelog partition `partition`, as of its end.
    func restore(partition: Int32) async throws -> AddressStateStore
}

import Synchronization

/// The per-message object whose pointer travels through librdkafka as the message opaque
/// (`RD_KAFKA_V_OPAQUE`, read back as `rkmessage->_private` in the delivery report).
///
/// It is retained when the message is produced and released in the delivery report
/// callback, which librdkafka calls exactly once per accepted message.
final class DeliveryBox: Sendable {
    /// What to do with the report.
    enum Mode: Sendable {
        /// A `send` is waiting for the result.
        case awaited
        /// An `enqueue`d record; failures go to the producer's failure stream.
        case fireAndForget(key: [UInt8]?)
    }

    private struct State {
        var result: Result<KafkaDeliveryReport, KafkaError>?
        var waiter: CheckedContinuation<KafkaDeliveryReport, any Error>?
    }

    let mode: Mode
    /// The record's topic (the delivery report names it without copying librdkafka's name).
    let topic: String
    private let state = Mutex(State())

    init(mode: Mode, topic: String) {
        self.mode = mode
        self.topic = topic
    }

    /// Records the delivery result, resuming the waiting `send` if it already waits.
    func complete(_ result: Result<KafkaDeliveryReport, KafkaError>) {
        let waiter = state.withLock { state -> CheckedContinuation<KafkaDeliveryReport, any Error>? in
            state.result = result
            guard state.waiter != nil else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result.mapError { $0 as any Error })
    }

    /// Waits for the delivery result (which may already be there: then without suspending, which matters
    /// when a caller waits for thousands of records that were acknowledged in one batch).
    func wait() async throws -> KafkaDeliveryReport {
        if let ready = state.withLock({ $0.result }) { return try ready.get() }
        return try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<KafkaDeliveryReport, any Error>) in
            let ready = state.withLock { state -> Result<KafkaDeliveryReport, KafkaError>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready.mapError { $0 as any Error }) }
        }
    }
}

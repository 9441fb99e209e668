import Synchronization

/// The messages of a ``KafkaConsumer``, in the order librdkafka delivered them
/// (per partition: offset order).
///
/// Iterate it from one task only. Iteration ends (returns `nil`) once the consumer has
/// closed, or when the iterating task is cancelled.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = KafkaMessage

    let buffer: MessageBuffer

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// Iterates over buffered messages, suspending while the buffer is empty.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: MessageBuffer

        /// The next message, or `nil` when the consumer closed or the task was cancelled.
        public mutating func next() async -> KafkaMessage? {
            await buffer.next()
        }
    }
}

/// The bounded hand-over between a consumer's poll thread and the task iterating
/// ``KafkaConsumerMessages``.
///
/// Only messages of partitions currently assigned are kept: revoking partitions drops
/// their buffered messages so that none is handed out after the revoke handler ran.
final class MessageBuffer: Sendable {
    private struct State {
        var items: [KafkaMessage] = []
        var head = 0
        var waiter: CheckedContinuation<KafkaMessage?, Never>?
        var finished = false
        var live: Set<KafkaTopicPartition> = []

        var count: Int { items.count - head }

        mutating func popFirst() -> KafkaMessage? {
            guard head < items.count else { return nil }
            let message = items[head]
            head += 1
            if head >= 1024 && head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return message
        }
    }

    private let state = Mutex(State())

    /// Messages waiting to be taken.
    var count: Int { state.withLock { $0.count } }

    /// Adds a message read by the poll thread; dropped when its partition is not assigned.
    func append(_ message: KafkaMessage) {
        let waiter: CheckedContinuation<KafkaMessage?, Never>? = state.withLock { state in
            guard !state.finished, state.live.contains(message.topicPartition) else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.items.append(message)
            return nil
        }
        waiter?.resume(returning: message)
    }

    /// Marks partitions as assigned: their messages are accepted from now on.
    func assign(_ partitions: [KafkaTopicPartition]) {
        state.withLock { $0.live.formUnion(partitions) }
    }

    /// Marks partitions as revoked and drops their buffered messages.
    func revoke(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            state.live.subtract(partitions)
            let remaining = state.items[state.head...].filter { state.live.contains($0.topicPartition) }
            state.items = Array(remaining)
            state.head = 0
        }
    }

    /// Ends iteration: buffered messages are dropped and waiting iterators get `nil`.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<KafkaMessage?, Never>? in
            state.finished = true
            state.items = []
            state.head = 0
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Takes the next message, suspending while none is buffered.
    func next() async -> KafkaMessage? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KafkaMessage?, Never>) in
                let immediate: KafkaMessage?? = state.withLock { state in
                    if let message = state.popFirst() { return .some(message) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<KafkaMessage?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}

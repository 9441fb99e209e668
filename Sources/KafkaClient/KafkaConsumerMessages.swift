import Dispatch
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

/// The messages of a ``KafkaConsumer`` in batches: each element is every message buffered when it was asked
/// for (at most `maximum`, at least one), in the order librdkafka delivered them. Taking many messages at
/// once costs one hand-over instead of one per message.
///
/// Iterate it from one task only, and not together with ``KafkaConsumerMessages``.
public struct KafkaConsumerMessageBatches: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = [KafkaMessage]

    let buffer: MessageBuffer
    let maximum: Int

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, maximum: maximum)
    }

    /// Iterates over batches of buffered messages, suspending while the buffer is empty.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: MessageBuffer
        let maximum: Int

        /// The next batch, or `nil` when the consumer closed or the task was cancelled.
        public mutating func next() async -> [KafkaMessage]? {
            guard let first = await buffer.next() else { return nil }
            var batch = [first]
            buffer.take(upTo: maximum - 1, into: &batch)
            return batch
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
        /// The buffered messages from `head` on; the slots before it were taken (moved out, so that taking a
        /// message costs no copy).
        var items: [KafkaMessage?] = []
        var head = 0
        var waiter: CheckedContinuation<KafkaMessage?, Never>?
        var finished = false
        var live: Set<KafkaTopicPartition> = []
        /// The partition of the last message found in `live`: consecutive messages mostly share a partition,
        /// so most appends skip hashing the topic. Cleared whenever `live` loses partitions.
        var lastLive: KafkaTopicPartition?
        /// The poll thread waits until `count` drops to this value.
        var drainTarget: Int?

        var count: Int { items.count - head }

        /// Clears and reports a reached drain target.
        mutating func takeDrainTarget() -> Bool {
            guard let target = drainTarget, count <= target else { return false }
            drainTarget = nil
            return true
        }

        /// Whether `message`'s partition is assigned.
        mutating func isLive(_ message: KafkaMessage) -> Bool {
            if let last = lastLive, last.partition == message.partition, last.topic == message.topic { return true }
            let partition = message.topicPartition
            guard live.contains(partition) else { return false }
            lastLive = partition
            return true
        }

        mutating func popFirst() -> KafkaMessage? {
            guard head < items.count else { return nil }
            let message = items[head].take()
            head += 1
            if head >= 1024 && head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return message
        }
    }

    private let state = Mutex(State())
    private let drained = DispatchSemaphore(value: 0)

    /// Messages waiting to be taken.
    var count: Int { state.withLock { $0.count } }

    /// Adds a message read by the poll thread; dropped when its partition is not assigned.
    func append(_ message: KafkaMessage) {
        let waiter: CheckedContinuation<KafkaMessage?, Never>? = state.withLock { state in
            guard !state.finished, state.isLive(message) else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.items.append(message)
            return nil
        }
        waiter?.resume(returning: message)
    }

    /// Blocks the calling (poll) thread until at most `target` messages are buffered, or
    /// until `timeout` passed. Returns whether the target was reached.
    func waitForDrain(to target: Int, timeout: Duration) -> Bool {
        let alreadyThere = state.withLock { state -> Bool in
            if state.count <= target || state.finished { return true }
            state.drainTarget = target
            return false
        }
        if alreadyThere { return true }
        let deadline = DispatchTime.now() + .milliseconds(Int(timeout.milliseconds))
        _ = drained.wait(timeout: deadline)
        return state.withLock { state in
            state.drainTarget = nil
            return state.count <= target
        }
    }

    /// Marks partitions as assigned: their messages are accepted from now on.
    func assign(_ partitions: [KafkaTopicPartition]) {
        state.withLock { $0.live.formUnion(partitions) }
    }

    /// Marks partitions as revoked and drops their buffered messages.
    func revoke(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            state.live.subtract(partitions)
            state.lastLive = nil
            let live = state.live
            let remaining = state.items[state.head...].filter { $0.map { live.contains($0.topicPartition) } ?? false }
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

    /// Appends up to `maximum` buffered messages to `batch` without waiting.
    func take(upTo maximum: Int, into batch: inout [KafkaMessage]) {
        guard maximum > 0 else { return }
        let signal = state.withLock { state -> Bool in
            var taken = 0
            while taken < maximum, let message = state.popFirst() {
                batch.append(message)
                taken += 1
            }
            return state.takeDrainTarget()
        }
        if signal { drained.signal() }
    }

    /// Takes the next message, suspending while none is buffered.
    func next() async -> KafkaMessage? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<KafkaMessage?, Never>) in
                let (immediate, signal): (KafkaMessage??, Bool) = state.withLock { state in
                    if let message = state.popFirst() {
                        return (.some(message), state.takeDrainTarget())
                    }
                    if state.finished || Task.isCancelled { return (.some(nil), false) }
                    state.waiter = continuation
                    return (.none, false)
                }
                if signal { drained.signal() }
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

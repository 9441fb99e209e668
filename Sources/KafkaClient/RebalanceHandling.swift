import Dispatch
import Synchronization

/// The rebalance protocol the group currently uses.
public enum KafkaRebalanceProtocol: String, Sendable {
    /// Incremental (cooperative-sticky): only partitions that move are revoked.
    case cooperative = "COOPERATIVE"
    /// Eager (range, roundrobin): every rebalance revokes the whole assignment first.
    case eager = "EAGER"
}

/// A change of a consumer's partition assignment.
public struct KafkaRebalanceEvent: Sendable, Hashable {
    /// What happened to ``partitions``.
    public enum Kind: Sendable, Hashable {
        /// The partitions were just assigned; their messages follow after the handler returns.
        case assigned
        /// The partitions are about to be given up; commit finished work now.
        /// No message of these partitions is handed out after the handler ran.
        case revoked
        /// The partitions were lost (the member was kicked out of the group, for example after
        /// a session timeout); other members may already own them, so committing is pointless.
        case lost
    }

    /// What happened.
    public var kind: Kind
    /// The partitions concerned; with the eager protocol a revoke lists the whole assignment.
    public var partitions: [KafkaTopicPartition]
    /// The protocol the group uses.
    public var rebalanceProtocol: KafkaRebalanceProtocol
}

/// The application's rebalance handler. The consumer's poll thread waits until it returns
/// before applying the change, so it may commit finished work on revoke.
public typealias KafkaRebalanceHandler = @Sendable (KafkaRebalanceEvent) async -> Void

/// Hands rebalance events from the poll thread to ``KafkaConsumer/run()`` and blocks the
/// poll thread until the handler has finished with them.
final class RebalanceMailbox: Sendable {
    /// One event waiting for the handler.
    struct Request: Sendable {
        let event: KafkaRebalanceEvent
        let done: DispatchSemaphore
    }

    private struct State {
        var pending: [Request] = []
        var runner: CheckedContinuation<Request?, Never>?
        /// No more requests will be posted (the poll thread ended).
        var finished = false
        /// Nobody will ever run the handler (the consumer was released).
        var abandoned = false
    }

    private let state = Mutex(State())

    /// Posts `event` and blocks the calling (poll) thread until the handler returned.
    /// Returns at once when the mailbox was abandoned.
    func deliverAndWait(_ event: KafkaRebalanceEvent) {
        let request = Request(event: event, done: DispatchSemaphore(value: 0))
        let (accepted, runner) = state.withLock { state -> (Bool, CheckedContinuation<Request?, Never>?) in
            guard !state.abandoned else { return (false, nil) }
            if let runner = state.runner {
                state.runner = nil
                return (true, runner)
            }
            state.pending.append(request)
            return (true, nil)
        }
        guard accepted else { return }
        runner?.resume(returning: request)
        request.done.wait()
    }

    /// The next request for the handler, or `nil` once the poll thread ended.
    func next() async -> Request? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Request?, Never>) in
            let immediate: Request?? = state.withLock { state in
                if !state.pending.isEmpty { return .some(state.pending.removeFirst()) }
                if state.finished { return .some(nil) }
                state.runner = continuation
                return .none
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// The poll thread ended: `next()` returns `nil` from now on.
    func finish() {
        let runner = state.withLock { state -> CheckedContinuation<Request?, Never>? in
            state.finished = true
            defer { state.runner = nil }
            return state.runner
        }
        runner?.resume(returning: nil)
    }

    /// Nobody will run the handler any more: release waiting and future posts.
    func abandon() {
        let pending = state.withLock { state -> [Request] in
            state.abandoned = true
            defer { state.pending = [] }
            return state.pending
        }
        for request in pending { request.done.signal() }
    }
}

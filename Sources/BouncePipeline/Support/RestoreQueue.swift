import Synchronization

/// Lets concurrent callers share one piece of work: the first caller leads, the others wait; the leader
/// takes every waiting caller's key, does the work once for all of them, and hands each its result. When a
/// leader finishes while others are waiting, the first of them leads the next round.
final class RestoreQueue<Value: Sendable>: Sendable {
    /// What a caller gets from ``enqueue(_:)``.
    enum Turn: Sendable {
        /// Its result, from another caller's round.
        case restored(Result<Value, any Error>)
        /// The caller leads a round: it must call ``takeWaiting()`` and, at the end, ``finishLeading()``.
        case lead
    }

    /// A caller waiting for a round.
    struct Waiter: Sendable {
        /// The key it asked for.
        let partition: Int32
        fileprivate let continuation: CheckedContinuation<Turn, Never>

        /// Hands the waiter its result.
        func resume(_ result: Result<Value, any Error>) { continuation.resume(returning: .restored(result)) }
    }

    private struct State {
        var waiting: [Waiter] = []
        var leading = false
    }

    private let state = Mutex(State())

    /// Waits for a result, or for the caller's turn to lead a round.
    func enqueue(_ partition: Int32) async -> Turn {
        await withCheckedContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                if state.leading {
                    state.waiting.append(Waiter(partition: partition, continuation: continuation))
                    return false
                }
                state.leading = true
                return true
            }
            if lead { continuation.resume(returning: .lead) }
        }
    }

    /// The callers waiting now; the leader serves them in its round.
    func takeWaiting() -> [Waiter] {
        state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
    }

    /// Ends a round: the next waiter, if any, leads the next one.
    func finishLeading() {
        let next: Waiter? = state.withLock { state in
            if state.waiting.isEmpty {
                state.leading = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
    }
}

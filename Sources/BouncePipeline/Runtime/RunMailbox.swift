import KafkaClient
import Synchronization

/// The messages handed to one partition lane and not yet taken by it, in offset order.
///
/// The lane takes everything that arrived since it last looked as one run: a lane that fell behind catches up
/// in a few large runs instead of many small ones (each run costs its hand-overs, produce calls and waits for
/// acknowledgements once, whatever its length). Small fetched batches — a broker that returns one record batch
/// per partition and fetch, or a producer upstream whose batches are small — then still make long runs.
final class RunMailbox: Sendable {
    private struct State {
        var pending: [KafkaMessage] = []
        /// The lane, waiting for messages.
        var waiter: CheckedContinuation<[KafkaMessage]?, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Adds a run of messages after those already waiting; ignored once the mailbox is finished.
    func put(_ run: [KafkaMessage]) {
        guard !run.isEmpty else { return }
        let waiter = state.withLock { state -> CheckedContinuation<[KafkaMessage]?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                // The lane waits, so nothing is pending: the run goes to it as it is.
                state.waiter = nil
                return waiter
            }
            if state.pending.isEmpty {
                state.pending = run
            } else {
                state.pending.append(contentsOf: run)
            }
            return nil
        }
        waiter?.resume(returning: run)
    }

    /// No more messages come: the lane takes what is pending, then gets `nil`.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[KafkaMessage]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Every message that arrived since the last call, waiting until there is one; `nil` once the mailbox is
    /// finished and empty, or when the task is cancelled.
    func next() async -> [KafkaMessage]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[KafkaMessage]?, Never>) in
                // `.some(messages)`: answer now (`nil` for the end); `.none`: the lane waits for `put` or `finish`.
                let taken = state.withLock { state -> [KafkaMessage]?? in
                    if Task.isCancelled { return .some(nil) }
                    if !state.pending.isEmpty {
                        defer { state.pending = [] }
                        return .some(state.pending)
                    }
                    if state.finished { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if case .some(let messages) = taken { continuation.resume(returning: messages) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<[KafkaMessage]?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}

import Synchronization

/// An async counting semaphore bounding the producer's in-flight messages.
///
/// Waiters are served first in, first out; waiting ignores cancellation so that a record
/// is never dropped silently.
final class InFlightLimiter: Sendable {
    private struct State {
        var available: Int
        var inFlight = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Messages currently holding a permit.
    var inFlight: Int { state.withLock { $0.inFlight } }

    /// Takes a permit, suspending while none is free.
    func acquire() async {
        let acquired = state.withLock { state -> Bool in
            guard state.available > 0 else { return false }
            state.available -= 1
            state.inFlight += 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let immediate = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    state.inFlight += 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if immediate { continuation.resume() }
        }
    }

    /// Returns a permit, handing it straight to the longest waiter if any.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if !state.waiters.isEmpty {
                return state.waiters.removeFirst()  // the permit moves to the waiter
            }
            state.available += 1
            state.inFlight -= 1
            return nil
        }
        waiter?.resume()
    }
}

import Synchronization

/// A test hook that simulates a process crash of worker stages.
///
/// ``trigger()`` destroys the consumer of every stage that runs with this value without committing its
/// offsets or leaving its group, the way `kill -9` would: the group notices only after the session timeout,
/// and the next owners of the partitions read again from the last committed offsets. A test then cancels the
/// task running the worker, so that the rest of the instance stops too. Production code never creates one.
public final class CrashSimulation: Sendable {
    private struct State {
        var triggered = false
        var nextToken = 0
        var crashes: [Int: @Sendable () async -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Creates a hook that has not fired.
    public init() {}

    /// Whether ``trigger()`` was called.
    public var isTriggered: Bool { state.withLock { $0.triggered } }

    /// Destroys the consumer of every registered stage without closing it, and returns once they are gone.
    /// Stages that register later are crashed as soon as they register.
    public func trigger() async {
        let crashes = state.withLock { state -> [@Sendable () async -> Void] in
            state.triggered = true
            defer { state.crashes = [:] }
            return Array(state.crashes.values)
        }
        for crash in crashes { await crash() }
    }

    /// Registers how to crash a stage; runs it at once when the hook already fired.
    /// - Returns: a token for ``unregister(_:)``.
    func register(_ crash: @escaping @Sendable () async -> Void) async -> Int? {
        let token = state.withLock { state -> Int? in
            guard !state.triggered else { return nil }
            state.nextToken += 1
            state.crashes[state.nextToken] = crash
            return state.nextToken
        }
        if token == nil { await crash() }
        return token
    }

    /// Forgets a stage that stopped on its own.
    func unregister(_ token: Int?) {
        guard let token else { return }
        _ = state.withLock { $0.crashes.removeValue(forKey: token) }
    }
}

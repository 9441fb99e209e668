import Foundation

/// Runs blocking librdkafka calls on threads of their own so that they never block
/// Swift's cooperative thread pool.
enum DedicatedThread {
    /// Starts a named thread that runs `body` once.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }

    /// Runs the blocking `body` on a new thread and suspends until it returns.
    static func run<T: Sendable>(
        name: String,
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start(name: name) {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}

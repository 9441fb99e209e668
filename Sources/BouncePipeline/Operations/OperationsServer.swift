import FlyingFox
import FlyingSocks
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The worker's HTTP endpoints for the platform: `GET /metrics` (Prometheus text format), `GET /health/live`
/// and `GET /health/ready` (200 with `{"status":"ok"}`, or 503 with the reasons). Runs as a ``Service`` listed
/// before the stages, so that it stops after them and answers (not ready) while they drain.
public struct OperationsServer: Service {
    /// The TCP port, on every IPv4 address.
    public let port: UInt16
    /// Liveness and readiness.
    public let health: WorkerHealth
    /// The metrics in Prometheus text format, made on each scrape.
    public let metrics: @Sendable () -> [UInt8]
    private let logger: Logger

    /// Creates the server.
    public init(port: UInt16, health: WorkerHealth, metrics: @escaping @Sendable () -> [UInt8], logger: Logger) {
        self.port = port
        self.health = health
        self.metrics = metrics
        self.logger = logger
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        let server = HTTPServer(address: .inet(port: port), timeout: 15, logger: .disabled)
        let health = self.health
        let metrics = self.metrics
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: Data(metrics()))
        }
        await server.appendRoute("GET /health/live") { _ in Self.response(health.liveness()) }
        await server.appendRoute("GET /health/ready") { _ in Self.response(health.readiness()) }
        logger.info("serving metrics and health", metadata: ["port": "\(port)"])
        let stopping = ShutdownFlag()
        try await withGracefulShutdownHandler {
            do {
                try await server.run()
            } catch {
                // Closing the listening socket ends `run()` with an error; only a failure before is one.
                if !stopping.isSet { throw error }
            }
        } onGracefulShutdown: {
            stopping.set()
            Task { await server.stop(timeout: 1) }
        }
    }

    private static func response(_ verdict: WorkerHealth.Verdict) -> HTTPResponse {
        var object: [String: Any] = ["status": verdict.ok ? "ok" : "unavailable"]
        if !verdict.ok { object["reasons"] = verdict.reasons }
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(
            statusCode: verdict.ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: body + Data("\n".utf8))
    }
}

/// Set once graceful shutdown began.
private final class ShutdownFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}

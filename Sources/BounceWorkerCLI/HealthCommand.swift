import ArgumentParser
import BouncePipeline
import Foundation

/// `bounce-worker health`: asks a running worker's health endpoint (the container's `HEALTHCHECK`).
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask a running worker whether it is live (or ready); exit 0 if so, else 1.",
        discussion: "GETs http://HOST:PORT/health/live (or /health/ready with --ready) and prints the answer."
    )

    @Option(help: "The worker's HTTP port (default: BW_HTTP_PORT, else 9464).")
    var port: UInt16?

    @Option(help: "The worker's IPv4 address.")
    var host = "127.0.0.1"

    @Flag(help: "Ask /health/ready instead of /health/live.")
    var ready = false

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 5

    func run() throws {
        let environmentPort = ProcessInfo.processInfo.environment["BW_HTTP_PORT"].flatMap { UInt16($0) }
        let port = self.port ?? environmentPort ?? 9464
        let path = ready ? "/health/ready" : "/health/live"
        var out = OutputStream.standardOutput()
        defer { out.flush() }
        do {
            let response = try HealthProbe.get(host: host, port: port, path: path, timeoutSeconds: timeout)
            out.line("\(response.status) \(response.body.trimmingCharacters(in: .whitespacesAndNewlines))")
            if response.status != 200 { throw ExitCode(1) }
        } catch let failure as HealthProbe.Failure {
            out.line("unreachable: \(failure)")
            throw ExitCode(1)
        }
    }
}

import Foundation
import Testing

/// A `bounce-worker dev-broker` child process: the mock Kafka cluster the process tests run against.
public struct DevBrokerProcess {
    /// The child.
    public let process: Process
    /// The bootstrap servers it serves.
    public let bootstrap: String
    /// Its exit status, once it exited.
    public let exitStatus: Box<Int32?>
    private let directory: URL

    /// Starts a dev broker (default topics) and waits until it is ready.
    public static func start(brokers: Int = 1, arguments: [String] = []) async throws -> DevBrokerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("dev-broker"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let bootstrapFile = directory.appendingPathComponent("bootstrap.txt")
        let process = Process()
        process.executableURL = try locateBounceWorker()
        process.arguments =
            ["dev-broker", "--brokers", "\(brokers)", "--bootstrap-file", bootstrapFile.path] + arguments
        process.standardInput = Pipe()
        process.standardOutput = LineCollector().pipe
        let exitStatus = Box<Int32?>(nil)
        process.terminationHandler = { exitStatus.value = $0.terminationStatus }
        try process.run()
        try await waitUntil("the dev broker is ready", timeout: .seconds(20)) {
            ((try? String(contentsOf: bootstrapFile, encoding: .utf8)) ?? "").hasSuffix("\n")
        }
        let bootstrap = try String(contentsOf: bootstrapFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return DevBrokerProcess(process: process, bootstrap: bootstrap, exitStatus: exitStatus, directory: directory)
    }

    /// Sends SIGTERM and waits for the broker to exit; returns its exit status.
    @discardableResult
    public func stop() async throws -> Int32? {
        defer { try? FileManager.default.removeItem(at: directory) }
        if process.isRunning { process.terminate() }
        try await waitUntil("the dev broker exits", timeout: .seconds(20)) { exitStatus.value != nil }
        return exitStatus.value
    }
}

/// A `bounce-worker` child process (e.g. `run`) with its output collected.
public struct BounceWorkerProcess {
    /// The child.
    public let process: Process
    /// Its standard output and error, as lines.
    public let output: LineCollector
    /// Its exit status, once it exited.
    public let exitStatus: Box<Int32?>

    /// Starts `bounce-worker` with `arguments` and exactly `environment`.
    public static func start(_ arguments: [String], environment: [String: String]) throws -> BounceWorkerProcess {
        let process = Process()
        process.executableURL = try locateBounceWorker()
        process.arguments = arguments
        process.environment = environment
        let output = LineCollector()
        process.standardOutput = output.pipe
        process.standardError = output.pipe
        let exitStatus = Box<Int32?>(nil)
        process.terminationHandler = { exitStatus.value = $0.terminationStatus }
        try process.run()
        return BounceWorkerProcess(process: process, output: output, exitStatus: exitStatus)
    }

    /// Sends SIGTERM and waits (at most `timeout`) for the process to exit; returns its exit status.
    public func terminate(timeout: Duration = .seconds(20)) async throws -> Int32? {
        if process.isRunning { process.terminate() }
        try await waitUntil("bounce-worker exits after SIGTERM", timeout: timeout) { exitStatus.value != nil }
        return exitStatus.value
    }

    /// The last `count` lines of output, for failure messages.
    public func lastLines(_ count: Int = 20) -> String {
        output.lines.suffix(count).joined(separator: "\n")
    }
}

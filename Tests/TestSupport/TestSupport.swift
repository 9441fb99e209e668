import Foundation
import Logging
import Synchronization
import Testing

/// Fails the test with `message` unless `condition` becomes true before `timeout`.
/// Polls every 20 ms; returns as soon as the condition holds.
public func waitUntil(
    _ message: @autoclosure () -> String,
    timeout: Duration = .seconds(30),
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    if try await condition() { return }
    Issue.record("Timed out after \(timeout): \(message())", sourceLocation: sourceLocation)
    throw TimeoutError(message: message())
}

/// Thrown by ``waitUntil`` so that a test stops at the first missed deadline.
public struct TimeoutError: Error, CustomStringConvertible {
    /// What timed out.
    public let message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    /// A readable message.
    public var description: String { "Timed out: \(message)" }
}

/// A quiet logger for tests (warnings and above).
public func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
}

/// A unique name for topics and groups, so tests can share a process.
public func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// Thread-safe collection of values for assertions across tasks.
public final class Collector<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    /// Creates an empty collector.
    public init() {}

    /// Adds a value.
    public func append(_ value: Value) {
        storage.withLock { $0.append(value) }
    }

    /// The values so far.
    public var values: [Value] { storage.withLock { $0 } }
    /// How many values so far.
    public var count: Int { storage.withLock { $0.count } }
}

/// A thread-safe flag or value box.
public final class Box<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    /// Creates a box holding `value`.
    public init(_ value: Value) {
        storage = Mutex(value)
    }

    /// The current value.
    public var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }

    /// Changes the value under the lock and returns what `body` returns.
    public func update<R>(_ body: (inout Value) -> R) -> R {
        storage.withLock { body(&$0) }
    }
}

/// Collects a child's stdout as lines.
public final class LineCollector: Sendable {
    /// The pipe to hand to the child as its standard output.
    public let pipe = Pipe()
    private let text = Box("")

    /// Creates a collector.
    public init() {
        let text = self.text
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            text.update { $0 += String(decoding: data, as: UTF8.self) }
        }
    }

    /// Complete lines received so far.
    public var lines: [String] {
        let all = text.value
        var lines = all.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the unfinished tail (empty when the text ends with a newline)
        return lines
    }
}

/// Runs a process to completion, feeding it `input`, and returns its exit status.
public func runProcess(_ executable: URL, _ arguments: [String], input: Data) async throws -> Int32 {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let stdin = Pipe()
    process.standardInput = stdin
    let status = Box<Int32?>(nil)
    process.terminationHandler = { status.value = $0.terminationStatus }
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    try await waitUntil("\(executable.lastPathComponent) exits") { status.value != nil }
    return status.value ?? -1
}

/// The `bounce-worker` executable built next to the test bundle.
public func locateBounceWorker() throws -> URL {
    var directories: [URL] = []
    let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    directories.append(argument0.deletingLastPathComponent())
    let bundle = Bundle.main.bundleURL
    directories.append(bundle)
    directories.append(bundle.deletingLastPathComponent())
    for case let loaded in Bundle.allBundles where loaded.bundleURL.pathExtension == "xctest" {
        directories.append(loaded.bundleURL.deletingLastPathComponent())
    }
    var url = argument0
    while url.path != "/" {
        if url.pathExtension == "xctest" { directories.append(url.deletingLastPathComponent()) }
        url = url.deletingLastPathComponent()
    }
    for directory in directories {
        let candidate = directory.appendingPathComponent("bounce-worker")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    let searched = directories.map(\.path).joined(separator: ", ")
    Issue.record("bounce-worker binary not found next to the tests (searched: \(searched)); run `swift build` first")
    throw TimeoutError(message: "bounce-worker not found")
}

/// `kcat` (or its old name `kafkacat`) from PATH; installed with apt-get when missing and possible.
public func locateKcat() throws -> URL {
    func find() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for directory in directories {
            for name in ["kcat", "kafkacat"] {
                let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }
    if let found = find() { return found }
    if getuid() == 0 {
        let installer = Process()
        installer.executableURL = URL(fileURLWithPath: "/usr/bin/apt-get")
        installer.arguments = ["install", "-y", "kcat"]
        try? installer.run()
        installer.waitUntilExit()
        if let found = find() { return found }
    }
    Issue.record("kcat is required for the dev-broker test: install it with `apt-get install kcat`")
    throw TimeoutError(message: "kcat not found")
}

/// A TCP port that was free a moment ago on 127.0.0.1 (bound to port 0, read back, closed).
public func freeTCPPort() throws -> UInt16 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TimeoutError(message: "socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw TimeoutError(message: "bind() failed") }
    return UInt16(bigEndian: address.sin_port)
}

import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing

/// Fails the test with `message` unless `condition` becomes true before `timeout`.
/// Polls every 20 ms; returns as soon as the condition holds.
func waitUntil(
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
struct TimeoutError: Error, CustomStringConvertible {
    let message: String
    var description: String { "Timed out: \(message)" }
}

/// A quiet logger for tests (warnings and above).
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
}

/// A unique name for topics and groups, so tests can share a process.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// Consumer settings suited to the mock cluster: short sessions so rebalances take seconds.
func testConsumerConfiguration(
    cluster: KafkaMockCluster,
    group: String,
    strategy: KafkaConsumerConfiguration.AssignmentStrategy = .cooperativeSticky
) -> KafkaConsumerConfiguration {
    var configuration = KafkaConsumerConfiguration(
        groupID: group,
        connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers], clientID: group),
        assignmentStrategy: strategy,
        autoCommitInterval: .seconds(1),
        sessionTimeout: .milliseconds(4000),
        heartbeatInterval: .milliseconds(300)
    )
    configuration.additionalProperties["fetch.wait.max.ms"] = "100"
    configuration.additionalProperties["topic.metadata.refresh.interval.ms"] = "2000"
    return configuration
}

/// Producer settings suited to the mock cluster.
func testProducerConfiguration(cluster: KafkaMockCluster) -> KafkaProducerConfiguration {
    KafkaProducerConfiguration(
        connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers]),
        messageTimeout: .seconds(60)
    )
}

/// Thread-safe collection of values for assertions across tasks.
final class Collector<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) {
        storage.withLock { $0.append(value) }
    }

    var values: [Value] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}

/// A thread-safe flag or value box.
final class Box<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }

    func update<R>(_ body: (inout Value) -> R) -> R {
        storage.withLock { body(&$0) }
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}

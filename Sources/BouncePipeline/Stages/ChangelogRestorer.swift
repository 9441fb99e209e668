import KafkaClient
import Logging

/// Restores a policy partition's state by reading its changelog partition (same number) from the beginning
/// to its current end.
public struct ChangelogRestorer: PolicyStateRestorer {
    /// The changelog topic.
    public let topic: String
    /// How to reach the brokers.
    public let connection: KafkaConnectionConfiguration
    /// The longest a restore may take before it is retried.
    public let timeout: Duration
    /// Observes restores (for metrics); may be `nil`.
    public let observer: (@Sendable (_ partition: Int32, _ addresses: Int, _ seconds: Double) -> Void)?
    private let logger: Logger

    /// Creates a restorer.
    public init(
        topic: String, connection: KafkaConnectionConfiguration, timeout: Duration = .seconds(120),
        logger: Logger,
        observer: (@Sendable (_ partition: Int32, _ addresses: Int, _ seconds: Double) -> Void)? = nil
    ) {
        self.topic = topic
        self.connection = connection
        self.timeout = timeout
        self.logger = logger
        self.observer = observer
    }

    /// Reads changelog partition `partition` and decodes the latest state of every address in it.
    public func restore(partition: Int32) async throws -> [String: AddressState] {
        let clock = ContinuousClock()
        let started = clock.now
        let (values, read) = try await KafkaPartitionReader.latestValues(
            topic: topic, partition: partition, connection: connection, timeout: timeout)
        var states: [String: AddressState] = [:]
        states.reserveCapacity(values.count)
        var unreadable = 0
        for (key, value) in values {
            do throws(RecordDecodingError) {
                states[String(decoding: key, as: UTF8.self)] = try RecordDecoding.addressState(value)
            } catch {
                unreadable += 1
            }
        }
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.info(
            "policy state restored",
            metadata: [
                "partition": "\(partition)", "addresses": "\(states.count)", "records": "\(read)",
                "unreadable": "\(unreadable)", "seconds": "\(seconds)",
            ])
        observer?(partition, states.count, seconds)
        return states
    }
}

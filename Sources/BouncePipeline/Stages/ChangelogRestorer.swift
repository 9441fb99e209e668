import KafkaClient
import Logging

/// Restores a policy partition's state by reading its changelog partition (same number) from the beginning
/// to its current end.
///
/// Restores asked for at about the same time (a rebalance assigns many partitions at once) are read
/// together by one client: one connection set-up and one offset lookup per broker instead of one per
/// partition, so that memory and threads stay bounded however many partitions a worker is given.
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
    private let queue = RestoreQueue<AddressStateStore>()
    /// How long the first restore of a batch waits for others to join it.
    static let gatherDelay: Duration = .milliseconds(20)

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
    public func restore(partition: Int32) async throws -> AddressStateStore {
        switch await queue.enqueue(partition) {
        case .restored(let result):
            return try result.get()
        case .lead:
            defer { queue.finishLeading() }
            try? await Task.sleep(for: Self.gatherDelay)
            let others = queue.takeWaiting()
            do {
                let states = try await read(partitions: [partition] + others.map(\.partition))
                for waiter in others { waiter.resume(.success(states[waiter.partition] ?? AddressStateStore())) }
                return states[partition] ?? AddressStateStore()
            } catch {
                for waiter in others { waiter.resume(.failure(error)) }
                throw error
            }
        }
    }

    private func read(partitions: [Int32]) async throws -> [Int32: AddressStateStore] {
        let clock = ContinuousClock()
        let started = clock.now
        let read = try await KafkaPartitionReader.latestValues(
            topic: topic, partitions: partitions, connection: connection, timeout: timeout)
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var result: [Int32: AddressStateStore] = [:]
        for (partition, latest) in read {
            var states = AddressStateStore(minimumCapacity: latest.values.count)
            var unreadable = 0
            for (key, value) in latest.values {
                do throws(RecordDecodingError) {
                    states.updateValue(
                        try RecordDecoding.addressState(value), forAddress: String(decoding: key, as: UTF8.self))
                } catch {
                    unreadable += 1
                }
            }
            logger.info(
                "policy state restored",
                metadata: [
                    "partition": "\(partition)", "addresses": "\(states.count)", "records": "\(latest.recordsRead)",
                    "unreadable": "\(unreadable)", "seconds": "\(seconds)", "batch": "\(partitions.count)",
                ])
            observer?(partition, states.count, seconds)
            result[partition] = states
        }
        return result
    }
}

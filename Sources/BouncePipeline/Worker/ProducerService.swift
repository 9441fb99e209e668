import KafkaClient
import Logging
import ServiceLifecycle

/// Owns the worker's shared producer: runs until graceful shutdown, then flushes every pending record and
/// closes it. Listed first in the service group, so that it shuts down last, after the stages drained.
public struct ProducerService: Service {
    /// The producer.
    public let producer: KafkaProducer
    /// How long the final flush may take.
    public let flushTimeout: Duration
    private let logger: Logger

    /// Creates the service.
    public init(producer: KafkaProducer, flushTimeout: Duration = .seconds(30), logger: Logger) {
        self.producer = producer
        self.flushTimeout = flushTimeout
        self.logger = logger
    }

    /// Waits for graceful shutdown, then flushes and closes the producer.
    public func run() async throws {
        try? await gracefulShutdown()
        do {
            try await producer.flush(timeout: flushTimeout)
        } catch {
            logger.error("flush on shutdown failed", metadata: ["error": "\(error)"])
        }
        await producer.close(timeout: flushTimeout)
    }
}

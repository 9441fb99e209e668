import KafkaClient
import Logging
import ServiceLifecycle

/// Owns one of the worker's producers (each stage has its own): runs until graceful shutdown, then flushes
/// every pending record and closes it. Listed before the stages in the service group, so that it shuts down
/// after they drained.
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

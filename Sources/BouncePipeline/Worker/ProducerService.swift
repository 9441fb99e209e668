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
    /// The topics the producer writes to: their metadata is looked up at start, so that the first records are
    /// not held back while librdkafka learns their leaders, and a missing topic is reported at once.
    public let topics: [String]
    private let logger: Logger

    /// Creates the service.
    public init(producer: KafkaProducer, flushTimeout: Duration = .seconds(30), topics: [String] = [], logger: Logger) {
        self.producer = producer
        self.flushTimeout = flushTimeout
        self.topics = topics
        self.logger = logger
    }

    /// Looks up the output topics, waits for graceful shutdown, then flushes and closes the producer.
    public func run() async throws {
        if !topics.isEmpty {
            do {
                let unknown = try await producer.prepare(topics: topics)
                if !unknown.isEmpty {
                    logger.warning(
                        "output topics do not exist; their records wait until they do or message.timeout.ms passes",
                        metadata: ["topics": "\(unknown.joined(separator: ","))"])
                }
            } catch {
                logger.warning("looking up the output topics failed", metadata: ["error": "\(error)"])
            }
        }
        try? await gracefulShutdown()
        do {
            try await producer.flush(timeout: flushTimeout)
        } catch {
            logger.error("flush on shutdown failed", metadata: ["error": "\(error)"])
        }
        await producer.close(timeout: flushTimeout)
    }
}

/// Settings of a ``KafkaProducer``.
///
/// The typed fields map onto librdkafka properties; ``additionalProperties`` wins over them.
public struct KafkaProducerConfiguration: Sendable {
    /// Acknowledgements the leader waits for (`acks`).
    public enum Acks: String, Sendable {
        /// No acknowledgement (`0`); not allowed with idempotence.
        case none = "0"
        /// Leader only (`1`); not allowed with idempotence.
        case leader = "1"
        /// All in-sync replicas (`all`).
        case all
    }

    /// Brokers, client id and security settings.
    public var connection: KafkaConnectionConfiguration
    /// Exactly-once, in-order delivery per partition (`enable.idempotence`). Default: `true`.
    public var enableIdempotence: Bool
    /// Default: ``Acks/all``.
    public var acks: Acks
    /// How keys map to partitions (`partitioner`). Default: `murmur2_random`, which matches
    /// the Java client so that keys land on the same partitions from every language.
    public var partitioner: String
    /// Time to gather a batch (`linger.ms`). Default: 5 ms.
    public var linger: Duration
    /// How long librdkafka keeps retrying one message before failing it (`message.timeout.ms`).
    /// Default: 300 s.
    public var messageTimeout: Duration
    /// Maximum messages in librdkafka's queue (`queue.buffering.max.messages`). Default: 100 000.
    public var queueBufferingMaxMessages: Int
    /// Messages handed to librdkafka but not yet reported delivered. `send` and `enqueue`
    /// suspend (never drop) while this many are outstanding. Default: 10 000.
    public var maxInFlightMessages: Int
    /// Compression codec (`compression.codec`): `none`, `gzip`, `snappy`, `lz4`, `zstd`. Default: `lz4`.
    public var compression: String
    /// Period of librdkafka statistics (`statistics.interval.ms`); `nil` turns them off. Default: `nil`.
    public var statisticsInterval: Duration?
    /// Any other librdkafka property. Overrides typed fields.
    public var additionalProperties: [String: String]

    /// Creates producer settings; every parameter has the documented default.
    public init(
        connection: KafkaConnectionConfiguration = .init(),
        enableIdempotence: Bool = true,
        acks: Acks = .all,
        partitioner: String = "murmur2_random",
        linger: Duration = .milliseconds(5),
        messageTimeout: Duration = .seconds(300),
        queueBufferingMaxMessages: Int = 100_000,
        maxInFlightMessages: Int = 10_000,
        compression: String = "lz4",
        statisticsInterval: Duration? = nil,
        additionalProperties: [String: String] = [:]
    ) {
        self.connection = connection
        self.enableIdempotence = enableIdempotence
        self.acks = acks
        self.partitioner = partitioner
        self.linger = linger
        self.messageTimeout = messageTimeout
        self.queueBufferingMaxMessages = queueBufferingMaxMessages
        self.maxInFlightMessages = maxInFlightMessages
        self.compression = compression
        self.statisticsInterval = statisticsInterval
        self.additionalProperties = additionalProperties
    }

    /// All librdkafka properties this configuration stands for.
    public var properties: [String: String] {
        var result = connection.properties
        result["enable.idempotence"] = String(enableIdempotence)
        result["acks"] = acks.rawValue
        result["partitioner"] = partitioner
        result["linger.ms"] = String(linger.milliseconds)
        result["message.timeout.ms"] = String(messageTimeout.milliseconds)
        result["queue.buffering.max.messages"] = String(queueBufferingMaxMessages)
        result["compression.codec"] = compression
        result["statistics.interval.ms"] = String(statisticsInterval?.milliseconds ?? 0)
        result.merge(additionalProperties) { _, new in new }
        return result
    }

    /// ``properties`` rendered one per line with secrets masked; safe to log.
    public var redactedDescription: String {
        KafkaConfigurationRedaction.describe(properties)
    }
}

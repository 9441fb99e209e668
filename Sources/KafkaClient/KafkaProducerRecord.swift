/// A record to publish with a ``KafkaProducer``.
public struct KafkaProducerRecord: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// An explicit partition, or `nil` to let the configured partitioner hash the key
    /// (records without a key are spread over partitions).
    public var partition: Int32?
    /// The record key, or `nil` for none.
    public var key: [UInt8]?
    /// The record value, or `nil` for a tombstone (deletes the key on compacted topics).
    public var value: [UInt8]?
    /// Record headers.
    public var headers: [KafkaHeader]

    /// Creates a record.
    public init(
        topic: String,
        partition: Int32? = nil,
        key: [UInt8]? = nil,
        value: [UInt8]?,
        headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Where a record was stored, as reported by the broker.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The topic the record was written to.
    public var topic: String
    /// The partition the record was written to.
    public var partition: Int32
    /// The offset assigned to the record.
    public var offset: Int64
}

/// A record handed to ``KafkaProducer/enqueue(_:)`` that could not be delivered.
public struct KafkaDeliveryFailure: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// The partition librdkafka chose, or -1 when none was chosen.
    public var partition: Int32
    /// The record key, so the application can log or retry it.
    public var key: [UInt8]?
    /// Why delivery failed.
    public var error: KafkaError
}

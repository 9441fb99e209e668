import Foundation

/// A topic and partition pair.
public struct KafkaTopicPartition: Sendable, Hashable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition number, starting at 0.
    public var partition: Int32

    /// Creates a topic/partition pair.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// `"topic[partition]"`.
    public var description: String { "\(topic)[\(partition)]" }
}

/// One Kafka record header. Header values that are null on the wire read as empty.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value bytes.
    public var value: [UInt8]

    /// Creates a header from raw bytes.
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// Creates a header from a UTF-8 string value.
    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }
}

/// A message read by a ``KafkaConsumer``.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic the message was read from.
    public var topic: String
    /// The partition the message was read from.
    public var partition: Int32
    /// The message offset within its partition.
    public var offset: Int64
    /// The message key, or `nil` when the record has none.
    public var key: [UInt8]?
    /// The message value; a null value (tombstone) reads as empty.
    public var value: [UInt8]
    /// The record headers, in wire order.
    public var headers: [KafkaHeader]
    /// The record timestamp (create or log-append time), when the broker reported one.
    public var timestamp: Date?

    /// Creates a message; mainly useful in tests of code that consumes messages.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]? = nil,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The message's topic and partition.
    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }
}

import CRdKafka

/// An `rd_kafka_t` pointer that may be shared between threads.
///
/// `@unchecked Sendable`: librdkafka documents `rd_kafka_t` as thread-safe — its public
/// API may be called from any thread. The owners of a handle make sure it is destroyed
/// only once and after every other use (see `KafkaConsumer`'s and `KafkaProducer`'s
/// shutdown sequence).
struct RdKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Builds an `rd_kafka_conf_t` from string properties.
enum RdKafkaConfiguration {
    /// Creates a configuration object; the caller owns it until `rd_kafka_new` succeeds.
    /// Throws a ``KafkaConfigurationError`` naming the rejected property (never its value).
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaConfigurationError(property: "*", message: "rd_kafka_conf_new failed")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for key in properties.keys.sorted() {
            guard let value = properties[key] else { continue }
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let message = CString.text(errorText)
                // librdkafka's text may quote the value; never surface it for secrets.
                let safeMessage = KafkaConfigurationRedaction.isSecret(key) ? "rejected (value hidden)" : message
                throw KafkaConfigurationError(property: key, message: safeMessage)
            }
        }
        return conf
    }

    /// Creates a client from `conf`. On success librdkafka owns `conf`; on failure it is destroyed.
    static func newClient(type: rd_kafka_type_t, conf: OpaquePointer) throws -> OpaquePointer {
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            let message = CString.text(errorText)
            throw KafkaError(code: KafkaError.clientErrorCode, codeName: "CLIENT", message: message)
        }
        return handle
    }
}

/// Conversions between `rd_kafka_topic_partition_list_t` and Swift values.
enum TopicPartitionList {
    /// Reads the topic/partition pairs of a C list.
    static func partitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [KafkaTopicPartition] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = elements[index]
            return KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    /// Reads topic/partition pairs with their offsets (`nil` for invalid/unset offsets).
    static func offsets(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition: Int64?]
    {
        var result: [KafkaTopicPartition: Int64?] = [:]
        guard let elements = list.pointee.elems else { return result }
        for index in 0..<Int(list.pointee.cnt) {
            let element = elements[index]
            let key = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
            result[key] = element.offset >= 0 ? element.offset : nil
        }
        return result
    }

    /// Creates a C list; the caller destroys it with `rd_kafka_topic_partition_list_destroy`.
    /// Throws only if librdkafka cannot allocate the list.
    static func make(
        _ partitions: [KafkaTopicPartition],
        offsets: [Int64]? = nil
    ) throws -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        guard let list = rd_kafka_topic_partition_list_new(Int32(partitions.count)) else {
            throw KafkaError.client("cannot allocate a partition list of \(partitions.count) partitions")
        }
        for (index, item) in partitions.enumerated() {
            let element = rd_kafka_topic_partition_list_add(list, item.topic, item.partition)
            if let offsets {
                element?.pointee.offset = offsets[index]
            }
        }
        return list
    }
}

/// Reading of NUL-terminated C character buffers.
enum CString {
    /// The text before the first NUL of `buffer`.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

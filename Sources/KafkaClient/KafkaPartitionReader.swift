import CRdKafka

/// Reads one partition from its beginning to its current end without joining a consumer group: the way a
/// stateful stage restores its state from a compacted changelog topic.
public enum KafkaPartitionReader {
    /// The latest value per key of `topic`'s `partition`, from its low watermark up to the high watermark
    /// found when the call starts. A `nil` (tombstone) value removes the key.
    ///
    /// The blocking librdkafka calls run on a dedicated thread, never on Swift's cooperative pool.
    /// - Parameters:
    ///   - topic: the topic.
    ///   - partition: the partition.
    ///   - connection: how to reach the brokers.
    ///   - timeout: the longest the whole read may take.
    /// - Returns: the latest non-empty value of every key, and the number of records read.
    public static func latestValues(
        topic: String, partition: Int32, connection: KafkaConnectionConfiguration, timeout: Duration = .seconds(60)
    ) async throws -> (values: [[UInt8]: [UInt8]], recordsRead: Int) {
        let properties = readerProperties(connection)
        let timeoutMilliseconds = milliseconds(timeout)
        return try await DedicatedThread.run(name: "kafka-partition-reader") {
            var values: [[UInt8]: [UInt8]] = [:]
            let read = try scan(
                topic: topic, partition: partition, properties: properties, timeoutMilliseconds: timeoutMilliseconds
            ) { message in
                let raw = message.pointee
                guard let keyPointer = raw.key else { return }
                let key = Array(UnsafeRawBufferPointer(start: keyPointer, count: raw.key_len))
                if let payload = raw.payload, raw.len > 0 {
                    values[key] = Array(UnsafeRawBufferPointer(start: payload, count: raw.len))
                } else {
                    values.removeValue(forKey: key)
                }
            }
            return (values, read)
        }
    }

    /// Every message of `topic`'s `partition`, from its low watermark up to the high watermark found when the
    /// call starts, in offset order (for tools and tests; a stage restoring state uses ``latestValues``).
    public static func messages(
        topic: String, partition: Int32, connection: KafkaConnectionConfiguration, timeout: Duration = .seconds(60)
    ) async throws -> [KafkaMessage] {
        let properties = readerProperties(connection)
        let timeoutMilliseconds = milliseconds(timeout)
        return try await DedicatedThread.run(name: "kafka-partition-reader") {
            var messages: [KafkaMessage] = []
            _ = try scan(
                topic: topic, partition: partition, properties: properties, timeoutMilliseconds: timeoutMilliseconds
            ) {
                message in
                messages.append(ConsumerCore.message(from: message, topic: topic))
            }
            return messages
        }
    }

    private static func readerProperties(_ connection: KafkaConnectionConfiguration) -> [String: String] {
        var properties = connection.properties
        properties["enable.auto.commit"] = "false"
        properties["enable.partition.eof"] = "true"
        properties["group.id"] = properties["group.id"] ?? "bounce-worker-reader"
        return properties
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Reads the partition from its low to its high watermark, calling `body` for each message.
    /// - Returns: the number of records read.
    private static func scan(
        topic: String, partition: Int32, properties: [String: String], timeoutMilliseconds: Int,
        _ body: (UnsafeMutablePointer<rd_kafka_message_t>) -> Void
    ) throws -> Int {
        let conf = try RdKafkaConfiguration.make(properties)
        let rk = try RdKafkaConfiguration.newClient(type: RD_KAFKA_CONSUMER, conf: conf)
        defer { rd_kafka_destroy(rk) }
        rd_kafka_poll_set_consumer(rk)

        var low: Int64 = 0
        var high: Int64 = 0
        let watermarkError = rd_kafka_query_watermark_offsets(
            rk, topic, partition, &low, &high, Int32(clamping: timeoutMilliseconds))
        guard watermarkError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.from(watermarkError, context: "watermarks of \(topic)[\(partition)]")
        }
        guard high > low else { return 0 }

        guard let list = rd_kafka_topic_partition_list_new(1) else {
            throw KafkaError.client("cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let element = rd_kafka_topic_partition_list_add(list, topic, partition)
        element?.pointee.offset = low
        let assignError = rd_kafka_assign(rk, list)
        guard assignError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.from(assignError, context: "assign \(topic)[\(partition)]")
        }
        defer { _ = rd_kafka_assign(rk, nil) }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        var recordsRead = 0
        var next = low
        while next < high {
            guard clock.now < deadline else {
                throw KafkaError.client(
                    "reading \(topic)[\(partition)] timed out at offset \(next) of \(high) after \(timeoutMilliseconds) ms"
                )
            }
            guard let message = rd_kafka_consumer_poll(rk, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let raw = message.pointee
            if raw.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                next = max(next, raw.offset)
                continue
            }
            if raw.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let fatal = KafkaError.fatal(of: rk) { throw fatal }
                continue
            }
            guard raw.partition == partition else { continue }
            recordsRead += 1
            next = raw.offset + 1
            body(message)
        }
        return recordsRead
    }
}

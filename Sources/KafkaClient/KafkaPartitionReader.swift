import CRdKafka

/// Reads one partition from its beginning to its current end without joining a consumer group: the way a
/// stateful stage restores its state from a compacted changelog topic.
public enum KafkaPartitionReader {
    /// What was read from one partition: the latest non-empty value of every key, and the records read.
    public struct LatestValues: Sendable {
        /// The latest non-empty value per key.
        public var values: [[UInt8]: [UInt8]] = [:]
        /// The number of records read.
        public var recordsRead = 0
    }

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
        let read = try await latestValues(
            topic: topic, partitions: [partition], connection: connection, timeout: timeout)
        let result = read[partition] ?? LatestValues()
        return (result.values, result.recordsRead)
    }

    /// ``latestValues(topic:partition:connection:timeout:)`` for several partitions of one topic at once,
    /// with one client: one connection set-up and one offset lookup per partition leader, however many
    /// partitions there are (a stage that is assigned 100 partitions restores them together).
    /// - Returns: what was read, for every partition asked for.
    public static func latestValues(
        topic: String, partitions: [Int32], connection: KafkaConnectionConfiguration, timeout: Duration = .seconds(60)
    ) async throws -> [Int32: LatestValues] {
        let properties = readerProperties(connection)
        let timeoutMilliseconds = milliseconds(timeout)
        return try await DedicatedThread.run(name: "kafka-partition-reader") {
            var result: [Int32: LatestValues] = [:]
            for partition in partitions { result[partition] = LatestValues() }
            try scan(
                topic: topic, partitions: partitions, properties: properties,
                timeoutMilliseconds: timeoutMilliseconds
            ) { partition, message in
                let raw = message.pointee
                guard let keyPointer = raw.key else { return }
                let key = Array(UnsafeRawBufferPointer(start: keyPointer, count: raw.key_len))
                result[partition, default: LatestValues()].recordsRead += 1
                if let payload = raw.payload, raw.len > 0 {
                    result[partition, default: LatestValues()].values[key] = Array(
                        UnsafeRawBufferPointer(start: payload, count: raw.len))
                } else {
                    result[partition, default: LatestValues()].values.removeValue(forKey: key)
                }
            }
            return result
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
            try scan(
                topic: topic, partitions: [partition], properties: properties,
                timeoutMilliseconds: timeoutMilliseconds
            ) { _, message in
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

    /// Reads each partition from its low to its high watermark (both looked up when the call starts),
    /// calling `body` for each message, partitions interleaved, each in offset order.
    private static func scan(
        topic: String, partitions: [Int32], properties: [String: String], timeoutMilliseconds: Int,
        _ body: (Int32, UnsafeMutablePointer<rd_kafka_message_t>) -> Void
    ) throws {
        guard !partitions.isEmpty else { return }
        let conf = try RdKafkaConfiguration.make(properties)
        let rk = try RdKafkaConfiguration.newClient(type: RD_KAFKA_CONSUMER, conf: conf)
        defer { rd_kafka_destroy(rk) }
        rd_kafka_poll_set_consumer(rk)

        let lookupTimeout = Int32(clamping: timeoutMilliseconds)
        let low = try offsets(
            rk, topic: topic, partitions: partitions, at: Int64(RD_KAFKA_OFFSET_BEGINNING), lookupTimeout)
        let high = try offsets(rk, topic: topic, partitions: partitions, at: Int64(RD_KAFKA_OFFSET_END), lookupTimeout)
        var next: [Int32: Int64] = [:]
        for partition in partitions {
            let start = low[partition] ?? 0
            if let end = high[partition], end > start { next[partition] = start }
        }
        guard !next.isEmpty else { return }

        guard let list = rd_kafka_topic_partition_list_new(Int32(next.count)) else {
            throw KafkaError.client("cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in next {
            rd_kafka_topic_partition_list_add(list, topic, partition)?.pointee.offset = offset
        }
        let assignError = rd_kafka_assign(rk, list)
        guard assignError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.from(assignError, context: "assign \(topic) \(next.keys.sorted())")
        }
        defer { _ = rd_kafka_assign(rk, nil) }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        var unfinished = next.count
        while unfinished > 0 {
            guard clock.now < deadline else {
                let behind = next.filter { $0.value < (high[$0.key] ?? 0) }.keys.sorted()
                throw KafkaError.client(
                    "reading \(topic) timed out after \(timeoutMilliseconds) ms; partitions not read to their end: \(behind)"
                )
            }
            guard let message = rd_kafka_consumer_poll(rk, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let raw = message.pointee
            guard let current = next[raw.partition], let end = high[raw.partition], current < end else { continue }
            if raw.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                next[raw.partition] = max(current, raw.offset)
            } else if raw.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let fatal = KafkaError.fatal(of: rk) { throw fatal }
                continue
            } else {
                next[raw.partition] = raw.offset + 1
                body(raw.partition, message)
            }
            if (next[raw.partition] ?? 0) >= end { unfinished -= 1 }
        }
    }

    /// The earliest (`RD_KAFKA_OFFSET_BEGINNING`) or next (`RD_KAFKA_OFFSET_END`) offset of each partition,
    /// asked in one request per partition leader.
    private static func offsets(
        _ rk: OpaquePointer, topic: String, partitions: [Int32], at position: Int64, _ timeoutMilliseconds: Int32
    ) throws -> [Int32: Int64] {
        guard let list = rd_kafka_topic_partition_list_new(Int32(partitions.count)) else {
            throw KafkaError.client("cannot allocate a partition list")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions {
            rd_kafka_topic_partition_list_add(list, topic, partition)?.pointee.offset = position
        }
        let error = rd_kafka_offsets_for_times(rk, list, timeoutMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.from(error, context: "offsets of \(topic) \(partitions)")
        }
        var result: [Int32: Int64] = [:]
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.from(element.err, context: "offset of \(topic)[\(element.partition)]")
            }
            result[element.partition] = element.offset
        }
        return result
    }
}

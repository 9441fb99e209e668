import KafkaClient
import TestSupport
import Testing

@Suite("Produce and consume through a group")
struct ProduceConsumeTests {
    @Test("10,000 keyed messages with headers: each once, per-partition order kept")
    func tenThousandKeyedMessages() async throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("keyed")
        try cluster.createTopic(name: topic, partitions: 6, replicationFactor: 3)

        let total = 10_000
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        for index in 0..<total {
            try await producer.enqueue(
                KafkaProducerRecord(
                    topic: topic,
                    key: "key-\(index % 97)".bytes,
                    value: "\(index)".bytes,
                    headers: [
                        KafkaHeader(name: "seq", string: "\(index)"), KafkaHeader(name: "origin", string: "test"),
                    ]
                )
            )
        }
        try await producer.flush(timeout: .seconds(60))
        #expect(producer.failedDeliveryCount == 0)
        #expect(producer.deliveredCount == total)
        await producer.close()

        let consumer = try KafkaConsumer(
            configuration: testConsumerConfiguration(cluster: cluster, group: uniqueName("group")),
            logger: testLogger("c")
        )
        try consumer.subscribe(topics: [topic])

        var seen = Set<Int>()
        var lastOffset: [Int32: Int64] = [:]
        var lastSequenceOfKey: [String: Int] = [:]
        var partitionOfKey: [String: Int32] = [:]
        var duplicates = 0
        let deadline = ContinuousClock.now + .seconds(90)
        for await message in consumer.messages {
            let sequence = Int(message.value.string) ?? -1
            #expect(message.headers.first { $0.name == "seq" }?.value.string == "\(sequence)")
            #expect(message.headers.count == 2)
            #expect(message.timestamp != nil)
            let key = message.key?.string ?? ""
            #expect(key == "key-\(sequence % 97)")
            if !seen.insert(sequence).inserted { duplicates += 1 }
            #expect(message.offset > lastOffset[message.partition, default: -1], "offsets increase per partition")
            lastOffset[message.partition] = message.offset
            #expect(sequence > lastSequenceOfKey[key, default: -1], "per-key (per-partition) order is kept")
            lastSequenceOfKey[key] = sequence
            if let partition = partitionOfKey[key] {
                #expect(partition == message.partition, "a key always lands on one partition")
            }
            partitionOfKey[key] = message.partition
            try consumer.storeOffset(for: message)
            if seen.count == total || ContinuousClock.now > deadline { break }
        }
        #expect(seen.count == total)
        #expect(duplicates == 0)
        #expect(Set(lastOffset.keys).count == 6, "messages spread over all partitions")
        try await consumer.commit()
        let committed = try await consumer.committed(
            (0..<6).map { KafkaTopicPartition(topic: topic, partition: $0) })
        let committedTotal = committed.values.reduce(Int64(0)) { $0 + ($1 ?? 0) }
        #expect(committedTotal == Int64(total))
        #expect(try await consumer.lag(topic: topic, partition: 0) == 0)
        await consumer.close()
    }

    @Test("send returns the delivery report; explicit partitions are honoured")
    func sendReturnsDeliveryReport() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("send")
        try cluster.createTopic(name: topic, partitions: 4)
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        let first = try await producer.send(KafkaProducerRecord(topic: topic, partition: 2, key: nil, value: "a".bytes))
        let second = try await producer.send(KafkaProducerRecord(topic: topic, partition: 2, value: "b".bytes))
        #expect(first.topic == topic)
        #expect(first.partition == 2)
        #expect(second.offset == first.offset + 1)
        await producer.close()
        await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerRecord(topic: topic, value: "late".bytes))
        }
    }

    @Test("prepare looks up the output topics ahead of the first record; a closed producer refuses")
    func prepareLooksUpTopics() async throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topics = [uniqueName("out-a"), uniqueName("out-b")]
        for topic in topics { try cluster.createTopic(name: topic, partitions: 6, replicationFactor: 3) }
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        #expect(try await producer.prepare(topics: topics).isEmpty)
        let report = try await producer.send(KafkaProducerRecord(topic: topics[1], key: "k".bytes, value: "v".bytes))
        #expect(report.topic == topics[1])
        #expect(report.offset == 0)
        await producer.close()
        await #expect(throws: KafkaError.self) { try await producer.prepare(topics: topics) }
    }
}

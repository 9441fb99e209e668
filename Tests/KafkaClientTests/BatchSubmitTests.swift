import KafkaClient
import TestSupport
import Testing

@Suite("Producing runs of records with one delivery ticket")
struct BatchSubmitTests {
    @Test("a batch is produced in order and acknowledged with one wait")
    func batchDeliveredInOrder() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("batch")
        try cluster.createTopic(name: topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))

        let records = (0..<1_000).map { KafkaProducerRecord(topic: topic, value: "\($0)".bytes) }
        let ticket = await producer.submit(batch: records)
        #expect(await ticket.wait().isEmpty)
        #expect(producer.deliveredCount == 1_000)
        #expect(producer.inFlightCount == 0)
        // Every record landed before the next one, in the batch's order.
        let next = try await producer.send(KafkaProducerRecord(topic: topic, value: "next".bytes))
        #expect(next.offset == 1_000)
        await producer.close()

        let consumer = try KafkaConsumer(
            configuration: testConsumerConfiguration(cluster: cluster, group: uniqueName("group")),
            logger: testLogger("c"))
        try consumer.subscribe(topics: [topic])
        var values: [String] = []
        let deadline = ContinuousClock.now + .seconds(60)
        for await message in consumer.messages {
            values.append(message.value.string)
            if values.count == 1_001 || ContinuousClock.now > deadline { break }
        }
        #expect(values == (0..<1_000).map { "\($0)" } + ["next"])
        await consumer.close()
    }

    @Test("undelivered records are reported by index with the broker's error")
    func failuresByIndex() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("batch-errors")
        try cluster.createTopic(name: topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        try await producer.send(KafkaProducerRecord(topic: topic, value: "warm-up".bytes))

        // TOPIC_AUTHORIZATION_FAILED is permanent: the request carrying the batch fails (one error per record,
        // should librdkafka split the batch over several requests).
        try cluster.pushRequestErrors(api: .produce, code: 29, count: 3)
        let records = (0..<3).map { KafkaProducerRecord(topic: topic, value: "\($0)".bytes) }
        let failures = await producer.submit(batch: records).wait()
        #expect(failures.map(\.index) == [0, 1, 2])
        #expect(failures.allSatisfy { $0.error.code == 29 })
        #expect(producer.inFlightCount == 0)

        // Closed: nothing is produced, and every record is reported.
        await producer.close()
        let closed = await producer.submit(batch: records).wait()
        #expect(closed.map(\.index) == [0, 1, 2])
        #expect(closed.first?.error.message.contains("closed") == true)
    }

    @Test("an empty batch is acknowledged at once")
    func emptyBatch() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        #expect(await producer.submit(batch: []).wait().isEmpty)
        await producer.close()
    }
}

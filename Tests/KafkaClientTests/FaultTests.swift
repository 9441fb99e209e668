import KafkaClient
import TestSupport
import Testing

@Suite("Fault injection with the mock cluster")
struct FaultTests {
    @Test("broker down then up while producing: every message delivered once, no error")
    func brokerDownThenUp() async throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("down-up")
        try cluster.createTopic(name: topic, partitions: 6, replicationFactor: 3)
        let admin = try KafkaAdminClient(
            connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers]),
            logger: testLogger("admin")
        )
        let description = try #require(try await admin.describeTopics([topic]).first)
        #expect(description.partitions.count == 6)
        // The mock spreads leaders over the brokers; take down the leader of partition 0.
        let victim = try #require(description.partitions.first?.leader)
        let victimPartitions = Set(description.partitions.filter { $0.leader == victim }.map(\.id))

        var configuration = testProducerConfiguration(cluster: cluster)
        configuration.additionalProperties["reconnect.backoff.max.ms"] = "500"
        configuration.additionalProperties["retry.backoff.ms"] = "50"
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger("p"))
        func enqueue(_ range: Range<Int>) async throws {
            for index in range {
                try await producer.enqueue(
                    KafkaProducerRecord(
                        topic: topic, partition: Int32(index % 6), key: "k\(index)".bytes, value: "v\(index)".bytes))
            }
        }

        try await enqueue(0..<1000)
        try await producer.flush()
        try cluster.setBrokerDown(victim)
        try await enqueue(1000..<2000)
        let elsewhere = (1000..<2000).filter { !victimPartitions.contains(Int32($0 % 6)) }.count
        try await waitUntil("the other brokers keep accepting records") { producer.deliveredCount == 1000 + elsewhere }
        #expect(producer.inFlightCount == 1000 - elsewhere, "records for the downed broker's partitions wait")

        try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { tasks in
            tasks.addTask {
                try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, value: "v2000".bytes))
            }
            try cluster.setBrokerUp(victim)
            let report = try await tasks.next()
            #expect(report?.partition == 0)
        }
        try await producer.flush(timeout: .seconds(30))
        #expect(producer.failedDeliveryCount == 0)
        #expect(producer.deliveredCount == 2001)
        await producer.close()

        let consumer = try KafkaConsumer(
            configuration: testConsumerConfiguration(cluster: cluster, group: uniqueName("group")),
            logger: testLogger("c")
        )
        try consumer.subscribe(topics: [topic])
        var counts: [String: Int] = [:]
        var total = 0
        for await message in consumer.messages {
            counts[message.value.string, default: 0] += 1
            total += 1
            if counts.count == 2001 { break }
        }
        #expect(counts.count == 2001)
        #expect(total == 2001, "no record was written twice")
        await consumer.close()
    }

    @Test("produce errors: retriable ones are retried, others surface as typed errors")
    func produceRequestErrors() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("produce-errors")
        try cluster.createTopic(name: topic, partitions: 1)
        var configuration = testProducerConfiguration(cluster: cluster)
        configuration.additionalProperties["retry.backoff.ms"] = "20"
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger("p"))
        try await producer.send(KafkaProducerRecord(topic: topic, value: "warm-up".bytes))

        // NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS: librdkafka retries.
        try cluster.pushRequestErrors(api: .produce, errors: [6, 7, 19])
        let report = try await producer.send(KafkaProducerRecord(topic: topic, value: "retried".bytes))
        #expect(report.offset == 1)

        // TOPIC_AUTHORIZATION_FAILED is permanent.
        try cluster.pushRequestErrors(api: .produce, code: 29, count: 1)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerRecord(topic: topic, value: "refused".bytes))
        }
        #expect(error?.code == 29)
        #expect(error?.codeName == "TOPIC_AUTHORIZATION_FAILED")
        #expect(error?.isRetriable == false)
        await producer.close()
    }

    @Test("commit errors surface from commit() and as events from commitAsync()")
    func commitErrors() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("commit-errors")
        try cluster.createTopic(name: topic, partitions: 1)
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        for index in 0..<3 {
            try await producer.send(KafkaProducerRecord(topic: topic, value: "\(index)".bytes))
        }
        await producer.close()

        var configuration = testConsumerConfiguration(cluster: cluster, group: uniqueName("group"))
        configuration.enableAutoCommit = false
        let consumer = try KafkaConsumer(configuration: configuration, logger: testLogger("c"))
        try consumer.subscribe(topics: [topic])
        var iterator = consumer.messages.makeAsyncIterator()
        let first = try #require(await iterator.next())
        try consumer.storeOffset(for: first)

        // GROUP_AUTHORIZATION_FAILED
        try cluster.pushRequestErrors(api: .offsetCommit, code: 30, count: 1)
        let error = await #expect(throws: KafkaError.self) { try await consumer.commit() }
        #expect(error?.code == 30)

        let second = try #require(await iterator.next())
        try consumer.storeOffset(for: second)
        try cluster.pushRequestErrors(api: .offsetCommit, code: 30, count: 1)
        try consumer.commitAsync()
        var failure: KafkaError?
        for await event in consumer.events {
            if case .commitFailed(let error) = event {
                failure = error
                break
            }
        }
        #expect(failure?.code == 30)

        try await consumer.commit()
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        #expect(try await consumer.committed([partition])[partition] == 2)
        await consumer.close()
    }
}

import KafkaClient
import TestSupport
import Testing

@Suite("Pause, resume and buffering")
struct FlowControlTests {
    @Test("while a partition is paused nothing arrives from it and prefetch stays bounded")
    func pauseAndResume() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("pause")
        try cluster.createTopic(name: topic, partitions: 2)
        let paused = KafkaTopicPartition(topic: topic, partition: 0)
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))

        var configuration = testConsumerConfiguration(cluster: cluster, group: uniqueName("group"))
        configuration.statisticsInterval = .milliseconds(200)
        configuration.bufferCapacity = 100
        configuration.queuedMaxMessagesKBytes = 1024
        let consumer = try KafkaConsumer(configuration: configuration, logger: testLogger("c"))
        try consumer.subscribe(topics: [topic])

        let received = Collector<KafkaMessage>()
        let latestStatistics = Box<KafkaStatistics?>(nil)
        let statisticsCount = Box(0)
        func count(partition: Int32) -> Int { received.values.filter { $0.partition == partition }.count }
        func partitionStatistics(_ partition: Int32) -> KafkaStatistics.Partition? {
            latestStatistics.value?.partitions.first { $0.topic == topic && $0.partition == partition }
        }

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await consumer.run() }
            tasks.addTask {
                for await message in consumer.messages { received.append(message) }
            }
            tasks.addTask {
                for await case .statistics(let statistics) in consumer.events {
                    latestStatistics.value = statistics
                    statisticsCount.update { $0 += 1 }
                }
            }
            for partition: Int32 in [0, 1] {
                for index in 0..<50 {
                    try await producer.enqueue(
                        KafkaProducerRecord(topic: topic, partition: partition, value: "\(index)".bytes))
                }
            }
            try await producer.flush()
            try await waitUntil("the first 100 messages arrive") { received.count == 100 }

            try consumer.pause([paused])
            #expect(consumer.pausedPartitions == [paused])
            let payload = [UInt8](repeating: 0x61, count: 1024)
            for _ in 0..<3000 {
                try await producer.enqueue(KafkaProducerRecord(topic: topic, partition: 0, value: payload))
            }
            for index in 0..<20 {
                try await producer.enqueue(
                    KafkaProducerRecord(topic: topic, partition: 1, value: "more-\(index)".bytes))
            }
            try await producer.flush()

            try await waitUntil("messages of the running partition still arrive") { count(partition: 1) == 70 }
            #expect(try await consumer.watermarks(topic: topic, partition: 0).high == 3050)
            let reportsBefore = statisticsCount.value
            try await waitUntil("a few statistics reports arrive while paused") {
                statisticsCount.value >= reportsBefore + 3
            }
            #expect(count(partition: 0) == 50, "nothing arrived from the paused partition")
            #expect((partitionStatistics(0)?.fetchQueueCount ?? -1) == 0, "nothing is prefetched for it")
            let fetchQueueBytes = latestStatistics.value?.partitions.reduce(Int64(0)) { $0 + $1.fetchQueueBytes } ?? 0
            #expect(fetchQueueBytes <= 1024 * 1024)
            #expect(consumer.bufferedMessageCount <= 100)

            try consumer.resume([paused])
            try await waitUntil("the paused partition's backlog arrives after resume") { count(partition: 0) == 3050 }
            await consumer.close()
            try await tasks.waitForAll()
        }
        let offsets = received.values.filter { $0.partition == 0 }.map(\.offset)
        #expect(offsets == Array(0..<3050), "resumed in order, nothing lost or repeated")
        await producer.close()
    }

    @Test("a full buffer pauses fetching without losing or repeating messages")
    func fullBufferBackPressure() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("buffer")
        try cluster.createTopic(name: topic, partitions: 3)
        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        for index in 0..<3000 {
            try await producer.enqueue(
                KafkaProducerRecord(topic: topic, key: "k\(index)".bytes, value: "\(index)".bytes))
        }
        try await producer.flush()
        await producer.close()

        var configuration = testConsumerConfiguration(cluster: cluster, group: uniqueName("group"))
        configuration.bufferCapacity = 50
        configuration.statisticsInterval = .milliseconds(100)
        let consumer = try KafkaConsumer(configuration: configuration, logger: testLogger("c"))
        try consumer.subscribe(topics: [topic])
        let statisticsReports = Box(0)

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await consumer.run() }
            tasks.addTask {
                for await case .statistics in consumer.events { statisticsReports.update { $0 += 1 } }
            }
            try await waitUntil("the buffer fills up") { consumer.bufferedMessageCount == 50 }
            let reportsAtFull = statisticsReports.value
            try await waitUntil("a few statistics intervals pass") { statisticsReports.value >= reportsAtFull + 3 }
            #expect(consumer.bufferedMessageCount == 50, "the buffer never grows past its capacity")

            var seen = Set<String>()
            var lastOffset: [Int32: Int64] = [:]
            for await message in consumer.messages {
                #expect(message.offset == lastOffset[message.partition, default: -1] + 1)
                lastOffset[message.partition] = message.offset
                seen.insert(message.value.string)
                if seen.count == 3000 { break }
            }
            #expect(seen.count == 3000)
            await consumer.close()
            try await tasks.waitForAll()
        }
    }
}

import KafkaClient
import TestSupport
import Testing

@Suite("Consumer group rebalancing")
struct RebalanceTests {
    struct Consumed: Sendable {
        let member: Int
        let partition: Int32
        let offset: Int64
        let value: String
        let afterPhaseOneCommit: Bool
    }

    @Test(
        "two then three members; one leaves, one dies; the survivor owns everything",
        arguments: [KafkaConsumerConfiguration.AssignmentStrategy.cooperativeSticky, .range]
    )
    func membersJoinLeaveAndDie(strategy: KafkaConsumerConfiguration.AssignmentStrategy) async throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let topic = uniqueName("rebalance")
        let group = uniqueName("group")
        let partitionCount: Int32 = 6
        try cluster.createTopic(name: topic, partitions: Int(partitionCount), replicationFactor: 3)
        let allPartitions = Set((0..<partitionCount).map { KafkaTopicPartition(topic: topic, partition: $0) })

        let producer = try KafkaProducer(
            configuration: testProducerConfiguration(cluster: cluster), logger: testLogger("p"))
        func produce(prefix: String) async throws {
            for index in 0..<600 {
                try await producer.enqueue(
                    KafkaProducerRecord(topic: topic, key: "k\(index)".bytes, value: "\(prefix)-\(index)".bytes))
            }
            try await producer.flush()
        }

        let consumed = Collector<Consumed>()
        let rebalances = Collector<(Int, KafkaRebalanceEvent)>()
        let phaseOneCommitted = Box(false)
        let expectedProtocol: KafkaRebalanceProtocol = strategy == .cooperativeSticky ? .cooperative : .eager

        func makeMember(_ id: Int) throws -> KafkaConsumer {
            let consumer = try KafkaConsumer(
                configuration: testConsumerConfiguration(cluster: cluster, group: group, strategy: strategy),
                logger: testLogger("c\(id)")
            ) { event in
                rebalances.append((id, event))
            }
            try consumer.subscribe(topics: [topic])
            return consumer
        }

        func consume(_ consumer: KafkaConsumer, member: Int) async {
            for await message in consumer.messages {
                // A store can fail when the partition was revoked meanwhile; the message is then
                // not committed by this member and another one reads it again.
                guard (try? consumer.storeOffset(for: message)) != nil else { continue }
                consumed.append(
                    Consumed(
                        member: member,
                        partition: message.partition,
                        offset: message.offset,
                        value: message.value.string,
                        afterPhaseOneCommit: phaseOneCommitted.value
                    )
                )
            }
        }

        func ownsDisjointShares(_ members: [KafkaConsumer]) -> Bool {
            let assignments = members.map(\.assignment)
            let total = assignments.reduce(0) { $0 + $1.count }
            return assignments.allSatisfy { !$0.isEmpty } && total == allPartitions.count
                && assignments.reduce(Set()) { $0.union($1) } == allPartitions
        }

        func distinctValues(prefix: String) -> Int {
            Set(consumed.values.map(\.value).filter { $0.hasPrefix(prefix) }).count
        }

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let first = try makeMember(1)
            tasks.addTask { await first.run() }
            tasks.addTask { await consume(first, member: 1) }
            try await waitUntil("member 1 owns all partitions") { first.assignment == allPartitions }

            let second = try makeMember(2)
            tasks.addTask { await second.run() }
            tasks.addTask { await consume(second, member: 2) }
            try await waitUntil("two members share the partitions") { ownsDisjointShares([first, second]) }

            let third = try makeMember(3)
            tasks.addTask { await third.run() }
            tasks.addTask { await consume(third, member: 3) }
            try await waitUntil("three members share the partitions") { ownsDisjointShares([first, second, third]) }

            // Produce while the group is stable, so that every member reads a share once.
            try await produce(prefix: "one")
            try await waitUntil("all first-phase messages consumed") { distinctValues(prefix: "one-") == 600 }
            // Every member commits until the group's committed offsets cover every first-phase message. A commit
            // racing a follow-up rebalance round is refused (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
            // REBALANCE_IN_PROGRESS), and a member that lost its partitions in such a round (a loaded machine
            // can make it miss the round) commits nothing for them: their new owner reads them again, stores
            // its offsets and commits them on a later turn.
            try await waitUntil("every first-phase message committed") {
                for member in [first, second, third] {
                    do {
                        try await member.commit()
                    } catch let error as KafkaError where [22, 25, 27].contains(error.code) {
                        continue
                    }
                }
                let committed = try await first.committed(Array(allPartitions))
                return committed.values.reduce(Int64(0)) { $0 + ($1 ?? 0) } == 600
            }
            phaseOneCommitted.value = true

            await first.close()
            await second.destroyWithoutClose()
            try await waitUntil("the survivor owns every partition") { third.assignment == allPartitions }

            try await produce(prefix: "two")
            try await waitUntil("all second-phase messages consumed") { distinctValues(prefix: "two-") == 600 }
            await third.close()
            try await tasks.waitForAll()
        }
        await producer.close()

        let records = consumed.values
        let reconsumedAfterCommit = records.filter { $0.afterPhaseOneCommit && $0.value.hasPrefix("one-") }
        #expect(reconsumedAfterCommit.count == 0, "committed messages were consumed again")
        #expect(Set(records.filter { $0.value.hasPrefix("one-") }.map(\.value)).count == 600)
        let phaseTwo = records.filter { $0.value.hasPrefix("two-") }
        #expect(phaseTwo.count == 600, "every second-phase message exactly once")
        #expect(phaseTwo.filter { $0.member != 3 }.count == 0, "only the survivor reads after the others left")
        #expect(Set(records.filter { $0.value.hasPrefix("one-") }.map(\.member)) == [1, 2, 3])

        let events = rebalances.values
        #expect(events.allSatisfy { $0.1.rebalanceProtocol == expectedProtocol })
        #expect(events.contains { $0.0 == 1 && $0.1.kind == .revoked }, "the clean close revoked member 1's partitions")
        #expect(events.contains { $0.0 == 3 && $0.1.kind == .assigned })
    }
}

import KafkaClient
import Testing

@testable import BouncePipeline

struct RunMailboxTests {
    private func messages(_ partition: Int32, _ offsets: ClosedRange<Int64>, topic: String = "t") -> [KafkaMessage] {
        offsets.map { KafkaMessage(topic: topic, partition: partition, offset: $0, value: []) }
    }

    @Test func runsThatArriveWhileTheLaneIsBusyAreTakenAsOne() async {
        let mailbox = RunMailbox()
        mailbox.put(messages(0, 0...2))
        mailbox.put([])
        mailbox.put(messages(0, 3...4))
        mailbox.put(messages(0, 5...5))
        #expect(await mailbox.next()?.map(\.offset) == [0, 1, 2, 3, 4, 5])
        mailbox.put(messages(0, 6...7))
        mailbox.finish()
        mailbox.put(messages(0, 8...9))  // after finish: ignored
        #expect(await mailbox.next()?.map(\.offset) == [6, 7])
        #expect(await mailbox.next() == nil)
    }

    @Test func aWaitingLaneGetsTheNextRun() async {
        let mailbox = RunMailbox()
        await withTaskGroup(of: [Int64]?.self) { group in
            group.addTask { await mailbox.next()?.map(\.offset) }
            try? await Task.sleep(for: .milliseconds(50))
            mailbox.put(messages(3, 10...12))
            #expect(await group.next() == .some([10, 11, 12]))
        }
    }

    @Test func finishingWakesAWaitingLane() async {
        let mailbox = RunMailbox()
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await mailbox.next() == nil }
            try? await Task.sleep(for: .milliseconds(50))
            mailbox.finish()
            #expect(await group.next() == true)
        }
    }

    @Test func cancellingAWaitingLaneEndsItsWait() async {
        let mailbox = RunMailbox()
        let lane = Task { await mailbox.next() }
        try? await Task.sleep(for: .milliseconds(50))
        lane.cancel()
        #expect(await lane.value == nil)
    }

    @Test func aConsumerBatchIsSplitIntoOneRunPerPartitionInOrder() {
        let batch =
            messages(1, 0...1) + messages(2, 5...5) + messages(1, 2...3) + messages(1, 0...0, topic: "u")
            + messages(2, 6...7)
        let runs = StageCoordinator.runsByPartition(batch)
        #expect(
            runs.map(\.partition) == [
                KafkaTopicPartition(topic: "t", partition: 1), KafkaTopicPartition(topic: "t", partition: 2),
                KafkaTopicPartition(topic: "u", partition: 1),
            ])
        #expect(runs.map { $0.messages.map(\.offset) } == [[0, 1, 2, 3], [5, 6, 7], [0]])
    }
}

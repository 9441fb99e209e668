import KafkaClient
import Synchronization
import Testing

@testable import BouncePipeline

/// The total in-flight bound: the reader is held there, and every partition is paused only when the stage stays
/// at the bound for longer than ``FlowLimits/totalBoundGrace``.
struct StageCoordinatorFlowTests {
    /// The partitions the pause callbacks were given, in order.
    private final class PauseLog: Sendable {
        private let entries = Mutex<[KafkaTopicPartition]>([])

        func record(_ partitions: [KafkaTopicPartition]) { entries.withLock { $0 += partitions } }

        var partitions: [KafkaTopicPartition] { entries.withLock { $0 } }
    }

    private let partitions = [
        KafkaTopicPartition(topic: "t", partition: 0), KafkaTopicPartition(topic: "t", partition: 1),
    ]

    /// A coordinator whose total bound is 10 messages (resuming at 5), far below the per-partition bound.
    private func coordinator(grace: Duration) -> StageCoordinator {
        let (_, laneStarts) = AsyncStream.makeStream(of: StageCoordinator.LaneStart.self)
        return StageCoordinator(
            limits: FlowLimits(maxInFlightPerPartition: 100, maxInFlightTotal: 10, totalBoundGrace: grace),
            laneStarts: laneStarts)
    }

    /// `count` messages of each partition, from offset 0; the lanes start in partition order (generations 1, 2).
    private func batch(_ count: Int) -> [KafkaMessage] {
        partitions.flatMap { partition in
            (0..<count).map {
                KafkaMessage(topic: partition.topic, partition: partition.partition, offset: Int64($0), value: [])
            }
        }
    }

    @Test func belowTheBoundTheReaderGoesOnAtOnce() async {
        let coordinator = coordinator(grace: .zero)
        let log = PauseLog()
        coordinator.dispatch(batch(2)) { log.record($0) }
        await coordinator.waitForRoom { log.record($0) }
        #expect(log.partitions.isEmpty)
    }

    @Test func aStageThatDrainsWithinTheGraceNeverPauses() async {
        let coordinator = coordinator(grace: .seconds(30))
        let log = PauseLog()
        coordinator.dispatch(batch(5)) { log.record($0) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await coordinator.waitForRoom { log.record($0) } }
            try? await Task.sleep(for: .milliseconds(50))
            _ = coordinator.complete(partitions[0], offsets: [0, 1, 2, 3, 4], generation: 1) { log.record($0) }
            await group.next()  // returns well before the grace: the stage drained to its resume mark
        }
        #expect(log.partitions.isEmpty)
    }

    @Test func aStageHeldPastTheGracePausesEveryPartitionUntilItDrains() async {
        let coordinator = coordinator(grace: .milliseconds(20))
        let log = PauseLog()
        coordinator.dispatch(batch(5)) { log.record($0) }
        #expect(log.partitions.isEmpty)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await coordinator.waitForRoom { log.record($0) } }
            for _ in 0..<500 where log.partitions.isEmpty { try? await Task.sleep(for: .milliseconds(10)) }
            #expect(Set(log.partitions) == Set(partitions))
            let resumed = PauseLog()
            _ = coordinator.complete(partitions[1], offsets: [0, 1, 2], generation: 2) { resumed.record($0) }
            #expect(resumed.partitions.isEmpty)  // 7 in flight: above the resume mark
            _ = coordinator.complete(partitions[1], offsets: [3, 4], generation: 2) { resumed.record($0) }
            #expect(Set(resumed.partitions) == Set(partitions))
            await group.next()
        }
    }
}

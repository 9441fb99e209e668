import KafkaClient
import Synchronization

/// The bookkeeping a ``PartitionedStage`` shares between its reader, its partition tasks and its rebalance
/// handler: one lane per assigned partition (its message stream, offset tracker and in-flight count) and
/// the flow-control decisions (which partitions to pause or resume).
final class StageCoordinator: Sendable {
    /// A new partition lane for the stage's task group to run.
    struct LaneStart: Sendable {
        let partition: KafkaTopicPartition
        let generation: Int
        let messages: AsyncStream<KafkaMessage>
    }

    private struct Lane {
        let continuation: AsyncStream<KafkaMessage>.Continuation
        let generation: Int
        var tracker = OffsetTracker()
        var inFlight = 0
        var pausedForPartition = false
        var finished = false
    }

    private struct State {
        var lanes: [KafkaTopicPartition: Lane] = [:]
        var totalInFlight = 0
        var pausedForTotal = false
        var stopped = false
        var nextGeneration = 0
    }

    private let limits: FlowLimits
    private let laneStarts: AsyncStream<LaneStart>.Continuation
    private let state = Mutex(State())

    init(limits: FlowLimits, laneStarts: AsyncStream<LaneStart>.Continuation) {
        self.limits = limits
        self.laneStarts = laneStarts
    }

    /// Hands `message` to its partition's lane (starting one if needed).
    /// - Returns: the partitions to pause now.
    func dispatch(_ message: KafkaMessage) -> [KafkaTopicPartition] {
        let partition = message.topicPartition
        return state.withLock { state -> [KafkaTopicPartition] in
            guard !state.stopped else { return [] }
            var lane: Lane
            if let existing = state.lanes[partition] {
                guard !existing.finished else { return [] }
                lane = existing
            } else {
                let (stream, continuation) = AsyncStream<KafkaMessage>.makeStream()
                state.nextGeneration += 1
                lane = Lane(continuation: continuation, generation: state.nextGeneration)
                laneStarts.yield(LaneStart(partition: partition, generation: lane.generation, messages: stream))
            }
            lane.tracker.begin(message.offset)
            lane.inFlight += 1
            state.totalInFlight += 1
            lane.continuation.yield(message)
            var pause: [KafkaTopicPartition] = []
            if lane.inFlight >= limits.maxInFlightPerPartition, !lane.pausedForPartition {
                lane.pausedForPartition = true
                if !state.pausedForTotal { pause.append(partition) }
            }
            state.lanes[partition] = lane
            if state.totalInFlight >= limits.maxInFlightTotal, !state.pausedForTotal {
                state.pausedForTotal = true
                pause = state.lanes.filter { !$0.value.pausedForPartition || $0.key == partition }.map(\.key)
            }
            return pause
        }
    }

    /// Records that the message at `offset` is done (every record it produced is acknowledged).
    /// - Returns: the offset to store, if the completed prefix grew, and the partitions to resume.
    func complete(_ partition: KafkaTopicPartition, offset: Int64, generation: Int) -> (
        store: Int64?, resume: [KafkaTopicPartition]
    ) {
        state.withLock { state in
            guard var lane = state.lanes[partition], lane.generation == generation else { return (nil, []) }
            let store = lane.tracker.complete(offset)
            lane.inFlight -= 1
            state.totalInFlight -= 1
            var resume: [KafkaTopicPartition] = []
            if lane.pausedForPartition, lane.inFlight <= limits.resumeBelowPerPartition {
                lane.pausedForPartition = false
                if !state.pausedForTotal && !lane.finished { resume.append(partition) }
            }
            state.lanes[partition] = lane
            if state.pausedForTotal, state.totalInFlight <= limits.resumeBelowTotal {
                state.pausedForTotal = false
                resume = state.lanes.filter { !$0.value.pausedForPartition && !$0.value.finished }.map(\.key)
            }
            return (store, resume)
        }
    }

    /// Tells the lanes of `partitions` that no more messages come: they finish what they hold.
    func finishLanes(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            for partition in partitions {
                guard var lane = state.lanes[partition], !lane.finished else { continue }
                lane.finished = true
                lane.continuation.finish()
                state.lanes[partition] = lane
            }
        }
    }

    /// The number of messages in flight in `partitions`.
    func inFlight(_ partitions: [KafkaTopicPartition]) -> Int {
        state.withLock { state in partitions.reduce(0) { $0 + (state.lanes[$1]?.inFlight ?? 0) } }
    }

    /// Forgets `partitions`; late completions of their messages are ignored.
    func remove(_ partitions: [KafkaTopicPartition]) {
        state.withLock { state in
            for partition in partitions {
                guard let lane = state.lanes.removeValue(forKey: partition) else { continue }
                lane.continuation.finish()
                state.totalInFlight -= lane.inFlight
            }
        }
    }

    /// Stops taking messages: finishes every lane and the stream of lane starts.
    func stop() {
        state.withLock { state in
            state.stopped = true
            for (partition, var lane) in state.lanes where !lane.finished {
                lane.finished = true
                lane.continuation.finish()
                state.lanes[partition] = lane
            }
        }
        laneStarts.finish()
    }

    /// The messages in flight in every partition.
    var totalInFlight: Int { state.withLock { $0.totalInFlight } }

    /// The partitions that currently have a lane.
    var partitions: [KafkaTopicPartition] { state.withLock { Array($0.lanes.keys) } }
}

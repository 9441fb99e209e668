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
        /// The partition's messages, in offset order.
        let messages: RunMailbox
    }

    private struct Lane {
        let mailbox: RunMailbox
        let generation: Int
        var tracker = OffsetTracker()
        var inFlight = 0
        var pausedForPartition = false
        /// Whether the consumer was told to pause the partition (and not to resume it since).
        var paused = false
        var finished = false
    }

    private struct State {
        var lanes: [KafkaTopicPartition: Lane] = [:]
        var totalInFlight = 0
        /// Whether the stage reached its total bound and has not drained to the resume mark since: the reader
        /// takes nothing from the consumer meanwhile.
        var heldAtTotal = false
        /// Whether every partition was paused because the stage stayed at its total bound for longer than
        /// ``FlowLimits/totalBoundGrace``.
        var pausedForTotal = false
        var stopped = false
        var nextGeneration = 0
        /// The reader, waiting for the stage to drop below its resume mark.
        var roomWaiter: CheckedContinuation<Void, Never>?
        /// Readers released under the lock, resumed by ``StageCoordinator/withState(_:)`` once it is released.
        var releasedReaders: [CheckedContinuation<Void, Never>] = []
    }

    private let limits: FlowLimits
    private let laneStarts: AsyncStream<LaneStart>.Continuation
    private let state = Mutex(State())

    init(limits: FlowLimits, laneStarts: AsyncStream<LaneStart>.Continuation) {
        self.limits = limits
        self.laneStarts = laneStarts
    }

    /// Hands each message of `batch` to its partition's lane (starting lanes as needed), all messages of one
    /// partition in the batch together, in their order.
    ///
    /// `pause` is called with the partitions to pause now, if any, while the coordinator's lock is held:
    /// pauses and resumes reach the consumer in the order they were decided, so a resume decided earlier can
    /// never undo a pause decided later (which would let a partition run unbounded).
    func dispatch(_ batch: [KafkaMessage], pause: ([KafkaTopicPartition]) -> Void) {
        guard !batch.isEmpty else { return }
        let runs = Self.runsByPartition(batch)
        withState { state in
            var decided: [KafkaTopicPartition] = []
            for run in runs {
                decided += Self.admit(
                    run.messages, partition: run.partition, state: &state, limits: limits, laneStarts: laneStarts)
            }
            if !decided.isEmpty { pause(decided) }
        }
    }

    /// `batch` split by partition, in the order each partition first appears, every partition's messages in
    /// their order. A consumer's batch interleaves the record batches it fetched for several partitions; one
    /// run per partition makes the lanes' runs as long as the batch allows.
    static func runsByPartition(_ batch: [KafkaMessage]) -> [(partition: KafkaTopicPartition, messages: [KafkaMessage])]
    {
        var runs: [(partition: KafkaTopicPartition, messages: [KafkaMessage])] = []
        var current = 0
        for message in batch {
            let holdsMessage = { (run: (partition: KafkaTopicPartition, messages: [KafkaMessage])) in
                run.partition.partition == message.partition && run.partition.topic == message.topic
            }
            // Consecutive messages mostly share a partition: search only when it changes.
            if runs.isEmpty || !holdsMessage(runs[current]) {
                if let index = runs.firstIndex(where: holdsMessage) {
                    current = index
                } else {
                    runs.append((message.topicPartition, []))
                    current = runs.count - 1
                }
            }
            runs[current].messages.append(message)
        }
        return runs
    }

    /// Starts the lanes of newly assigned partitions before their first message, so that a lane prepares
    /// (the policy stage restores its state) while the group settles instead of holding up that message.
    func open(_ partitions: [KafkaTopicPartition]) {
        withState { state in
            guard !state.stopped else { return }
            for partition in partitions where state.lanes[partition] == nil {
                state.lanes[partition] = Self.startLane(partition, state: &state, laneStarts: laneStarts)
            }
        }
    }

    private static func startLane(
        _ partition: KafkaTopicPartition, state: inout State, laneStarts: AsyncStream<LaneStart>.Continuation
    ) -> Lane {
        let mailbox = RunMailbox()
        state.nextGeneration += 1
        let lane = Lane(mailbox: mailbox, generation: state.nextGeneration)
        laneStarts.yield(LaneStart(partition: partition, generation: lane.generation, messages: mailbox))
        return lane
    }

    private static func admit(
        _ run: [KafkaMessage], partition: KafkaTopicPartition, state: inout State, limits: FlowLimits,
        laneStarts: AsyncStream<LaneStart>.Continuation
    ) -> [KafkaTopicPartition] {
        guard !state.stopped else { return [] }
        var lane: Lane
        if let existing = state.lanes[partition] {
            guard !existing.finished else { return [] }
            lane = existing
        } else {
            lane = startLane(partition, state: &state, laneStarts: laneStarts)
        }
        for message in run { lane.tracker.begin(message.offset) }
        lane.inFlight += run.count
        state.totalInFlight += run.count
        lane.mailbox.put(run)
        if lane.inFlight >= limits.maxInFlightPerPartition { lane.pausedForPartition = true }
        state.lanes[partition] = lane
        if state.totalInFlight >= limits.maxInFlightTotal { state.heldAtTotal = true }
        // A partition whose first message arrives while the whole stage is paused is paused too.
        return reconcile(&state, [partition], paused: true)
    }

    /// Brings the pause state the consumer was told for `partitions` in line with the bounds: a lane is paused
    /// while its own bound or the stage's is hit, and a finished lane is never resumed.
    /// - Returns: the partitions to pause (`paused: true`) or to resume (`paused: false`) now.
    private static func reconcile(
        _ state: inout State, _ partitions: [KafkaTopicPartition], paused direction: Bool
    ) -> [KafkaTopicPartition] {
        var changed: [KafkaTopicPartition] = []
        for partition in partitions {
            guard var lane = state.lanes[partition] else { continue }
            let wanted = (lane.pausedForPartition || state.pausedForTotal) && !lane.finished
            guard wanted == direction, lane.paused != wanted else { continue }
            lane.paused = wanted
            state.lanes[partition] = lane
            changed.append(partition)
        }
        return changed
    }

    /// Records that the messages at `offsets` are done (every record they produced is acknowledged).
    ///
    /// `resume` is called with the partitions to resume now, if any, while the coordinator's lock is held
    /// (see ``dispatch(_:pause:)``).
    /// - Returns: the offset to store, if the completed prefix grew.
    func complete(
        _ partition: KafkaTopicPartition, offsets: [Int64], generation: Int, resume: ([KafkaTopicPartition]) -> Void
    ) -> Int64? {
        withState { state in
            let (store, decided) = Self.complete(
                partition, offsets: offsets, generation: generation, state: &state, limits: limits)
            if !decided.isEmpty { resume(decided) }
            return store
        }
    }

    private static func complete(
        _ partition: KafkaTopicPartition, offsets: [Int64], generation: Int, state: inout State, limits: FlowLimits
    ) -> (store: Int64?, resume: [KafkaTopicPartition]) {
        guard var lane = state.lanes[partition], lane.generation == generation else { return (nil, []) }
        var store: Int64?
        for offset in offsets {
            if let grown = lane.tracker.complete(offset) { store = grown }
        }
        lane.inFlight -= offsets.count
        state.totalInFlight -= offsets.count
        if lane.pausedForPartition, lane.inFlight <= limits.resumeBelowPerPartition { lane.pausedForPartition = false }
        state.lanes[partition] = lane
        if leaveTotalBound(&state, limits: limits) {
            return (store, reconcile(&state, Array(state.lanes.keys), paused: false))
        }
        return (store, reconcile(&state, [partition], paused: false))
    }

    /// Ends the hold at the total bound once the stage drained to its resume mark, and lets the waiting reader
    /// go on (only a held stage has one: ``waitForRoom()`` waits only while it is held).
    /// - Returns: whether every partition had been paused for the total bound (and is to be resumed now).
    private static func leaveTotalBound(_ state: inout State, limits: FlowLimits) -> Bool {
        guard state.heldAtTotal, state.totalInFlight <= limits.resumeBelowTotal else { return false }
        state.heldAtTotal = false
        releaseReader(&state)
        let pausedEverything = state.pausedForTotal
        state.pausedForTotal = false
        return pausedEverything
    }

    /// Returns once the stage holds no more messages than its total bound's resume mark (at once when it has
    /// not reached the bound since it last did).
    ///
    /// The reader waits here after a message hit the total bound, so that nothing more is taken from the
    /// consumer until the stage drained. A stage that drains within `limits.totalBoundGrace` leaves librdkafka
    /// fetching, so that what it prefetched is at hand when the reader goes on; one that stays at the bound
    /// longer pauses every partition (`pause` is called with them under the coordinator's lock, as in
    /// ``dispatch(_:pause:)``), which bounds librdkafka's prefetch too but drops it: the partitions are fetched
    /// again once the stage drained. Returns early when the task is cancelled or the stage stops.
    func waitForRoom(pause: ([KafkaTopicPartition]) -> Void) async {
        guard withState({ $0.heldAtTotal }) else { return }
        let grace = limits.totalBoundGrace
        let drained = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitForRoom()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: grace)
                return false
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        guard !drained else { return }
        withState { state in
            guard state.heldAtTotal, !state.pausedForTotal, !state.stopped else { return }
            state.pausedForTotal = true
            let decided = Self.reconcile(&state, Array(state.lanes.keys), paused: true)
            if !decided.isEmpty { pause(decided) }
        }
        await waitForRoom()
    }

    /// Returns once the stage is no longer held at its total bound (at once when it is not).
    private func waitForRoom() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let wait = withState { state -> Bool in
                    guard state.heldAtTotal, !state.stopped, !Task.isCancelled else { return false }
                    Self.releaseReader(&state)
                    state.roomWaiter = continuation
                    return true
                }
                if !wait { continuation.resume() }
            }
        } onCancel: {
            withState { Self.releaseReader(&$0) }
        }
    }

    /// Releases the waiting reader, if any; ``withState(_:)`` resumes it once the lock is released.
    private static func releaseReader(_ state: inout State) {
        guard let reader = state.roomWaiter else { return }
        state.roomWaiter = nil
        state.releasedReaders.append(reader)
    }

    /// Runs `body` under the coordinator's lock, then resumes the readers it released, after the lock is
    /// released. Resuming a continuation takes its task's status lock, and a task being cancelled holds that
    /// lock while its cancellation handler runs; the reader's handler takes the coordinator's lock, so a
    /// resume under the lock could deadlock with the reader's cancellation (the grace timer of
    /// ``waitForRoom(pause:)`` cancels it).
    private func withState<Result: Sendable>(_ body: (inout State) -> Result) -> Result {
        let (result, released) = state.withLock { state in
            let result = body(&state)
            let released = state.releasedReaders
            state.releasedReaders = []
            return (result, released)
        }
        for reader in released { reader.resume() }
        return result
    }

    /// Tells the lanes of `partitions` that no more messages come: they finish what they hold.
    func finishLanes(_ partitions: [KafkaTopicPartition]) {
        withState { state in
            for partition in partitions {
                guard var lane = state.lanes[partition], !lane.finished else { continue }
                lane.finished = true
                lane.mailbox.finish()
                state.lanes[partition] = lane
            }
        }
    }

    /// The number of messages in flight in `partitions`.
    func inFlight(_ partitions: [KafkaTopicPartition]) -> Int {
        withState { state in partitions.reduce(0) { $0 + (state.lanes[$1]?.inFlight ?? 0) } }
    }

    /// Forgets `partitions`; late completions of their messages are ignored.
    func remove(_ partitions: [KafkaTopicPartition]) {
        withState { state in
            for partition in partitions {
                guard let lane = state.lanes.removeValue(forKey: partition) else { continue }
                lane.mailbox.finish()
                state.totalInFlight -= lane.inFlight
            }
        }
    }

    /// Resumes what no completion will resume any more (the revoked partitions held the in-flight messages,
    /// and the lanes left have none): called about once a second. `resume` runs under the lock, as in
    /// ``complete(_:offset:generation:resume:)``.
    func refreshFlow(resume: ([KafkaTopicPartition]) -> Void) {
        withState { state in
            var candidates: [KafkaTopicPartition] = []
            for (partition, var lane) in state.lanes
            where lane.pausedForPartition && lane.inFlight <= limits.resumeBelowPerPartition {
                lane.pausedForPartition = false
                state.lanes[partition] = lane
                candidates.append(partition)
            }
            if Self.leaveTotalBound(&state, limits: limits) { candidates = Array(state.lanes.keys) }
            let decided = Self.reconcile(&state, candidates, paused: false)
            if !decided.isEmpty { resume(decided) }
        }
    }

    /// Stops taking messages: finishes every lane and the stream of lane starts.
    func stop() {
        withState { state in
            state.stopped = true
            Self.releaseReader(&state)
            for (partition, var lane) in state.lanes where !lane.finished {
                lane.finished = true
                lane.mailbox.finish()
                state.lanes[partition] = lane
            }
        }
        laneStarts.finish()
    }

    /// The messages in flight in every partition.
    var totalInFlight: Int { withState { $0.totalInFlight } }

    /// The partitions that currently have a lane.
    var partitions: [KafkaTopicPartition] { withState { Array($0.lanes.keys) } }
}

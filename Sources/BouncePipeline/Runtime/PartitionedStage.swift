import Foundation
import KafkaClient
import Logging
import ServiceLifecycle

/// Runs one consumer-group stage: reads its input topics, runs a ``PartitionProcessor`` on every message of
/// each assigned partition (partitions in parallel, each in offset order), publishes what it produced, and
/// stores an offset only once every record of the messages before it was acknowledged.
///
/// Each partition has three tasks in the stage's task group: the lane (process, then submit outputs in
/// order), the finisher (wait for the outputs' acknowledgements, then submit the follow-ups — the state
/// changelog — in order) and the committer (wait for the follow-ups, then advance the stored offset).
/// On graceful shutdown the stage stops reading, drains every lane, commits, and leaves the group.
public struct PartitionedStage<Processor: PartitionProcessor>: Service {
    /// The stage's name, for logs.
    public let name: String
    /// The consumer settings (group id, connection, fetch bounds).
    public let consumerConfiguration: KafkaConsumerConfiguration
    /// The topics to read.
    public let topics: [String]
    /// Where outputs go.
    public let producer: KafkaProducer
    /// The stage's logic.
    public let processor: Processor
    /// In-flight bounds.
    public let limits: FlowLimits
    /// How long a revoke waits for in-flight messages of the revoked partitions before abandoning them.
    public let revokeTimeout: Duration
    /// Observes the stage (assignments, progress); may be `nil`.
    public let observer: StageObserver?
    /// A test hook that destroys the stage's consumer without closing it; `nil` outside tests.
    public let crashSimulation: CrashSimulation?
    private let logger: Logger

    /// Creates a stage.
    public init(
        name: String, consumerConfiguration: KafkaConsumerConfiguration, topics: [String], producer: KafkaProducer,
        processor: Processor, limits: FlowLimits = FlowLimits(), revokeTimeout: Duration = .seconds(10),
        observer: StageObserver? = nil, crashSimulation: CrashSimulation? = nil, logger: Logger
    ) {
        self.name = name
        self.consumerConfiguration = consumerConfiguration
        self.topics = topics
        self.producer = producer
        self.processor = processor
        self.limits = limits
        self.revokeTimeout = revokeTimeout
        self.observer = observer
        self.crashSimulation = crashSimulation
        self.logger = logger
    }

    /// Runs until graceful shutdown (or until the consumer closes), then drains, commits and leaves the group.
    public func run() async throws {
        let (laneStarts, laneStartsContinuation) = AsyncStream<StageCoordinator.LaneStart>.makeStream()
        let coordinator = StageCoordinator(limits: limits, laneStarts: laneStartsContinuation)
        let revokeTimeout = self.revokeTimeout
        let logger = self.logger
        let observer = self.observer
        let name = self.name
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger) { event in
            await Self.handleRebalance(
                event, stage: name, coordinator: coordinator, revokeTimeout: revokeTimeout, observer: observer)
        }
        try consumer.subscribe(topics: topics)
        let crashToken = await crashSimulation?.register { await consumer.destroyWithoutClose() }
        logger.info("stage started", metadata: ["stage": "\(name)", "topics": "\(topics.joined(separator: ","))"])
        observer?.stageStarted(name)

        await withDiscardingTaskGroup { outer in
            outer.addTask { await consumer.run() }
            outer.addTask {
                // Statistics and errors to the observer (metrics, broker reachability).
                for await event in consumer.events {
                    switch event {
                    case .statistics(let statistics): observer?.statistics(statistics, stage: name)
                    case .error(let error): observer?.consumerError(error, stage: name)
                    case .rebalance, .commitFailed: break
                    }
                }
            }
            outer.addTask {
                // The liveness heartbeat and the flow-control gauges, about once a second.
                while !Task.isCancelled {
                    coordinator.refreshFlow { resume($0, on: consumer) }
                    observer?.heartbeat(
                        name, inFlight: coordinator.totalInFlight, pausedPartitions: consumer.pausedPartitions.count,
                        assignedPartitions: consumer.assignment.count)
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            await withDiscardingTaskGroup { lanes in
                lanes.addTask {
                    await cancelWhenGracefulShutdown {
                        func pause(_ partitions: [KafkaTopicPartition]) {
                            try? consumer.pause(partitions)
                            observer?.paused(partitions, stage: name)
                        }
                        for await batch in consumer.messageBatches(maximum: Self.batchSize) {
                            coordinator.dispatch(batch, pause: pause)
                            await coordinator.waitForRoom(pause: pause)
                        }
                    }
                    observer?.stageStopping(name)
                    coordinator.stop()
                }
                for await start in laneStarts {
                    lanes.addTask {
                        await runLane(start, coordinator: coordinator, consumer: consumer)
                    }
                }
            }
            do {
                try await consumer.commit()
            } catch {
                logger.warning("final commit failed", metadata: ["stage": "\(name)", "error": "\(error)"])
            }
            crashSimulation?.unregister(crashToken)
            await consumer.close()
            outer.cancelAll()  // the heartbeat and the event reader
        }
        logger.info("stage stopped", metadata: ["stage": "\(name)"])
        observer?.stageStopped(name)
    }

    /// A run of processed messages, waiting for its outputs to be acknowledged: the messages' offsets and input
    /// timestamps, their outputs in the batches they were handed to the producer in, and their follow-ups, in
    /// order. Gathered while the run is processed, so that nothing is collected per message afterwards.
    private struct PendingRun: Sendable {
        let offsets: [Int64]
        let timestamps: [Date?]
        let outputs: [(records: [KafkaProducerRecord], delivery: KafkaBatchDeliveryTicket)]
        let followUps: [KafkaProducerRecord]
    }

    /// A run whose outputs were acknowledged, waiting for its follow-ups.
    private struct CommittingRun: Sendable {
        let offsets: [Int64]
        let timestamps: [Date?]
        let followUps: [KafkaProducerRecord]
        let delivery: KafkaBatchDeliveryTicket?
    }

    private func runLane(_ start: StageCoordinator.LaneStart, coordinator: StageCoordinator, consumer: KafkaConsumer)
        async
    {
        let partition = start.partition
        var state: Processor.PartitionState
        var attempt = 0
        observer?.preparing(partition, stage: name)
        while true {
            do {
                state = try await processor.prepare(partition)
                break
            } catch {
                attempt += 1
                logger.error(
                    "preparing partition failed; retrying",
                    metadata: ["stage": "\(name)", "partition": "\(partition)", "error": "\(error)"])
                if Task.isCancelled { return }
                try? await Task.sleep(for: Self.backoff(attempt))
            }
        }
        observer?.partitionReady(partition, stage: name)
        // Each element is one run: every message that reached the lane's mailbox since it last looked. The
        // hand-overs between the three tasks, the produce calls and the waits for acknowledgements cost per run,
        // not per message.
        let (pending, pendingContinuation) = AsyncStream<PendingRun>.makeStream()
        let (committing, committingContinuation) = AsyncStream<CommittingRun>.makeStream()
        await withDiscardingTaskGroup { group in
            group.addTask {
                waiting: for await run in pending {
                    for batch in run.outputs {
                        // Cancelled: this run and the ones after it stay uncommitted.
                        guard await deliver(batch.records, batch.delivery) else { break waiting }
                    }
                    committingContinuation.yield(
                        CommittingRun(
                            offsets: run.offsets, timestamps: run.timestamps, followUps: run.followUps,
                            delivery: await submit(run.followUps)))
                }
                committingContinuation.finish()
            }
            group.addTask {
                for await run in committing {
                    guard await deliver(run.followUps, run.delivery) else { break }
                    let store = coordinator.complete(partition, offsets: run.offsets, generation: start.generation) {
                        resume($0, on: consumer)
                    }
                    if let store {
                        do {
                            try consumer.storeOffset(
                                topic: partition.topic, partition: partition.partition, offset: store - 1)
                        } catch {
                            logger.debug(
                                "offset not stored", metadata: ["partition": "\(partition)", "error": "\(error)"])
                        }
                    }
                    observer?.completed(partition, stage: name, inputTimestamps: run.timestamps)
                }
            }
            while let run = await start.messages.next() {
                var offsets: [Int64] = []
                offsets.reserveCapacity(run.count)
                var timestamps: [Date?] = []
                timestamps.reserveCapacity(run.count)
                var followUps: [KafkaProducerRecord] = []
                var submitted: [(records: [KafkaProducerRecord], delivery: KafkaBatchDeliveryTicket)] = []
                var outputs: [KafkaProducerRecord] = []
                // By index: the messages are read in place rather than copied out of the run.
                for index in run.indices {
                    let processed = processor.process(run[index], state: &state)
                    outputs.append(contentsOf: processed.outputs)
                    offsets.append(run[index].offset)
                    timestamps.append(run[index].timestamp)
                    if !processed.followUps.isEmpty {
                        if followUps.isEmpty { followUps.reserveCapacity(run.count) }
                        followUps.append(contentsOf: processed.followUps)
                    }
                    // Outputs go to the producer while the run is processed, so that its batching (linger) starts
                    // with the first of them rather than after the whole run.
                    guard outputs.count >= Self.produceBatchSize || index == run.count - 1 else { continue }
                    if let delivery = await submit(outputs) { submitted.append((outputs, delivery)) }
                    outputs = []
                }
                if Task.isCancelled { break }
                pendingContinuation.yield(
                    PendingRun(offsets: offsets, timestamps: timestamps, outputs: submitted, followUps: followUps))
            }
            pendingContinuation.finish()
        }
    }

    /// Resumes fetching `partitions` (the coordinator decided it) and tells the observer.
    private func resume(_ partitions: [KafkaTopicPartition], on consumer: KafkaConsumer) {
        try? consumer.resume(partitions)
        observer?.resumed(partitions, stage: name)
    }

    /// Hands a run's records to the producer in one batch; `nil` when there are none.
    private func submit(_ records: [KafkaProducerRecord]) async -> KafkaBatchDeliveryTicket? {
        records.isEmpty ? nil : await producer.submit(batch: records)
    }

    /// Waits for the acknowledgements of a run's records, producing each record that was not delivered (or
    /// not produced) again, in order, until it is. Gives up only when the task is cancelled.
    /// - Returns: whether every record was delivered.
    private func deliver(_ records: [KafkaProducerRecord], _ delivery: KafkaBatchDeliveryTicket?) async -> Bool {
        guard let delivery else { return true }
        for failure in await delivery.wait() {
            if Task.isCancelled { return false }
            let record = records[failure.index]
            logger.warning(
                "delivery failed; producing again", metadata: ["topic": "\(record.topic)", "error": "\(failure.error)"])
            observer?.produceFailed(topic: record.topic)
            observer?.produceRetried(topic: record.topic)
            guard let ticket = await submit(record), await awaitDelivery(record, ticket) else { return false }
        }
        return true
    }

    /// Submits a record, retrying with back-off until the producer takes it.
    /// - Returns: the ticket, or `nil` when the task was cancelled first (the record's message then stays
    ///   uncommitted and is read again by the partition's next owner).
    private func submit(_ record: KafkaProducerRecord) async -> KafkaDeliveryTicket? {
        var attempt = 0
        while !Task.isCancelled {
            do {
                return try await producer.submit(record)
            } catch {
                attempt += 1
                logger.warning(
                    "produce failed; retrying", metadata: ["topic": "\(record.topic)", "error": "\(error)"])
                observer?.produceFailed(topic: record.topic)
                observer?.produceRetried(topic: record.topic)
                try? await Task.sleep(for: Self.backoff(attempt))
            }
        }
        return nil
    }

    /// Waits for a record's acknowledgement, producing it again after a failed delivery, so that no output is
    /// ever dropped. Gives up only when the task is cancelled (the offset then stays unstored).
    /// - Returns: whether the record was delivered.
    private func awaitDelivery(_ record: KafkaProducerRecord, _ ticket: KafkaDeliveryTicket) async -> Bool {
        var ticket = ticket
        var attempt = 0
        while true {
            do {
                _ = try await ticket.wait()
                return true
            } catch {
                attempt += 1
                logger.warning(
                    "delivery failed; producing again",
                    metadata: ["topic": "\(record.topic)", "attempt": "\(attempt)", "error": "\(error)"])
                observer?.produceFailed(topic: record.topic)
                observer?.produceRetried(topic: record.topic)
                if Task.isCancelled { return false }
                try? await Task.sleep(for: Self.backoff(attempt))
                guard let again = await submit(record) else { return false }
                ticket = again
            }
        }
    }

    /// The most messages taken from the consumer in one hand-over.
    static var batchSize: Int { 500 }

    /// The outputs handed to the producer in one batch (fewer at the end of a run).
    static var produceBatchSize: Int { 64 }

    private static func backoff(_ attempt: Int) -> Duration {
        .milliseconds(min(5_000, 50 << min(attempt, 7)))
    }

    private static func handleRebalance(
        _ event: KafkaRebalanceEvent, stage: String, coordinator: StageCoordinator, revokeTimeout: Duration,
        observer: StageObserver?
    ) async {
        switch event.kind {
        case .assigned:
            coordinator.open(event.partitions)
            observer?.assigned(event.partitions, stage: stage)
        case .revoked, .lost:
            coordinator.finishLanes(event.partitions)
            if event.kind == .revoked {
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: revokeTimeout)
                while coordinator.inFlight(event.partitions) > 0, clock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                // The consumer commits the stored offsets itself once this handler returns.
            }
            coordinator.remove(event.partitions)
            observer?.revoked(event.partitions, stage: stage, lost: event.kind == .lost)
        }
    }
}

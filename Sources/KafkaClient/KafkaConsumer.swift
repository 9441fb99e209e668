import CRdKafka
import Logging

/// A consumer-group member reading messages through librdkafka.
///
/// librdkafka's blocking poll runs on a dedicated thread per consumer (never on Swift's
/// cooperative pool). Messages reach the application through ``messages``; rebalances go
/// to the `rebalanceHandler` given at creation, which ``run()`` executes — the poll thread
/// waits for it before it applies the change. Typical use:
///
/// ```swift
/// let consumer = try KafkaConsumer(configuration: config, logger: logger) { event in
///     // On .revoked: finish in-flight work of event.partitions and store its offsets;
///     // the layer commits stored offsets right after this handler returns.
/// }
/// try consumer.subscribe(topics: ["bounces.raw"])
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await consumer.run() }
///     for await message in consumer.messages {
///         // process, then
///         try consumer.storeOffset(for: message)
///     }
/// }
/// ```
///
/// Back-pressure: the layer buffers at most `bufferCapacity` messages (pausing fetching when
/// full while still polling), and librdkafka prefetches at most `queuedMaxMessagesKBytes`.
/// The application bounds its in-flight work with ``pause(_:)`` / ``resume(_:)``. Messages
/// of a partition that were already buffered when it was paused may still be handed out
/// after ``pause(_:)`` returned (at most `bufferCapacity`); messages of revoked partitions
/// never are once the revoke handler ran.
public final class KafkaConsumer: Sendable {
    private let handle: RdKafkaHandle
    private let core: ConsumerCore
    private let rebalanceHandler: KafkaRebalanceHandler?
    private let logger: Logger

    /// The messages read from the subscribed topics; iterate from one task only.
    public let messages: KafkaConsumerMessages

    /// Rebalances (after they were applied), commit failures, errors and statistics.
    /// Single consumer; keeps the newest 1024 events when nobody reads it.
    public var events: AsyncStream<KafkaConsumerEvent> { core.events }

    /// Creates a consumer and starts its poll thread.
    ///
    /// - Parameters:
    ///   - configuration: Group, connection and fetch settings.
    ///   - logger: Receives the layer's and librdkafka's log lines (secrets never appear).
    ///   - rebalanceHandler: Called from ``run()`` on every assignment change; the poll thread
    ///     waits for it. When set, ``run()`` must be running for rebalances to complete.
    public init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger = Logger(label: "kafka.consumer"),
        rebalanceHandler: KafkaRebalanceHandler? = nil
    ) throws {
        let core = ConsumerCore(
            logger: logger,
            hasRebalanceHandler: rebalanceHandler != nil,
            bufferCapacity: configuration.bufferCapacity
        )
        let conf = try RdKafkaConfiguration.make(configuration.properties)
        let opaque = core.install(on: conf)
        let pointer: OpaquePointer
        do {
            pointer = try RdKafkaConfiguration.newClient(type: RD_KAFKA_CONSUMER, conf: conf)
        } catch {
            CallbackContext.release(opaque)
            throw error
        }
        rd_kafka_poll_set_consumer(pointer)
        let handle = RdKafkaHandle(pointer: pointer)
        self.handle = handle
        self.core = core
        self.rebalanceHandler = rebalanceHandler
        self.logger = logger
        self.messages = KafkaConsumerMessages(buffer: core.buffer)
        logger.debug("Kafka consumer created", metadata: ["group": "\(configuration.groupID)"])
        DedicatedThread.start(name: "kafka-consumer-poll") {
            core.pollLoop(handle)
        }
    }

    deinit {
        // Nobody can run the rebalance handler any more; let the poll thread close on its own.
        core.mailbox.abandon()
        core.state.withLock { state in
            if state.shutdown == nil { state.shutdown = .close }
        }
    }

    /// Subscribes to `topics` (replacing any previous subscription) as a group member.
    public func subscribe(topics: [String]) throws {
        try core.withOpenHandle(handle) { rk, _ in
            let list = rd_kafka_topic_partition_list_new(Int32(topics.count))
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for topic in topics {
                rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
            }
            let err = rd_kafka_subscribe(rk, list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.from(err, context: "subscribe") }
        }
    }

    /// Executes the rebalance handler for the poll thread until the consumer has closed.
    ///
    /// Run it in the task group that owns the consumer. Cancelling it starts a clean
    /// ``close()``; it keeps serving rebalances (the final revoke) until the close finished.
    public func run() async {
        await withTaskCancellationHandler {
            while let request = await core.mailbox.next() {
                if let rebalanceHandler {
                    await rebalanceHandler(request.event)
                }
                request.done.signal()
            }
        } onCancel: {
            core.state.withLock { state in
                if state.shutdown == nil { state.shutdown = .close }
            }
        }
    }

    /// The partitions currently assigned to this member.
    public var assignment: Set<KafkaTopicPartition> {
        core.state.withLock { $0.assignment }
    }

    /// The messages read from the subscribed topics in batches of at most `maximum` (whatever is buffered
    /// when a batch is asked for); iterate from one task only, instead of ``messages``.
    public func messageBatches(maximum: Int = 1000) -> KafkaConsumerMessageBatches {
        KafkaConsumerMessageBatches(buffer: core.buffer, maximum: max(1, maximum))
    }

    /// The number of messages buffered between the poll thread and ``messages``.
    public var bufferedMessageCount: Int { core.buffer.count }

    // MARK: Flow control

    /// Stops fetching from `partitions` until ``resume(_:)``. Messages of these partitions
    /// that were already buffered may still be delivered.
    public func pause(_ partitions: [KafkaTopicPartition]) throws {
        try core.withOpenHandle(handle) { rk, state in
            let fresh = partitions.filter { !state.appPaused.contains($0) }
            state.appPaused.formUnion(fresh)
            core.setPaused(rk, fresh.filter { !state.layerPaused.contains($0) }, paused: true)
        }
    }

    /// Resumes fetching from `partitions` paused with ``pause(_:)``.
    public func resume(_ partitions: [KafkaTopicPartition]) throws {
        try core.withOpenHandle(handle) { rk, state in
            let paused = partitions.filter { state.appPaused.contains($0) }
            state.appPaused.subtract(paused)
            core.setPaused(rk, paused.filter { !state.layerPaused.contains($0) }, paused: false)
        }
    }

    /// The partitions paused by the application.
    public var pausedPartitions: Set<KafkaTopicPartition> {
        core.state.withLock { $0.appPaused }
    }

    // MARK: Offsets

    /// Marks the message at `offset` as processed: `offset + 1` is stored as the position the
    /// group resumes from and is committed by the next (automatic or explicit) commit.
    /// Throws when the partition is not assigned to this member (any more).
    public func storeOffset(topic: String, partition: Int32, offset: Int64) throws {
        try core.withOpenHandle(handle) { rk, _ in
            let list = try TopicPartitionList.make(
                [KafkaTopicPartition(topic: topic, partition: partition)],
                offsets: [offset + 1]
            )
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_offsets_store(rk, list)
            let elementErr = list.pointee.elems?.pointee.err ?? RD_KAFKA_RESP_ERR_NO_ERROR
            if err != RD_KAFKA_RESP_ERR_NO_ERROR || elementErr != RD_KAFKA_RESP_ERR_NO_ERROR {
                let code = elementErr != RD_KAFKA_RESP_ERR_NO_ERROR ? elementErr : err
                throw KafkaError.from(code, context: "store offset \(offset) of \(topic)[\(partition)]")
            }
        }
    }

    /// Marks `message` as processed, see ``storeOffset(topic:partition:offset:)``.
    public func storeOffset(for message: KafkaMessage) throws {
        try storeOffset(topic: message.topic, partition: message.partition, offset: message.offset)
    }

    /// Commits the stored offsets and waits for the broker's answer (on a dedicated thread).
    /// Succeeds when there is nothing to commit.
    public func commit() async throws {
        try await core.runBlocking(handle, name: "kafka-consumer-commit") { rk in
            let err = rd_kafka_commit(rk, nil, 0)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError.from(err, context: "commit")
            }
        }
    }

    /// Starts committing the stored offsets without waiting; a failure arrives as
    /// ``KafkaConsumerEvent/commitFailed(_:)`` on ``events``.
    public func commitAsync() throws {
        try core.withOpenHandle(handle) { rk, _ in
            let err = rd_kafka_commit(rk, nil, 1)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError.from(err, context: "commit")
            }
        }
    }

    /// The group's committed offsets (next offset to read) for `partitions`; `nil` when none.
    public func committed(
        _ partitions: [KafkaTopicPartition],
        timeout: Duration = .seconds(10)
    ) async throws -> [KafkaTopicPartition: Int64?] {
        try await core.runBlocking(handle, name: "kafka-consumer-committed") { rk in
            let list = try TopicPartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_committed(rk, list, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.from(err, context: "committed") }
            return TopicPartitionList.offsets(list)
        }
    }

    /// The offset of the next message this consumer will hand out for each partition
    /// (local state, no broker round trip); `nil` when not known yet.
    public func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: Int64?] {
        try core.withOpenHandle(handle) { rk, _ in
            let list = try TopicPartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_position(rk, list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.from(err, context: "position") }
            return TopicPartitionList.offsets(list)
        }
    }

    /// The low and high watermark of a partition, asked from the broker.
    public func watermarks(
        topic: String,
        partition: Int32,
        timeout: Duration = .seconds(10)
    ) async throws -> (low: Int64, high: Int64) {
        let result = try await core.runBlocking(handle, name: "kafka-consumer-watermarks") { rk in
            var low: Int64 = 0
            var high: Int64 = 0
            let err = rd_kafka_query_watermark_offsets(
                rk, topic, partition, &low, &high, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.from(err, context: "watermarks of \(topic)[\(partition)]")
            }
            return [low, high]
        }
        return (result[0], result[1])
    }

    /// Messages of the partition not yet processed by the group: high watermark minus the
    /// committed offset (or the low watermark when nothing was committed).
    public func lag(topic: String, partition: Int32, timeout: Duration = .seconds(10)) async throws -> Int64 {
        let key = KafkaTopicPartition(topic: topic, partition: partition)
        let marks = try await watermarks(topic: topic, partition: partition, timeout: timeout)
        let committedOffset = try await committed([key], timeout: timeout)[key] ?? nil
        return max(0, marks.high - (committedOffset ?? marks.low))
    }

    // MARK: Shutdown

    /// Commits stored offsets, leaves the group (the revoke handler runs) and destroys the
    /// handle; returns when done. ``run()`` must keep running meanwhile when a rebalance
    /// handler is set. Calling it again just waits for the first close.
    public func close() async {
        await shutdown(.close)
    }

    /// Destroys the handle without committing or leaving the group, as if the process died;
    /// the group notices only after `session.timeout.ms`. Meant for tests.
    public func destroyWithoutClose() async {
        await shutdown(.abandon)
    }

    private func shutdown(_ mode: ConsumerShutdown) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyClosed = core.state.withLock { state -> Bool in
                if state.shutdown == nil { state.shutdown = mode }
                if state.closed { return true }
                state.closeWaiters.append(continuation)
                return false
            }
            if alreadyClosed { continuation.resume() }
        }
    }
}

import CRdKafka
import Foundation
import Logging
import Synchronization

/// How a consumer ends.
enum ConsumerShutdown: Sendable {
    /// Commit stored offsets, leave the group (`rd_kafka_consumer_close`), destroy.
    case close
    /// Destroy the handle without leaving the group, as if the process had died.
    case abandon
}

/// Everything a consumer shares between its poll thread, librdkafka callbacks and the
/// application's tasks. Mutable state lives in `state`, guarded by a `Mutex`, except the topic-name cache,
/// which only the poll thread touches (hence `@unchecked`).
final class ConsumerCore: CallbackContext, @unchecked Sendable {
    struct State {
        var assignment: Set<KafkaTopicPartition> = []
        var appPaused: Set<KafkaTopicPartition> = []
        var layerPaused: Set<KafkaTopicPartition> = []
        var bufferFull = false
        /// Whether the handle still accepts calls; false once destruction began.
        var open = true
        /// Blocking operations using the handle on other threads right now.
        var borrowers = 0
        var shutdown: ConsumerShutdown?
        var closed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// How long the poll thread stops polling for a full buffer before it pauses fetching.
    static let fullBufferGrace = Duration.milliseconds(500)

    let state = Mutex(State())
    let buffer = MessageBuffer()
    let mailbox = RebalanceMailbox()
    let hasRebalanceHandler: Bool
    let bufferCapacity: Int
    let events: AsyncStream<KafkaConsumerEvent>
    let eventSink: AsyncStream<KafkaConsumerEvent>.Continuation

    init(logger: Logger, hasRebalanceHandler: Bool, bufferCapacity: Int) {
        self.hasRebalanceHandler = hasRebalanceHandler
        self.bufferCapacity = max(1, bufferCapacity)
        (events, eventSink) = AsyncStream.makeStream(
            of: KafkaConsumerEvent.self, bufferingPolicy: .bufferingNewest(1024))
        super.init(logger: logger)
    }

    override func received(statistics: KafkaStatistics) {
        eventSink.yield(.statistics(statistics))
    }

    override func received(error: KafkaError) {
        super.received(error: error)
        eventSink.yield(.error(error))
    }

    /// Installs the consumer callbacks in addition to the shared ones.
    override func install(on conf: OpaquePointer) -> UnsafeMutableRawPointer {
        let opaque = super.install(on: conf)
        rd_kafka_conf_set_rebalance_cb(conf, consumerRebalanceCallback)
        rd_kafka_conf_set_offset_commit_cb(conf, consumerOffsetCommitCallback)
        return opaque
    }

    // MARK: Handle access

    /// Runs a short, non-blocking call on the handle while it is guaranteed alive.
    func withOpenHandle<T>(_ handle: RdKafkaHandle, _ body: (OpaquePointer, inout State) throws -> T) throws -> T {
        try state.withLock { state in
            guard state.open else { throw KafkaError.client("The consumer is closed") }
            return try body(handle.pointer, &state)
        }
    }

    /// Runs a blocking call on a dedicated thread while keeping the handle alive.
    func runBlocking<T: Sendable>(
        _ handle: RdKafkaHandle,
        name: String,
        _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T {
        try state.withLock { state in
            guard state.open else { throw KafkaError.client("The consumer is closed") }
            state.borrowers += 1
        }
        return try await DedicatedThread.run(name: name) {
            defer { self.state.withLock { $0.borrowers -= 1 } }
            return try body(handle.pointer)
        }
    }

    // MARK: Poll thread

    /// The poll loop: runs on the consumer's own thread until shutdown was requested,
    /// then closes and destroys the handle.
    func pollLoop(_ client: RdKafkaHandle) {
        let rk = client.pointer
        var mode = ConsumerShutdown.close
        while true {
            if let requested = state.withLock({ $0.shutdown }) {
                mode = requested
                break
            }
            let pausedForBuffer = adjustFlowControl(rk)
            guard let message = rd_kafka_consumer_poll(rk, pausedForBuffer ? 20 : 100) else { continue }
            handle(message: message)
            rd_kafka_message_destroy(message)
        }

        if mode == .close {
            commitStored(rk, context: "final commit before close")
            let err = rd_kafka_consumer_close(rk)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                received(error: KafkaError.from(err, context: "consumer close"))
            }
        }
        state.withLock { $0.open = false }
        while state.withLock({ $0.borrowers }) > 0 {
            usleep(1000)
        }
        buffer.finish()
        mailbox.finish()
        rd_kafka_destroy_flags(rk, mode == .abandon ? RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE : 0)
        eventSink.finish()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.closeWaiters = [] }
            return state.closeWaiters
        }
        for waiter in waiters { waiter.resume() }
        logger.debug("Kafka consumer destroyed", metadata: ["mode": "\(mode)"])
        // Balances the retain `install(on:)` took for librdkafka's opaque pointer.
        Unmanaged.passUnretained(self).release()
    }

    /// Back-pressure between librdkafka and the buffer.
    ///
    /// When the buffer is full the poll thread first stops taking messages from librdkafka
    /// (whose own fetch queue then fills up to `queued.max.messages.kbytes` and stops
    /// fetching) and waits up to ``fullBufferGrace`` for the application to drain half of it.
    /// If it does not, the thread pauses all assigned partitions that the application did not
    /// pause itself and goes back to polling, so that rebalances are served and the group
    /// membership survives `max.poll.interval.ms`; they are resumed once the buffer drained
    /// to half. (Pausing makes librdkafka drop its prefetched messages and fetch them again
    /// on resume, which is why it is only the fallback.) Returns whether fetching is paused.
    private func adjustFlowControl(_ rk: OpaquePointer) -> Bool {
        var count = buffer.count
        if count >= bufferCapacity && !state.withLock({ $0.bufferFull }) {
            _ = buffer.waitForDrain(to: bufferCapacity / 2, timeout: Self.fullBufferGrace)
            count = buffer.count
        }
        return state.withLock { state in
            if !state.bufferFull && count >= bufferCapacity {
                state.bufferFull = true
                let toPause = state.assignment.subtracting(state.appPaused)
                state.layerPaused = toPause
                setPaused(rk, Array(toPause), paused: true)
            } else if state.bufferFull && count <= bufferCapacity / 2 {
                state.bufferFull = false
                setPaused(rk, Array(state.layerPaused.subtracting(state.appPaused)), paused: false)
                state.layerPaused = []
            }
            return state.bufferFull
        }
    }

    /// Pauses or resumes partitions in librdkafka.
    func setPaused(_ rk: OpaquePointer, _ partitions: [KafkaTopicPartition], paused: Bool) {
        guard !partitions.isEmpty else { return }
        let list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
        do {
            list = try TopicPartitionList.make(partitions)
        } catch {
            logger.warning("Could not \(paused ? "pause" : "resume") partitions", metadata: ["error": "\(error)"])
            return
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = paused ? rd_kafka_pause_partitions(rk, list) : rd_kafka_resume_partitions(rk, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning(
                "Could not \(paused ? "pause" : "resume") partitions", metadata: ["error": "\(KafkaError.from(err))"])
        }
    }

    /// Converts a polled message (or error event) and hands it on.
    private func handle(message pointer: UnsafeMutablePointer<rd_kafka_message_t>) {
        let raw = pointer.pointee
        guard raw.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if raw.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
            var error = KafkaError.from(raw.err)
            if let payload = raw.payload, raw.len > 0 {
                let bytes = UnsafeRawBufferPointer(start: payload, count: raw.len)
                error.message = String(decoding: bytes, as: UTF8.self)
            }
            received(error: error)
            return
        }
        let topic = raw.rkt.map { topicName(rd_kafka_topic_name($0)) } ?? ""
        buffer.append(Self.message(from: pointer, topic: topic))
    }

    /// The names of the topics seen so far, so that a message's topic is not copied into a new string (an
    /// allocation for names over 15 bytes) every time. Used on the poll thread only.
    private var topicNames: [String] = []

    /// `name` as a string, reusing an earlier copy of the same name.
    private func topicName(_ name: UnsafePointer<CChar>) -> String {
        let bytes = UnsafeRawBufferPointer(start: name, count: strlen(name))
        for known in topicNames where known.utf8.elementsEqual(bytes) { return known }
        let copy = String(decoding: bytes, as: UTF8.self)
        if topicNames.count < 64 { topicNames.append(copy) }
        return copy
    }

    /// Copies a librdkafka message into a ``KafkaMessage``.
    static func message(from pointer: UnsafeMutablePointer<rd_kafka_message_t>, topic: String) -> KafkaMessage {
        let raw = pointer.pointee
        let key = raw.key.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.key_len)) }
        let value = raw.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? []
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(pointer, &timestampType)
        let timestamp =
            timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            ? nil : Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return KafkaMessage(
            topic: topic,
            partition: raw.partition,
            offset: raw.offset,
            key: key,
            value: value,
            headers: headers(of: pointer),
            timestamp: timestamp
        )
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
        var result: [KafkaHeader] = []
        result.reserveCapacity(rd_kafka_header_cnt(headers))
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else {
                break
            }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            result.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }

    /// Commits stored offsets synchronously; "nothing to commit" is not an error.
    func commitStored(_ rk: OpaquePointer, context: String) {
        let err = rd_kafka_commit(rk, nil, 0)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            let error = KafkaError.from(err, context: context)
            logger.warning("Offset commit failed", metadata: ["error": "\(error)"])
            eventSink.yield(.commitFailed(error))
        }
    }

    // MARK: Rebalance (poll thread)

    /// Serves librdkafka's rebalance callback: tells the application, waits for it, applies.
    func rebalance(
        _ rk: OpaquePointer,
        _ err: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let partitions = TopicPartitionList.partitions(list)
        let protocolName = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } ?? ""
        let rebalanceProtocol: KafkaRebalanceProtocol = protocolName == "COOPERATIVE" ? .cooperative : .eager

        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if rebalanceProtocol == .cooperative {
                if let error = rd_kafka_incremental_assign(rk, list) {
                    received(error: KafkaError.consuming(error, context: "incremental assign"))
                }
            } else {
                let result = rd_kafka_assign(rk, list)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    received(error: KafkaError.from(result, context: "assign"))
                }
            }
            state.withLock { state in
                if rebalanceProtocol == .eager { state.assignment = [] }
                state.assignment.formUnion(partitions)
                if state.bufferFull {
                    state.layerPaused.formUnion(partitions)
                    setPaused(rk, partitions, paused: true)
                }
            }
            buffer.assign(partitions)
            notify(KafkaRebalanceEvent(kind: .assigned, partitions: partitions, rebalanceProtocol: rebalanceProtocol))

        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            buffer.revoke(partitions)
            state.withLock { state in
                state.assignment.subtract(partitions)
                state.appPaused.subtract(partitions)
                state.layerPaused.subtract(partitions)
            }
            let kind: KafkaRebalanceEvent.Kind = lost ? .lost : .revoked
            notify(KafkaRebalanceEvent(kind: kind, partitions: partitions, rebalanceProtocol: rebalanceProtocol))
            if !lost {
                commitStored(rk, context: "commit on revoke")
            }
            if rebalanceProtocol == .cooperative {
                if let error = rd_kafka_incremental_unassign(rk, list) {
                    received(error: KafkaError.consuming(error, context: "incremental unassign"))
                }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }

        default:
            received(error: KafkaError.from(err, context: "rebalance"))
            let all = state.withLock { state -> [KafkaTopicPartition] in
                defer {
                    state.assignment = []
                    state.appPaused = []
                    state.layerPaused = []
                }
                return Array(state.assignment)
            }
            buffer.revoke(all)
            _ = rd_kafka_assign(rk, nil)
        }
    }

    /// Runs the application's handler (through `run()`) and publishes the event.
    private func notify(_ event: KafkaRebalanceEvent) {
        logger.info(
            "Kafka rebalance",
            metadata: [
                "kind": "\(event.kind)", "partitions": "\(event.partitions.count)",
                "protocol": "\(event.rebalanceProtocol.rawValue)",
            ]
        )
        if hasRebalanceHandler {
            mailbox.deliverAndWait(event)
        }
        eventSink.yield(.rebalance(event))
    }
}

private let consumerRebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { handle, err, partitions, opaque in
        guard let handle, let core = CallbackContext.from(opaque) as? ConsumerCore else { return }
        core.rebalance(handle, err, partitions)
    }

private let consumerOffsetCommitCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { _, err, partitions, opaque in
        guard let core = CallbackContext.from(opaque) as? ConsumerCore else { return }
        var failure: KafkaError?
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            failure = KafkaError.from(err, context: "offset commit")
        } else if let partitions, let elements = partitions.pointee.elems {
            for index in 0..<Int(partitions.pointee.cnt) where elements[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let element = elements[index]
                failure = KafkaError.from(
                    element.err,
                    context: "offset commit of \(String(cString: element.topic))[\(element.partition)]"
                )
                break
            }
        }
        if let failure {
            core.logger.warning("Offset commit failed", metadata: ["error": "\(failure)"])
            core.eventSink.yield(.commitFailed(failure))
        }
    }

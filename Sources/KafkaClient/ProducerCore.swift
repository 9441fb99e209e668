import CRdKafka
import Foundation
import Logging
import Synchronization

/// Everything a producer shares between its poll thread, librdkafka callbacks and the
/// application's tasks. Mutable state lives in `state` (a `Mutex`) or in atomics.
final class ProducerCore: CallbackContext, @unchecked Sendable {
    struct State {
        /// Set by `close`: how long the final flush may take.
        var closeTimeout: Duration?
        var closed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let state = Mutex(State())
    /// Whether the handle still accepts calls; false once destruction began.
    private let handleOpen = Atomic<Bool>(true)
    /// Calls using the handle right now (produce calls on any thread, blocking calls on their own threads).
    /// A borrower counts itself before it checks `handleOpen`, and destruction clears `handleOpen` before it
    /// waits for the count to reach zero (both sequentially consistent): so either the borrower sees the
    /// handle closing and backs off, or destruction sees the borrower and waits. No lock on the produce path.
    private let borrowers = Atomic<Int>(0)
    let limiter: InFlightLimiter
    let failedDeliveries = Atomic<Int>(0)
    let successfulDeliveries = Atomic<Int>(0)
    let events: AsyncStream<KafkaProducerEvent>
    let eventSink: AsyncStream<KafkaProducerEvent>.Continuation
    let failureHandler: (@Sendable (KafkaDeliveryFailure) -> Void)?

    init(logger: Logger, maxInFlight: Int, failureHandler: (@Sendable (KafkaDeliveryFailure) -> Void)?) {
        limiter = InFlightLimiter(limit: maxInFlight)
        self.failureHandler = failureHandler
        (events, eventSink) = AsyncStream.makeStream(
            of: KafkaProducerEvent.self, bufferingPolicy: .bufferingNewest(1024))
        super.init(logger: logger)
    }

    override func received(statistics: KafkaStatistics) {
        eventSink.yield(.statistics(statistics))
    }

    override func received(error: KafkaError) {
        super.received(error: error)
        eventSink.yield(.error(error))
    }

    override func install(on conf: OpaquePointer) -> UnsafeMutableRawPointer {
        let opaque = super.install(on: conf)
        rd_kafka_conf_set_dr_msg_cb(conf, producerDeliveryReportCallback)
        return opaque
    }

    /// Runs a short, non-blocking call on the handle while it is guaranteed alive.
    func withOpenHandle<T>(_ handle: RdKafkaHandle, _ body: (OpaquePointer) throws -> T) throws -> T {
        try borrow()
        defer { borrowers.subtract(1, ordering: .sequentiallyConsistent) }
        return try body(handle.pointer)
    }

    /// Counts a user of the handle, or throws when the handle is closing.
    private func borrow() throws {
        borrowers.add(1, ordering: .sequentiallyConsistent)
        guard handleOpen.load(ordering: .sequentiallyConsistent) else {
            borrowers.subtract(1, ordering: .sequentiallyConsistent)
            throw KafkaError.client("The producer is closed")
        }
    }

    /// Runs a blocking call on a dedicated thread while keeping the handle alive.
    func runBlocking<T: Sendable>(
        _ handle: RdKafkaHandle,
        name: String,
        _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T {
        try borrow()
        return try await DedicatedThread.run(name: name) {
            defer { self.borrowers.subtract(1, ordering: .sequentiallyConsistent) }
            return try body(handle.pointer)
        }
    }

    /// Serves delivery reports until `close` asks to stop, then flushes, purges what is
    /// left (its senders get `_PURGE_QUEUE` errors) and destroys the handle.
    func pollLoop(_ client: RdKafkaHandle) {
        let rk = client.pointer
        var flushTimeout = Duration.zero
        while true {
            if let timeout = state.withLock({ $0.closeTimeout }) {
                flushTimeout = timeout
                break
            }
            rd_kafka_poll(rk, 100)
        }
        let err = rd_kafka_flush(rk, Int32(clamping: flushTimeout.milliseconds))
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning(
                "Producer flush on close did not finish; purging",
                metadata: ["remaining": "\(rd_kafka_outq_len(rk))"]
            )
            _ = rd_kafka_purge(rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            _ = rd_kafka_flush(rk, 1000)
            rd_kafka_poll(rk, 0)
        }
        handleOpen.store(false, ordering: .sequentiallyConsistent)
        while borrowers.load(ordering: .sequentiallyConsistent) > 0 {
            usleep(1000)
        }
        rd_kafka_destroy(rk)
        eventSink.finish()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.closeWaiters = [] }
            return state.closeWaiters
        }
        for waiter in waiters { waiter.resume() }
        logger.debug("Kafka producer destroyed")
        // Balances the retain `install(on:)` took for librdkafka's opaque pointer.
        Unmanaged.passUnretained(self).release()
    }

    /// Handles one delivery report (on the poll or flush thread).
    fileprivate func delivered(_ message: UnsafePointer<rd_kafka_message_t>) {
        let raw = message.pointee
        guard let opaque = raw._private else { return }
        let delivered = raw.err == RD_KAFKA_RESP_ERR_NO_ERROR
        if delivered {
            successfulDeliveries.add(1, ordering: .relaxed)
        } else {
            failedDeliveries.add(1, ordering: .relaxed)
        }
        limiter.release()
        if DeliveryBatch.isSlot(opaque) {
            // The caller knows each record's topic by its index.
            DeliveryBatch.delivered(
                opaque,
                error: delivered ? nil : KafkaError.from(raw.err, context: "delivery to partition \(raw.partition)"))
            return
        }
        let box = Unmanaged<DeliveryBox>.fromOpaque(opaque).takeRetainedValue()
        let topic = box.topic
        let result: Result<KafkaDeliveryReport, KafkaError> =
            delivered
            ? .success(KafkaDeliveryReport(topic: topic, partition: raw.partition, offset: raw.offset))
            : .failure(KafkaError.from(raw.err, context: "delivery to \(topic)[\(raw.partition)]"))
        switch box.mode {
        case .awaited:
            box.complete(result)
        case .fireAndForget(let key):
            if case .failure(let error) = result {
                let failure = KafkaDeliveryFailure(topic: topic, partition: raw.partition, key: key, error: error)
                logger.warning("Kafka delivery failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
                eventSink.yield(.deliveryFailed(failure))
                failureHandler?(failure)
            }
        }
    }
}

private let producerDeliveryReportCallback:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let core = CallbackContext.from(opaque) as? ProducerCore else { return }
        core.delivered(message)
    }

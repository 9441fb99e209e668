import CRdKafka
import Logging

/// Publishes records through librdkafka.
///
/// A dedicated thread polls for delivery reports. ``send(_:)`` returns once the broker
/// acknowledged the record (or throws its error); ``enqueue(_:)`` returns once librdkafka
/// accepted it and reports failures through ``events`` and the failure handler. Both
/// suspend — never drop — while `maxInFlightMessages` records are outstanding, and wait
/// out librdkafka's `_QUEUE_FULL`. Idempotence is on by default, so retries after broker
/// failures neither duplicate nor reorder records of a partition.
public final class KafkaProducer: Sendable {
    private let handle: RdKafkaHandle
    private let core: ProducerCore

    /// Delivery failures of enqueued records, errors and statistics. Single consumer; keeps
    /// the newest 1024 events when nobody reads it.
    public var events: AsyncStream<KafkaProducerEvent> { core.events }

    /// Creates a producer and starts its delivery-report thread.
    ///
    /// - Parameters:
    ///   - configuration: Connection and producer settings.
    ///   - logger: Receives the layer's and librdkafka's log lines (secrets never appear).
    ///   - deliveryFailureHandler: Called (on the delivery-report thread) for every enqueued
    ///     record that could not be delivered; keep it short.
    public init(
        configuration: KafkaProducerConfiguration,
        logger: Logger = Logger(label: "kafka.producer"),
        deliveryFailureHandler: (@Sendable (KafkaDeliveryFailure) -> Void)? = nil
    ) throws {
        let core = ProducerCore(
            logger: logger,
            maxInFlight: configuration.maxInFlightMessages,
            failureHandler: deliveryFailureHandler
        )
        let conf = try RdKafkaConfiguration.make(configuration.properties)
        let opaque = core.install(on: conf)
        let pointer: OpaquePointer
        do {
            pointer = try RdKafkaConfiguration.newClient(type: RD_KAFKA_PRODUCER, conf: conf)
        } catch {
            CallbackContext.release(opaque)
            throw error
        }
        let handle = RdKafkaHandle(pointer: pointer)
        self.handle = handle
        self.core = core
        DedicatedThread.start(name: "kafka-producer-poll") {
            core.pollLoop(handle)
        }
    }

    deinit {
        core.state.withLock { state in
            if state.closeTimeout == nil { state.closeTimeout = .seconds(10) }
        }
    }

    /// Publishes `record` and returns where it was stored once the broker acknowledged it.
    /// Throws the delivery error (after librdkafka's own retries) or a closed-producer error.
    @discardableResult
    public func send(_ record: KafkaProducerRecord) async throws -> KafkaDeliveryReport {
        let box = DeliveryBox(mode: .awaited, topic: record.topic)
        try await produce(record, box: box)
        return try await box.wait()
    }

    /// Hands `record` to librdkafka and returns at once with a ticket for its delivery report, so that a
    /// caller can produce many records in order and wait for their acknowledgements later.
    /// Suspends (never drops) while the in-flight bound is reached or librdkafka's queue is full.
    public func submit(_ record: KafkaProducerRecord) async throws -> KafkaDeliveryTicket {
        let box = DeliveryBox(mode: .awaited, topic: record.topic)
        try await produce(record, box: box)
        return KafkaDeliveryTicket(box: box)
    }

    /// Hands `records` to librdkafka in order and returns with one ticket for all their delivery reports: one
    /// bookkeeping object and one wait per run of records instead of one per record. Suspends (never drops)
    /// while the in-flight bound is reached or librdkafka's queue is full. Never throws: a record that could
    /// not be produced (the producer closed, an error from librdkafka, the task cancelled) is reported by the
    /// ticket like an undelivered one, and so are the records after it, which are not produced so that the
    /// caller can produce them again in order.
    public func submit(batch records: [KafkaProducerRecord]) async -> KafkaBatchDeliveryTicket {
        let batch = DeliveryBatch(count: records.count)
        var index = 0
        while index < records.count {
            await core.limiter.acquire()
            do {
                try await handOver(records[index], opaque: batch.opaque(forRecord: index))
            } catch {
                batch.notProduced(index, error: error as? KafkaError ?? .client("Not produced: the task was cancelled"))
                break
            }
            index += 1
        }
        if index + 1 < records.count {
            batch.notProduced(
                (index + 1)..<records.count, error: KafkaError.client("Not produced: an earlier record failed"))
        }
        batch.submitted()
        return KafkaBatchDeliveryTicket(batch: batch)
    }

    /// Hands `record` to librdkafka without waiting for its delivery. Suspends while
    /// `maxInFlightMessages` records are outstanding. A later delivery failure is counted in
    /// ``failedDeliveryCount``, sent to ``events`` and to the failure handler.
    public func enqueue(_ record: KafkaProducerRecord) async throws {
        try await produce(record, box: DeliveryBox(mode: .fireAndForget(key: record.key), topic: record.topic))
    }

    /// Looks up the metadata of `topics` now (on a dedicated thread), so that the first records produced to
    /// them are not held back while librdkafka learns their partitions and leaders.
    /// - Returns: the topics the cluster does not know (librdkafka would hold their records until
    ///   `message.timeout.ms` and then fail them).
    /// - Throws: when the cluster cannot be asked within `timeout`.
    public func prepare(topics: [String], timeout: Duration = .seconds(10)) async throws -> [String] {
        try await core.runBlocking(handle, name: "kafka-producer-prepare") { rk in
            var unknown: [String] = []
            for topic in topics {
                guard let rkt = rd_kafka_topic_new(rk, topic, nil) else {
                    unknown.append(topic)
                    continue
                }
                defer { rd_kafka_topic_destroy(rkt) }
                var metadata: UnsafePointer<rd_kafka_metadata>?
                let err = rd_kafka_metadata(rk, 0, rkt, &metadata, Int32(clamping: timeout.milliseconds))
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                    throw KafkaError.from(err, context: "metadata of \(topic)")
                }
                defer { rd_kafka_metadata_destroy(metadata) }
                let known =
                    metadata.pointee.topic_cnt > 0
                    && metadata.pointee.topics?.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR
                    && (metadata.pointee.topics?.pointee.partition_cnt ?? 0) > 0
                if !known { unknown.append(topic) }
            }
            return unknown
        }
    }

    /// Records handed to librdkafka and not yet reported.
    public var inFlightCount: Int { core.limiter.inFlight }

    /// Records whose delivery failed since the producer was created.
    public var failedDeliveryCount: Int { core.failedDeliveries.load(ordering: .relaxed) }

    /// Records delivered successfully since the producer was created.
    public var deliveredCount: Int { core.successfulDeliveries.load(ordering: .relaxed) }

    /// Waits (on a dedicated thread) until every outstanding record was reported, or throws
    /// a `_TIMED_OUT` error after `timeout`.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        try await core.runBlocking(handle, name: "kafka-producer-flush") { rk in
            let err = rd_kafka_flush(rk, Int32(clamping: timeout.milliseconds))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.from(err, context: "flush (\(rd_kafka_outq_len(rk)) records left)")
            }
        }
    }

    /// Flushes for at most `timeout`, fails what is left with `_PURGE_QUEUE`, and destroys the
    /// handle. Later calls wait for the first close.
    public func close(timeout: Duration = .seconds(30)) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyClosed = core.state.withLock { state -> Bool in
                if state.closeTimeout == nil { state.closeTimeout = timeout }
                if state.closed { return true }
                state.closeWaiters.append(continuation)
                return false
            }
            if alreadyClosed { continuation.resume() }
        }
    }

    private func produce(_ record: KafkaProducerRecord, box: DeliveryBox) async throws {
        await core.limiter.acquire()
        let opaque = Unmanaged.passRetained(box).toOpaque()
        do {
            try await handOver(record, opaque: opaque)
        } catch {
            Unmanaged<DeliveryBox>.fromOpaque(opaque).release()
            throw error
        }
    }

    /// Produces `record` with `opaque` (a permit of the in-flight bound already taken), waiting out librdkafka's
    /// `_QUEUE_FULL`. On failure the permit is returned and the opaque pointer is still the caller's.
    /// - Throws: the produce error, a closed-producer error, or `CancellationError`.
    private func handOver(_ record: KafkaProducerRecord, opaque: UnsafeMutableRawPointer) async throws {
        while true {
            let err: rd_kafka_resp_err_t
            do {
                err = try core.withOpenHandle(handle) { rk in Self.produceOnce(rk, record, opaque) }
            } catch {
                core.limiter.release()
                throw error
            }
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL && !Task.isCancelled {
                // librdkafka's queue is full: wait for delivery reports to make room.
                try? await Task.sleep(for: .milliseconds(2))
                continue
            }
            core.limiter.release()
            if Task.isCancelled { throw CancellationError() }
            throw KafkaError.from(err, context: "produce to \(record.topic)")
        }
    }

    private static func produceOnce(
        _ rk: OpaquePointer,
        _ record: KafkaProducerRecord,
        _ opaque: UnsafeMutableRawPointer
    ) -> rd_kafka_resp_err_t {
        var headers: OpaquePointer?
        if !record.headers.isEmpty {
            headers = rd_kafka_headers_new(record.headers.count)
            for header in record.headers {
                // The name goes with its length and the topic through `withCString`: passing a String where
                // C expects a `const char *` makes a heap copy of a short (inline) string on every call.
                var name = header.name
                name.withUTF8 { name in
                    header.value.withUnsafeBytes { bytes in
                        _ = rd_kafka_header_add(headers, name.baseAddress, name.count, bytes.baseAddress, bytes.count)
                    }
                }
            }
        }
        let partition = record.partition ?? RD_KAFKA_PARTITION_UA
        let err = record.topic.withCString { topic in
            withOptionalBytes(record.key) { key in
                withOptionalBytes(record.value) { value in
                    bw_rd_kafka_produce(
                        rk, topic, partition,
                        key?.baseAddress, key?.count ?? 0,
                        value?.baseAddress, value?.count ?? 0,
                        headers, opaque
                    )
                }
            }
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
            rd_kafka_headers_destroy(headers)  // still ours when producing failed
        }
        return err
    }
}

/// Calls `body` with the bytes of `array`, or with `nil` when `array` is `nil`.
private func withOptionalBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}

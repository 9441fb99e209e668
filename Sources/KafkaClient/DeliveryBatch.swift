import Synchronization

/// The delivery bookkeeping of records produced together by ``KafkaProducer/submit(batch:)``: one object and
/// one wait for the whole run instead of one per record.
///
/// Each produced record's opaque pointer is a ``Slot`` (the batch and the record's index) with its lowest
/// bit set, which tells the delivery-report callback it is not a ``DeliveryBox``. Every record librdkafka
/// accepted holds one retain of the batch, released by its delivery report, so the slots (owned by the
/// batch) outlive every report.
final class DeliveryBatch: Sendable {
    /// What a record's opaque pointer points at.
    struct Slot {
        let batch: Unmanaged<DeliveryBatch>
        let index: Int
    }

    private struct State {
        var failures: [KafkaBatchDeliveryFailure] = []
        var waiter: CheckedContinuation<[KafkaBatchDeliveryFailure], Never>?
        var finished = false
    }

    /// Records not reported yet, plus one while the submitter is still producing.
    private let outstanding = Atomic<Int>(1)
    private let state = Mutex(State())
    /// One slot per record. `nonisolated(unsafe)` is safe: a slot is written before its record is produced and
    /// only read afterwards by that record's delivery report; the memory is freed in `deinit`, which runs only
    /// after every report released its retain.
    nonisolated(unsafe) private let slots: UnsafeMutablePointer<Slot>
    /// Creates the bookkeeping for `count` records.
    init(count: Int) {
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: max(1, count))
    }

    deinit {
        slots.deallocate()
    }

    /// The opaque pointer for record `index`, retaining the batch for its delivery report.
    func opaque(forRecord index: Int) -> UnsafeMutableRawPointer {
        (slots + index).initialize(to: Slot(batch: Unmanaged.passRetained(self), index: index))
        outstanding.add(1, ordering: .relaxed)
        return UnsafeMutableRawPointer(slots + index) + 1
    }

    /// Undoes ``opaque(forRecord:)`` for a record librdkafka did not accept.
    func notProduced(_ index: Int, error: KafkaError) {
        record(KafkaBatchDeliveryFailure(index: index, error: error))
        (slots + index).pointee.batch.release()
        finishOne()
    }

    /// Records that records `range` were never produced (the submitter stopped before them).
    func notProduced(_ range: Range<Int>, error: KafkaError) {
        for index in range { record(KafkaBatchDeliveryFailure(index: index, error: error)) }
    }

    /// The submitter produced everything it will produce.
    func submitted() { finishOne() }

    /// Whether `opaque` is a batch slot rather than a ``DeliveryBox``.
    static func isSlot(_ opaque: UnsafeMutableRawPointer) -> Bool { UInt(bitPattern: opaque) & 1 == 1 }

    /// Handles the delivery report of the record behind `opaque` (a slot pointer): `error` is `nil` when it
    /// was delivered. Balances the retain of ``opaque(forRecord:)``.
    static func delivered(_ opaque: UnsafeMutableRawPointer, error: KafkaError?) {
        let slot = (opaque - 1).assumingMemoryBound(to: Slot.self).pointee
        let batch = slot.batch.takeRetainedValue()
        if let error {
            batch.record(KafkaBatchDeliveryFailure(index: slot.index, error: error))
        }
        batch.finishOne()
    }

    private func record(_ failure: KafkaBatchDeliveryFailure) {
        state.withLock { $0.failures.append(failure) }
    }

    private func finishOne() {
        guard outstanding.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        let (waiter, failures) = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return (state.waiter, state.failures)
        }
        waiter?.resume(returning: failures.sorted { $0.index < $1.index })
    }

    /// Waits until every produced record was reported.
    /// - Returns: the records that were not delivered, by index.
    func wait() async -> [KafkaBatchDeliveryFailure] {
        if let ready = state.withLock({ $0.finished ? $0.failures : nil }) {
            return ready.sorted { $0.index < $1.index }
        }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [KafkaBatchDeliveryFailure]? in
                if state.finished { return state.failures }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready.sorted { $0.index < $1.index }) }
        }
    }
}

/// A record of a batch that was not delivered.
public struct KafkaBatchDeliveryFailure: Sendable {
    /// The record's index in the submitted array.
    public var index: Int
    /// Why it was not delivered (or not produced).
    public var error: KafkaError
}

/// The pending delivery reports of the records handed to ``KafkaProducer/submit(batch:)`` together.
public struct KafkaBatchDeliveryTicket: Sendable {
    let batch: DeliveryBatch

    /// Waits until every record of the batch was reported.
    /// - Returns: the records that were not delivered (or not produced), in index order; empty when all were.
    public func wait() async -> [KafkaBatchDeliveryFailure] {
        await batch.wait()
    }
}

/// The policy state of one partition's addresses, packed so that millions of addresses fit in little memory.
///
/// Every address has one record in a byte arena: the address's UTF-8 bytes followed by its state (status,
/// soft-bounce times, event-id hashes, fingerprints) as fixed-size numbers. An open-addressing index of 64-bit
/// slots finds a record by the address's hash. An address with one remembered event costs about 60 bytes
/// plus its own length (82 bytes in all for a 23-byte address, arena growth included), where a
/// `[String: AddressState]` costs ~230 (an allocation for the key, one for the event ids, the dictionary slot).
///
/// A state that outgrows its record is written as a new record at the arena's end; the arena is compacted
/// once such leftovers make up more than half of it.
public struct AddressStateStore: Sendable {
    /// Records, back to back. Each: address length (UInt32), state room (UInt32), the address, the state.
    private var arena: [UInt8] = []
    /// 0 for an empty slot; otherwise a tag from the address's hash (upper 24 bits) and the record's offset
    /// plus one (lower 40 bits).
    private var slots: [UInt64]
    /// Bytes of the arena held by records that were superseded.
    private var garbageBytes = 0
    /// The number of addresses stored.
    public private(set) var count = 0

    private static let offsetBits: UInt64 = 40
    private static let offsetMask: UInt64 = (1 << offsetBits) - 1
    private static let recordHeader = 8
    /// Status byte and three UInt32 counts (soft bounces, event-id hashes, fingerprints).
    private static let stateHeader = 13
    /// Room left in a new record for one more hash, so that an address's second event rarely moves it.
    private static let growthRoom = 8

    /// An empty store with room for `minimumCapacity` addresses before its index grows.
    public init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity * 3 < max(0, minimumCapacity) * 4 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
    }

    /// Whether the store holds no address.
    public var isEmpty: Bool { count == 0 }

    /// The bytes the records and the index take (leftovers of moved records included, allocation slack not).
    public var storageBytes: Int { arena.count + slots.count * MemoryLayout<UInt64>.stride }

    /// The state of `address`, or `nil` if the store has none.
    public subscript(address: String) -> AddressState? {
        var address = address
        return address.withUTF8 { bytes in
            guard let offset = find(bytes).offset else { return nil }
            return decodeState(atRecord: offset)
        }
    }

    /// Stores `state` as the state of `address`; returns `true` if the address was not in the store before.
    @discardableResult
    public mutating func updateValue(_ state: AddressState, forAddress address: String) -> Bool {
        update(address) { stored in
            stored = state
            return ((), store: true)
        }.inserted
    }

    /// Runs `body` on the state of `address` (a new ``AddressState`` when the store has none) and stores the
    /// result if `body` asks to, looking the address up once.
    /// - Returns: what `body` returned, and whether the address was stored for the first time.
    public mutating func update<Result>(
        _ address: String, _ body: (inout AddressState) -> (result: Result, store: Bool)
    ) -> (result: Result, inserted: Bool) {
        var address = address
        return address.withUTF8 { bytes in
            let (slot, tag, existing) = find(bytes)
            var state = existing.map { decodeState(atRecord: $0) } ?? AddressState()
            let (result, store) = body(&state)
            guard store else { return (result, false) }
            return (result, write(state, address: bytes, slot: slot, tag: tag, existing: existing))
        }
    }

    /// Writes `state` into the record at `existing` when it fits, else into a new record that `slot` then
    /// points to. Returns whether the address is new.
    private mutating func write(
        _ state: AddressState, address: UnsafeBufferPointer<UInt8>, slot: Int, tag: UInt64, existing: Int?
    ) -> Bool {
        let needed = Self.encodedSize(of: state)
        if let existing {
            let room = Int(readUInt32(at: existing + 4))
            if needed <= room {
                encode(state, at: existing + Self.recordHeader + address.count)
                return false
            }
            garbageBytes += Self.recordHeader + address.count + room
        }
        let offset = appendRecord(address: address, state: state, room: needed + Self.growthRoom)
        slots[slot] = tag << Self.offsetBits | UInt64(offset + 1)
        if existing != nil {
            compactIfWasteful()
            return false
        }
        count += 1
        if count * 4 > slots.count * 3 { rebuildIndex(capacity: slots.count * 2) }
        return true
    }

    /// Calls `body` with every address and its state, in no particular order.
    public func forEach(_ body: (String, AddressState) throws -> Void) rethrows {
        for slot in slots where slot != 0 {
            let offset = Int(slot & Self.offsetMask) - 1
            let length = Int(readUInt32(at: offset))
            let start = offset + Self.recordHeader
            let address = String(decoding: arena[start..<start + length], as: UTF8.self)
            try body(address, decodeState(atRecord: offset))
        }
    }

    // MARK: Index

    /// The slot that holds `address` or where it would go, the tag for it, and its record's offset if stored.
    private func find(_ address: UnsafeBufferPointer<UInt8>) -> (slot: Int, tag: UInt64, offset: Int?) {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(address))
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        let tag = hash >> Self.offsetBits
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return (index, tag, nil) }
            if slot >> Self.offsetBits == tag {
                let offset = Int(slot & Self.offsetMask) - 1
                if addressMatches(address, atRecord: offset) { return (index, tag, offset) }
            }
            index = (index + 1) & mask
        }
    }

    private func addressMatches(_ address: UnsafeBufferPointer<UInt8>, atRecord offset: Int) -> Bool {
        guard Int(readUInt32(at: offset)) == address.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            let start = offset + Self.recordHeader
            return arena[start..<start + address.count].elementsEqual(address)
        }
    }

    /// Re-inserts every record into a new index of `capacity` slots (a power of two).
    private mutating func rebuildIndex(capacity: Int) {
        let old = slots
        slots = Array(repeating: 0, count: capacity)
        for slot in old where slot != 0 {
            let offset = Int(slot & Self.offsetMask) - 1
            let length = Int(readUInt32(at: offset))
            let start = offset + Self.recordHeader
            let target = arena.withUnsafeBufferPointer { arena in
                find(UnsafeBufferPointer(rebasing: arena[start..<start + length])).slot
            }
            slots[target] = slot
        }
    }

    /// Copies the live records into a new arena once superseded ones are more than half of it.
    private mutating func compactIfWasteful() {
        guard garbageBytes > 4096, garbageBytes * 2 > arena.count else { return }
        var compacted: [UInt8] = []
        compacted.reserveCapacity(arena.count - garbageBytes)
        for index in slots.indices where slots[index] != 0 {
            let offset = Int(slots[index] & Self.offsetMask) - 1
            let length = Self.recordHeader + Int(readUInt32(at: offset)) + Int(readUInt32(at: offset + 4))
            let tag = slots[index] >> Self.offsetBits
            slots[index] = tag << Self.offsetBits | UInt64(compacted.count + 1)
            compacted.append(contentsOf: arena[offset..<offset + length])
        }
        arena = compacted
        garbageBytes = 0
    }

    // MARK: Records

    private mutating func appendRecord(address: UnsafeBufferPointer<UInt8>, state: AddressState, room: Int) -> Int {
        let offset = arena.count
        // A state never nears 4 GiB (that would be half a billion remembered hashes), nor an address.
        appendUInt32(UInt32(truncatingIfNeeded: address.count))
        appendUInt32(UInt32(truncatingIfNeeded: room))
        arena.append(contentsOf: address)
        arena.append(contentsOf: repeatElement(0, count: room))
        encode(state, at: offset + Self.recordHeader + address.count)
        return offset
    }

    private static func encodedSize(of state: AddressState) -> Int {
        stateHeader + 8 * (state.softBounces.count + state.recentEventIDHashes.count)
            + 16 * state.recentFingerprints.count
    }

    private mutating func encode(_ state: AddressState, at start: Int) {
        arena.withUnsafeMutableBytes { bytes in
            bytes[start] = Self.code(of: state.status)
            var position = start + 1
            Self.store(UInt32(truncatingIfNeeded: state.softBounces.count), in: bytes, at: &position)
            Self.store(UInt32(truncatingIfNeeded: state.recentEventIDHashes.count), in: bytes, at: &position)
            Self.store(UInt32(truncatingIfNeeded: state.recentFingerprints.count), in: bytes, at: &position)
            for time in state.softBounces { Self.store(time, in: bytes, at: &position) }
            for hash in state.recentEventIDHashes { Self.store(hash, in: bytes, at: &position) }
            for fingerprint in state.recentFingerprints {
                Self.store(fingerprint.hash, in: bytes, at: &position)
                Self.store(fingerprint.at, in: bytes, at: &position)
            }
        }
    }

    private func decodeState(atRecord offset: Int) -> AddressState {
        arena.withUnsafeBytes { bytes in
            let start = offset + Self.recordHeader + Int(readUInt32(at: offset))
            var state = AddressState()
            state.status = Self.status(coded: bytes[start])
            var position = start + 1
            let softBounces = Int(Self.load(UInt32.self, from: bytes, at: &position))
            let ids = Int(Self.load(UInt32.self, from: bytes, at: &position))
            let fingerprints = Int(Self.load(UInt32.self, from: bytes, at: &position))
            state.softBounces = Self.load(softBounces, as: Int64.self, from: bytes, at: &position)
            // Room for the id the engine is about to remember, so that appending it does not reallocate.
            state.recentEventIDHashes = Self.load(ids, as: UInt64.self, from: bytes, at: &position, room: 1)
            if fingerprints > 0 {
                state.recentFingerprints.reserveCapacity(fingerprints + 1)
                for _ in 0..<fingerprints {
                    let hash = Self.load(UInt64.self, from: bytes, at: &position)
                    state.recentFingerprints.append(
                        .init(hash: hash, at: Self.load(Int64.self, from: bytes, at: &position)))
                }
            }
            return state
        }
    }

    /// Writes `value` little-endian at `position` and moves past it.
    private static func store<T: FixedWidthInteger>(
        _ value: T, in bytes: UnsafeMutableRawBufferPointer, at position: inout Int
    ) {
        bytes.storeBytes(of: value.littleEndian, toByteOffset: position, as: T.self)
        position += MemoryLayout<T>.size
    }

    /// Reads a little-endian value at `position` and moves past it.
    private static func load<T: FixedWidthInteger>(
        _ type: T.Type, from bytes: UnsafeRawBufferPointer, at position: inout Int
    ) -> T {
        defer { position += MemoryLayout<T>.size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    /// Reads `count` little-endian values from `position` on and moves past them; `room` spare capacity.
    private static func load<T: FixedWidthInteger>(
        _ count: Int, as type: T.Type, from bytes: UnsafeRawBufferPointer, at position: inout Int, room: Int = 0
    ) -> [T] {
        guard count > 0 else { return [] }
        var values: [T] = []
        values.reserveCapacity(count + room)
        for _ in 0..<count { values.append(load(T.self, from: bytes, at: &position)) }
        return values
    }

    private func readUInt32(at offset: Int) -> UInt32 {
        arena.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    private mutating func appendUInt32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { arena.append(contentsOf: $0) }
    }

    private static func code(of status: SubscriberStatus) -> UInt8 {
        switch status {
        case .active: 0
        case .blacklisted: 1
        case .spamReported: 2
        }
    }

    private static func status(coded code: UInt8) -> SubscriberStatus {
        switch code {
        case 1: .blacklisted
        case 2: .spamReported
        default: .active
        }
    }
}

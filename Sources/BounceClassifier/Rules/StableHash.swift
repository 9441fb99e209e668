/// A 128-bit FNV-1a hash with fixed parameters: the same bytes give the same value in every process, on
/// every machine (unlike `Hasher`, which is seeded per process). Used for deterministic event ids.
struct StableHash: Sendable {
    private var high: UInt64 = 0x6c62_272e_07bb_0142
    private var low: UInt64 = 0x62b8_2175_6295_c58d

    init() {}

    /// Mixes in `bytes`.
    mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { combine(byte: byte) }
    }

    /// Mixes in a string's UTF-8 bytes followed by a separator, so that ("ab","c") and ("a","bc") differ.
    mutating func combine(field: String) {
        field.withUTF8Bytes { combine(field: $0) }
    }

    /// Mixes in UTF-8 bytes followed by the field separator, as ``combine(field:)-(String)`` does for a string.
    mutating func combine(field bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { combine(byte: byte) }
        combine(byte: 0x1F)
    }

    /// Mixes in `prefix` and then `other`'s 32 hex digits as one field: what ``combine(field:)-(String)`` does
    /// with `prefix + other.hexDigest`, without building the string.
    mutating func combine(field prefix: StaticString, hexDigestOf other: StableHash) {
        prefix.withUTF8Buffer { combine($0) }
        other.withHexDigest { combine(field: $0) }
    }

    /// Mixes in the eight bytes of `word`, lowest first.
    @inline(__always) mutating func combine(eightBytes word: UInt64) {
        combine(byte: UInt8(truncatingIfNeeded: word))
        combine(byte: UInt8(truncatingIfNeeded: word >> 8))
        combine(byte: UInt8(truncatingIfNeeded: word >> 16))
        combine(byte: UInt8(truncatingIfNeeded: word >> 24))
        combine(byte: UInt8(truncatingIfNeeded: word >> 32))
        combine(byte: UInt8(truncatingIfNeeded: word >> 40))
        combine(byte: UInt8(truncatingIfNeeded: word >> 48))
        combine(byte: UInt8(truncatingIfNeeded: word >> 56))
    }

    @inline(__always) mutating func combine(byte: UInt8) {
        low ^= UInt64(byte)
        // Multiply (high, low) by the FNV-128 prime 2^88 + 0x13B, modulo 2^128.
        let (carry, product) = low.multipliedFullWidth(by: 0x13B)
        high = high &* 0x13B &+ carry &+ (low << 24)
        low = product
    }

    /// The hash as 32 lower-case hex digits.
    var hexDigest: String {
        String(unsafeUninitializedCapacity: 32) { out in
            writeHexDigest(to: out)
            return 32
        }
    }

    /// The 32 hex digits of ``hexDigest`` as UTF-8 bytes.
    var hexDigestUTF8: [UInt8] { withHexDigest { Array($0) } }

    /// Calls `body` with the 32 hex digits of ``hexDigest``, held on the stack.
    func withHexDigest<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { out in
            writeHexDigest(to: out)
            return body(UnsafeBufferPointer(out))
        }
    }

    /// Writes the 32 hex digits to `out`, which has room for at least 32 bytes.
    private func writeHexDigest(to out: UnsafeMutableBufferPointer<UInt8>) {
        // 32 digits, two per byte of the 16-byte value: every index written is below 32.
        for index in 0..<16 {
            let word = index < 8 ? high : low
            let shift = UInt64((7 - index % 8) * 8)
            let byte = UInt8(truncatingIfNeeded: word >> shift)
            out[index * 2] = Self.hexDigit(byte >> 4)
            out[index * 2 + 1] = Self.hexDigit(byte & 0x0F)
        }
    }

    /// The lower-case hex digit for a value below 16.
    @inline(__always) private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x57 + value
    }
}

/// Deterministic identifiers derived from text: the same parts give the same id in every process.
public enum EventIDs {
    /// A 32-hex-digit id for the parts, in order (`derived(from: "status", eventID)`).
    public static func derived(from parts: String...) -> String {
        var hash = StableHash()
        for part in parts { hash.combine(field: part) }
        return hash.hexDigest
    }

    /// ``derived(from:)`` of `prefix` and `part`, as the 32 UTF-8 bytes of its digits (for a record header,
    /// without making a string first).
    public static func derivedUTF8(from prefix: String, _ part: String) -> [UInt8] {
        var hash = StableHash()
        hash.combine(field: prefix)
        hash.combine(field: part)
        return hash.hexDigestUTF8
    }

    /// ``derived(from:)`` of `prefix` and the text `utf8` spells, as the 32 UTF-8 bytes of its digits.
    public static func derivedUTF8(from prefix: String, utf8: [UInt8]) -> [UInt8] {
        var hash = StableHash()
        hash.combine(field: prefix)
        utf8.withUnsafeBufferPointer { hash.combine(field: $0) }
        return hash.hexDigestUTF8
    }
}

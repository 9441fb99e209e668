/// What the policy stage remembers about one address: its status, the soft bounces that count towards
/// escalation, and recent event ids and fingerprints for dropping duplicates. Written to the changelog
/// topic on every change and restored from it on partition assignment.
///
/// Event ids and fingerprints are kept as 64-bit hashes (``stableHash(of:)``) rather than their text: an
/// address's state is then a handful of fixed-size numbers, which ``AddressStateStore`` packs without an
/// allocation per address. Two different ids of one address would have to collide in 64 bits to be taken
/// for each other.
public struct AddressState: Sendable, Hashable {
    /// A remembered report, for the cross-channel duplicate rule.
    ///
    /// Kept as a 64-bit hash rather than the text it hashes (an original message id is often 40–80 bytes):
    /// the state of one address then needs no allocation per fingerprint, which matters with millions of
    /// addresses per process.
    public struct Fingerprint: Sendable, Hashable {
        /// The ``AddressState/stableHash(of:)`` of the report's kind, original message id and status.
        public var hash: UInt64
        /// When the report happened (milliseconds since the epoch).
        public var at: Int64

        /// Creates a fingerprint.
        public init(hash: UInt64, at: Int64) {
            self.hash = hash
            self.at = at
        }
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes: the same in every process and version (unlike
    /// `Hasher`, which is seeded per process), so that restored hashes compare with new ones.
    public static func stableHash(of text: String) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(text)
        return hasher.value
    }

    /// ``stableHash(of:)`` fed piece by piece: the hash of the pieces' UTF-8 bytes one after the other, the
    /// same as of the text they spell together, without building that text.
    struct StableHasher {
        /// The hash of the bytes so far.
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        /// Mixes in one byte.
        @inline(__always) mutating func combine(byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }

        /// Mixes in `text`'s UTF-8 bytes.
        mutating func combine(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                for byte in bytes { combine(byte: byte) }
            }
        }

        /// Mixes in the decimal digits of `number` (not negative), as `String(number)` spells them.
        mutating func combine(decimal number: Int) {
            var divisor = 1
            while divisor <= number / 10 { divisor *= 10 }
            var rest = number
            repeat {
                combine(byte: 0x30 + UInt8(truncatingIfNeeded: rest / divisor))
                rest %= divisor
                divisor /= 10
            } while divisor > 0
        }
    }

    /// The subscriber status.
    public var status: SubscriberStatus = .active
    /// Times (milliseconds since the epoch) of the soft bounces counting towards escalation.
    public var softBounces: [Int64] = []
    /// The ``stableHash(of:)`` of recent event ids, oldest first, at most ``PolicyConfiguration/recentEventLimit``.
    public var recentEventIDHashes: [UInt64] = []
    /// Recent report fingerprints, oldest first, at most ``PolicyConfiguration/recentEventLimit``.
    public var recentFingerprints: [Fingerprint] = []

    /// A new, active address with no history.
    public init() {}

    /// Whether the state carries nothing worth keeping.
    public var isEmpty: Bool {
        status == .active && softBounces.isEmpty && recentEventIDHashes.isEmpty && recentFingerprints.isEmpty
    }
}

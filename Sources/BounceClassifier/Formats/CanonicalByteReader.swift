/// The byte-level reader of canonical events: reads an event (or an array of them) straight from the input
/// bytes into ``CanonicalEventBytes``, creating no string, no ``JSONValue`` and no observation.
///
/// Like ``CanonicalFastReader`` it only takes inputs it is sure about, and it is stricter: every member is a
/// canonical member, at most once, with a string without escapes, a plain integer or `null` as its value, and
/// every event is valid. For anything else it returns `nil` and the caller reads the input with the general
/// readers, which give the same results for the inputs both take and report errors with their location.
enum CanonicalByteReader {
    /// Reads the events in `bytes` (one event object or an array of them) and hands each to `body` in input
    /// order as soon as it is read, so that no event is copied.
    /// - Returns: `false` when the input needs the general readers (or holds more than `maximumEvents` events):
    ///   what `body` was given so far is then to be discarded.
    static func readEvents(
        in bytes: UnsafeBufferPointer<UInt8>, maximumEvents: Int, _ body: (borrowing CanonicalEventBytes) -> Void
    ) -> Bool {
        var reader = Reader(bytes: bytes)
        var event = CanonicalEventBytes()
        switch reader.peek() {
        case 0x7B:
            guard maximumEvents >= 1, reader.event(into: &event), reader.peek() == nil else { return false }
            body(event)
            return true
        case 0x5B:
            reader.position += 1
            var count = 0
            while true {
                guard count < maximumEvents, reader.peek() == 0x7B, reader.event(into: &event) else { return false }
                count += 1
                body(event)
                switch reader.peek() {
                case 0x2C: reader.position += 1
                case 0x5D:
                    reader.position += 1
                    return reader.peek() == nil
                default: return false
                }
            }
        default:
            return false
        }
    }

    /// A position in the input and the reads from it.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        /// The next byte after skipping white space, without consuming it; `nil` at the end.
        @inline(__always) mutating func peek() -> UInt8? {
            // Canonical events are mostly written without white space between tokens: every white space byte is
            // at most 0x20, so a byte above it is returned after one comparison.
            if position < bytes.count, bytes[position] > 0x20 { return bytes[position] }
            while position < bytes.count {
                let byte = bytes[position]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
                position += 1
            }
            return nil
        }

        /// Reads one event object starting at its `{` into `event` (which it resets first).
        /// - Returns: `false` when the object is not one the byte path takes.
        mutating func event(into event: inout CanonicalEventBytes) -> Bool {
            position += 1
            event = CanonicalEventBytes()
            var seen: UInt16 = 0
            if peek() == 0x7D { return false }
            while true {
                guard peek() == 0x22, let key = memberKey(), peek() == 0x3A else { return false }
                position += 1
                // A repeated member is left to the general path, which applies every occurrence in order.
                let bit: UInt16 = 1 << Self.index(of: key)
                guard seen & bit == 0, let value = value(), event.apply(key, value) else { return false }
                seen |= bit
                switch peek() {
                case 0x2C: position += 1
                case 0x7D:
                    position += 1
                    // A missing or empty recipient is an error the general path reports.
                    return !event.recipient.isEmpty
                default: return false
                }
            }
        }

        /// A distinct number below 16 for each member.
        private static func index(of key: CanonicalEvent.Key) -> UInt16 {
            switch key {
            case .recipient: return 0
            case .event: return 1
            case .status: return 2
            case .diagnostic: return 3
            case .timestamp: return 4
            case .id: return 5
            case .replyCode: return 6
            case .smtpReply: return 7
            case .remoteMTA: return 8
            case .messageID: return 9
            case .campaignID: return 10
            case .subscriberID: return 11
            case .listID: return 12
            }
        }

        /// Reads a key whose opening quote is at ``position`` when it spells a canonical member; `nil` for any
        /// other key. Compares the key and its closing quote against the member's spelling 8 bytes at a time.
        mutating func memberKey() -> CanonicalEvent.Key? {
            let start = position + 1
            guard start + 16 <= bytes.count, let base = UnsafeRawPointer(bytes.baseAddress) else {
                guard let spelling = key() else { return nil }
                return CanonicalEvent.Key.match(spelling)
            }
            let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))
            // The only member the key can be, told apart by its first byte and, where that is shared, its second
            // or third.
            let candidate: CanonicalEvent.Key
            switch UInt8(truncatingIfNeeded: first) {
            case 0x63: candidate = .campaignID
            case 0x64: candidate = .diagnostic
            case 0x65: candidate = .event
            case 0x69: candidate = .id
            case 0x6C: candidate = .listID
            case 0x6D: candidate = .messageID
            case 0x74: candidate = .timestamp
            case 0x72:
                switch UInt8(truncatingIfNeeded: first >> 16) {
                case 0x63: candidate = .recipient
                case 0x70: candidate = .replyCode
                case 0x6D: candidate = .remoteMTA
                default: return nil
                }
            case 0x73:
                switch UInt8(truncatingIfNeeded: first >> 8) {
                case 0x74: candidate = .status
                case 0x6D: candidate = .smtpReply
                case 0x75: candidate = .subscriberID
                default: return nil
                }
            default: return nil
            }
            let spelling = Self.spelling(of: candidate)
            guard first & spelling.firstMask == spelling.first, second & spelling.secondMask == spelling.second else {
                return nil
            }
            position = start + spelling.length + 1
            return candidate
        }

        /// A member's spelling followed by its closing quote, as two little-endian words (unused bytes zero) with
        /// masks of the bytes they use, and the spelling's length.
        private static func spelling(of key: CanonicalEvent.Key) -> (
            first: UInt64, firstMask: UInt64, second: UInt64, secondMask: UInt64, length: Int
        ) {
            switch key {
            case .recipient:
                return (0x6E65_6970_6963_6572, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0000_2274, 0x0000_0000_0000_FFFF, 9)
            case .event:
                return (0x0000_2274_6E65_7665, 0x0000_FFFF_FFFF_FFFF, 0, 0, 5)
            case .status:
                return (0x0022_7375_7461_7473, 0x00FF_FFFF_FFFF_FFFF, 0, 0, 6)
            case .diagnostic:
                return (0x7473_6F6E_6761_6964, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0022_6369, 0x0000_0000_00FF_FFFF, 10)
            case .timestamp:
                return (0x6D61_7473_656D_6974, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0000_2270, 0x0000_0000_0000_FFFF, 9)
            case .id:
                return (0x0000_0000_0022_6469, 0x0000_0000_00FF_FFFF, 0, 0, 2)
            case .replyCode:
                return (0x6F63_5F79_6C70_6572, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0022_6564, 0x0000_0000_00FF_FFFF, 10)
            case .smtpReply:
                return (0x7065_725F_7074_6D73, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0022_796C, 0x0000_0000_00FF_FFFF, 10)
            case .remoteMTA:
                return (0x6D5F_6574_6F6D_6572, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0022_6174, 0x0000_0000_00FF_FFFF, 10)
            case .messageID:
                return (0x5F65_6761_7373_656D, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_0022_6469, 0x0000_0000_00FF_FFFF, 10)
            case .campaignID:
                return (0x6E67_6961_706D_6163, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0000_2264_695F, 0x0000_0000_FFFF_FFFF, 11)
            case .subscriberID:
                return (0x6269_7263_7362_7573, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_2264_695F_7265, 0x0000_FFFF_FFFF_FFFF, 13)
            case .listID:
                return (0x2264_695F_7473_696C, 0xFFFF_FFFF_FFFF_FFFF, 0, 0, 7)
            }
        }

        /// Reads a key whose opening quote is at ``position``: printable ASCII without escapes.
        mutating func key() -> UnsafeBufferPointer<UInt8>? {
            guard let (key, end) = JSONScanner.plainKey(in: bytes, quoteAt: position) else { return nil }
            position = end
            return key
        }

        /// Reads a value after optional white space: a string without escapes, a plain integer or `null`.
        mutating func value() -> CanonicalEventBytes.Value? {
            guard let first = peek() else { return nil }
            switch first {
            case 0x22: return string().map(CanonicalEventBytes.Value.string)
            case 0x2D, 0x30...0x39: return integer()
            case 0x6E:
                guard position + 4 <= bytes.count, bytes[position + 1] == 0x75, bytes[position + 2] == 0x6C,
                    bytes[position + 3] == 0x6C
                else { return nil }
                position += 4
                return .null
            default: return nil
            }
        }

        /// Reads a string whose opening quote is at ``position``; `nil` when it has an escape, a control
        /// character or bytes that are not UTF-8.
        @inline(__always) mutating func string() -> UnsafeBufferPointer<UInt8>? {
            let start = position + 1
            var index = JSONScanner.skipPlainASCII(bytes, from: start)
            // The common case: plain ASCII up to the closing quote.
            if index < bytes.count, bytes[index] == 0x22, let base = bytes.baseAddress {
                position = index + 1
                return UnsafeBufferPointer(start: base + start, count: index - start)
            }
            var high: UInt8 = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    if high >= 0x80 {
                        do { try JSONScanner.validateUTF8(bytes, from: start, to: index) } catch { return nil }
                    }
                    position = index + 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<index])
                }
                if byte == 0x5C || byte < 0x20 { return nil }
                high |= byte
                index += 1
            }
            return nil
        }

        /// Reads `-?(0|[1-9][0-9]*)` of at most 18 digits, not followed by a fraction or an exponent.
        mutating func integer() -> CanonicalEventBytes.Value? {
            let start = position
            var index = position
            let negative = bytes[index] == 0x2D
            if negative { index += 1 }
            let digitsStart = index
            var value = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value &* 10 &+ Int(bytes[index] &- 0x30)
                index += 1
            }
            let digits = index - digitsStart
            guard digits > 0, digits <= 18, digits == 1 || bytes[digitsStart] != 0x30 else { return nil }
            if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 {
                return nil
            }
            position = index
            return .integer(UnsafeBufferPointer(rebasing: bytes[start..<index]), negative ? -value : value)
        }
    }
}

/// The byte-level reader of canonical events: reads an event (or an array of them) straight from the input
/// bytes into ``CanonicalEventBytes``, creating no string, no ``JSONValue`` and no observation.
///
/// Like ``CanonicalFastReader`` it only takes inputs it is sure about, and it is stricter: every member is a
/// canonical member, at most once, with a string without escapes, a plain integer or `null` as its value, and
/// every event is valid. For anything else it returns `nil` and the caller reads the input with the general
/// readers, which give the same results for the inputs both take and report errors with their location.
enum CanonicalByteReader {
    /// The events in `bytes`, in input order, or `nil` when the input needs the general readers (or holds more
    /// than `maximumEvents` events).
    static func events(in bytes: UnsafeBufferPointer<UInt8>, maximumEvents: Int) -> Events? {
        var reader = Reader(bytes: bytes)
        switch reader.peek() {
        case 0x7B:
            guard maximumEvents >= 1, let event = reader.event(), reader.peek() == nil else { return nil }
            return .one(event)
        case 0x5B:
            reader.position += 1
            var events = [CanonicalEventBytes]()
            while true {
                guard events.count < maximumEvents, reader.peek() == 0x7B, let event = reader.event() else {
                    return nil
                }
                events.append(event)
                switch reader.peek() {
                case 0x2C: reader.position += 1
                case 0x5D:
                    reader.position += 1
                    return reader.peek() == nil ? .batch(events) : nil
                default: return nil
                }
            }
        default:
            return nil
        }
    }

    /// The events of an input: a single event needs no array.
    enum Events {
        /// The input is one event object.
        case one(CanonicalEventBytes)
        /// The input is an array of events.
        case batch([CanonicalEventBytes])
    }

    /// A position in the input and the reads from it.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        /// The next byte after skipping white space, without consuming it; `nil` at the end.
        mutating func peek() -> UInt8? {
            while position < bytes.count {
                let byte = bytes[position]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
                position += 1
            }
            return nil
        }

        /// Reads one event object starting at its `{`.
        mutating func event() -> CanonicalEventBytes? {
            position += 1
            var event = CanonicalEventBytes()
            var seen: UInt16 = 0
            if peek() == 0x7D { return nil }
            while true {
                guard peek() == 0x22, let spelling = key(), let key = CanonicalEvent.Key.match(spelling),
                    peek() == 0x3A
                else { return nil }
                position += 1
                // A repeated member is left to the general path, which applies every occurrence in order.
                let bit: UInt16 = 1 << Self.index(of: key)
                guard seen & bit == 0, let value = value(), event.apply(key, value) else { return nil }
                seen |= bit
                switch peek() {
                case 0x2C: position += 1
                case 0x7D:
                    position += 1
                    // A missing or empty recipient is an error the general path reports.
                    return event.recipient.isEmpty ? nil : event
                default: return nil
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

        /// Reads a key whose opening quote is at ``position``: printable ASCII without escapes.
        mutating func key() -> UnsafeBufferPointer<UInt8>? {
            let start = position + 1
            var index = JSONScanner.skipPlainASCII(bytes, from: start)
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    position = index + 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<index])
                }
                if byte == 0x5C || byte < 0x20 || byte >= 0x80 { return nil }
                index += 1
            }
            return nil
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
        mutating func string() -> UnsafeBufferPointer<UInt8>? {
            let start = position + 1
            var index = JSONScanner.skipPlainASCII(bytes, from: start)
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

/// Writes JSON text into a byte buffer: the fast, allocation-light encoder behind every JSON the
/// classifier and the worker emit.
public struct JSONOutput: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// Creates an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// Opens an object: `{`.
    public mutating func beginObject() {
        separate()
        bytes.append(0x7B)
        needsComma = false
    }

    /// Closes an object: `}`.
    public mutating func endObject() {
        bytes.append(0x7D)
        needsComma = true
    }

    /// Opens an array: `[`.
    public mutating func beginArray() {
        separate()
        bytes.append(0x5B)
        needsComma = false
    }

    /// Closes an array: `]`.
    public mutating func endArray() {
        bytes.append(0x5D)
        needsComma = true
    }

    /// Writes `"key":` inside an object.
    public mutating func key(_ key: String) {
        separate()
        appendQuoted(key)
        bytes.append(0x3A)
        needsComma = false
    }

    /// Writes `"key": "value"`, or `"key": null` when `value` is `nil`.
    public mutating func field(_ key: String, _ value: String?) {
        self.key(key)
        if let value { string(value) } else { null() }
    }

    /// Writes `"key": 550`, or `"key": null` when `value` is `nil`.
    public mutating func field(_ key: String, _ value: Int?) {
        self.key(key)
        if let value { number(value) } else { null() }
    }

    /// Writes `"key": true|false`.
    public mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        separate()
        append(value ? "true" : "false")
        needsComma = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes `value` as a string of 16 lower-case hexadecimal digits, zero-padded (a 64-bit hash).
    public mutating func string(hexadecimal value: UInt64) {
        separate()
        bytes.append(0x22)
        for shift in stride(from: 60, through: 0, by: -4) {
            bytes.append(Self.hexDigit(UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0x0F))
        }
        bytes.append(0x22)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ value: Int) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        append("null")
        needsComma = true
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma { bytes.append(0x2C) }
    }

    /// Writes a string value, or `null` when `value` is `nil`.
    mutating func value(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes an integer value, or `null` when `value` is `nil`.
    mutating func value(_ value: Int?) {
        if let value { number(value) } else { null() }
    }

    /// Writes a status code as a string (its ``StatusCode/description``), or `null` when `status` is `nil`.
    mutating func value(_ status: StatusCode?) {
        guard let status else { return null() }
        separate()
        bytes.append(0x22)
        appendDecimal(Int(status.klass))
        bytes.append(0x2E)
        appendDecimal(Int(status.subject))
        bytes.append(0x2E)
        appendDecimal(Int(status.detail))
        bytes.append(0x22)
        needsComma = true
    }

    /// Appends the bytes of an ASCII literal.
    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value` (with a leading `-` when negative), as `String(value)` spells it.
    private mutating func appendDecimal(_ value: Int) {
        // 20 digits and a sign hold every `Int`.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 { bytes.append(0x2D) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends `value` as a JSON string: quoted, with `"`, `\` and control characters escaped.
    private mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { appendQuoted($0) }
    }

    /// Appends the UTF-8 text `utf8` as a JSON string; runs that need no escape are copied whole.
    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        var index = Self.skipUnescaped(utf8, from: 0)
        while index < utf8.count, !Self.needsEscape(utf8[index]) { index += 1 }
        bytes.append(0x22)
        if index == utf8.count {
            // Nothing to escape: the common case.
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return
        }
        var runStart = 0
        while index < utf8.count {
            let byte = utf8[index]
            guard Self.needsEscape(byte) else {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                append("\\u00")
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 0x0F))
            }
            index += 1
            runStart = index
            index = Self.skipUnescaped(utf8, from: index)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        bytes.append(0x22)
    }

    /// Whether `byte` needs an escape in a JSON string: a quote, a backslash or a control character.
    @inline(__always) private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x5C || byte < 0x20
    }

    /// Writes a key whose JSON spelling needs no escape, given with its quotes and colon (`"\"kind\":"`).
    mutating func key(quoted literal: StaticString) {
        separate()
        append(literal)
        needsComma = false
    }

    /// The lower-case hex digit for a value below 16.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x57 + value
    }

    /// The index of the first byte at or after `index` that may need an escape (a quote, a backslash or a
    /// control character), or the index where fewer than 8 bytes remain. Tests 8 bytes at a time; a word
    /// with such a byte always stops the scan (a false stop only costs a byte-by-byte look).
    private static func skipUnescaped(_ utf8: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        guard let base = UnsafeRawPointer(utf8.baseAddress) else { return index }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = index
        while index + 8 <= utf8.count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // A byte below 0x20 borrows into its high bit; so does a zero byte of `quote` or `backslash`.
            let special = ((word &- ones &* 0x20) | (quote &- ones) | (backslash &- ones)) & ~word & highs
            if special != 0 { break }
            index += 8
        }
        return index
    }
}

extension BounceResult {
    /// Writes the result's fields (without braces) in the documented order and names.
    public func writeFields(to output: inout JSONOutput) {
        output.key(quoted: "\"kind\":")
        output.value(kind.rawValue)
        output.key(quoted: "\"type\":")
        output.value(type.rawValue)
        output.key(quoted: "\"reason\":")
        output.value(reason.rawValue)
        output.key(quoted: "\"status\":")
        output.value(status)
        output.key(quoted: "\"status_source\":")
        output.value(statusSource?.rawValue)
        output.key(quoted: "\"reply_code\":")
        output.value(replyCode)
        output.key(quoted: "\"diagnostic\":")
        output.value(diagnostic)
        output.key(quoted: "\"recipient\":")
        output.value(recipient)
        output.key(quoted: "\"remote_mta\":")
        output.value(remoteMTA)
        output.key(quoted: "\"original_message_id\":")
        output.value(originalMessageID)
        if let campaignID {
            output.key(quoted: "\"campaign_id\":")
            output.value(campaignID)
        }
        if let subscriberID {
            output.key(quoted: "\"subscriber_id\":")
            output.value(subscriberID)
        }
        if let listID {
            output.key(quoted: "\"list_id\":")
            output.value(listID)
        }
        output.key(quoted: "\"occurred_at\":")
        output.value(occurredAt)
        output.key(quoted: "\"action\":")
        output.value(action.rawValue)
        output.key(quoted: "\"event_id\":")
        output.value(eventID)
        output.key(quoted: "\"format\":")
        output.value(format.rawValue)
    }

    /// The result as one JSON object.
    public var jsonText: String {
        var output = JSONOutput()
        output.beginObject()
        writeFields(to: &output)
        output.endObject()
        return output.text
    }
}

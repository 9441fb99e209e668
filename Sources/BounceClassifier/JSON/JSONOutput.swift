/// Writes JSON text into a byte buffer: the fast, allocation-light encoder behind every JSON the
/// classifier and the worker emit.
///
/// The buffer is an array whose first ``count`` bytes are the text and whose rest is room for what comes next,
/// so that each piece (a key with its quotes and colon, a whole string value) is written with one bounds check
/// instead of one append per byte. Keys are literals that need no escape.
public struct JSONOutput: Sendable {
    /// The text so far, then room (zero bytes) for what comes next.
    private var storage: [UInt8]
    /// How many bytes of `storage` are text.
    private var count = 0
    private var needsComma = false

    /// Creates an empty buffer with room for `capacity` bytes (it grows when the text needs more).
    public init(capacity: Int = 512) {
        storage = [UInt8](repeating: 0, count: Swift.max(capacity, 64))
    }

    /// The bytes written so far (a copy; ``finish()`` hands them over without one).
    public var bytes: [UInt8] { Array(storage[0..<count]) }

    /// The bytes written, handed over without a copy when this is the only reference to them.
    public consuming func finish() -> [UInt8] {
        storage.removeLast(storage.count - count)
        return storage
    }

    /// The text written so far.
    public var text: String { String(decoding: storage[0..<count], as: UTF8.self) }

    /// Opens an object: `{`.
    public mutating func beginObject() {
        separate()
        put(0x7B)
        needsComma = false
    }

    /// Closes an object: `}`.
    public mutating func endObject() {
        put(0x7D)
        needsComma = true
    }

    /// Opens an array: `[`.
    public mutating func beginArray() {
        separate()
        put(0x5B)
        needsComma = false
    }

    /// Closes an array: `]`.
    public mutating func endArray() {
        put(0x5D)
        needsComma = true
    }

    /// Writes `"key":` inside an object; `key` must need no escape (no quote, backslash or control character).
    public mutating func key(_ key: StaticString) {
        let comma = needsComma ? 1 : 0
        key.withUTF8Buffer { name in
            write(name.count + 3 + comma) { out in
                if comma == 1 { out[0] = 0x2C }
                out[comma] = 0x22
                copy(name, to: out + comma + 1)
                out[comma + name.count + 1] = 0x22
                out[comma + name.count + 2] = 0x3A
            }
        }
        needsComma = false
    }

    /// Writes `"key": "value"`, or `"key": null` when `value` is `nil`.
    public mutating func field(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value { string(value) } else { null() }
    }

    /// Writes `"key": 550`, or `"key": null` when `value` is `nil`.
    public mutating func field(_ key: StaticString, _ value: Int?) {
        self.key(key)
        if let value { number(value) } else { null() }
    }

    /// Writes `"key": "5.1.1"` (the code's ``StatusCode/description``), or `"key": null` when `status` is `nil`.
    public mutating func field(_ key: StaticString, _ status: StatusCode?) {
        self.key(key)
        value(status)
    }

    /// Writes `"key": true|false`.
    public mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
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
        write(18) { out in
            out[0] = 0x22
            for index in 0..<16 {
                out[index + 1] = Self.hexDigit(UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0x0F)
            }
            out[17] = 0x22
        }
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

    private mutating func separate() {
        if needsComma { put(0x2C) }
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
        put(0x22)
        appendDecimal(Int(status.klass))
        put(0x2E)
        appendDecimal(Int(status.subject))
        put(0x2E)
        appendDecimal(Int(status.detail))
        put(0x22)
        needsComma = true
    }

    /// Makes room for `length` more bytes, then lets `body` write them at the end of the text.
    @inline(__always)
    private mutating func write(_ length: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        if count + length > storage.count {
            storage.append(contentsOf: repeatElement(0, count: Swift.max(length, storage.count)))
        }
        let start = count
        storage.withUnsafeMutableBufferPointer { buffer in
            // `storage` holds at least 64 bytes, so it has a base address; `start + length` is within it.
            guard let base = buffer.baseAddress else { return }
            body(base + start)
        }
        count += length
    }

    /// Appends one byte.
    @inline(__always) private mutating func put(_ byte: UInt8) {
        write(1) { $0.pointee = byte }
    }

    /// Appends `bytes`.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        write(bytes.count) { copy(bytes, to: $0) }
    }

    /// Appends the bytes of an ASCII literal.
    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    /// Appends the decimal digits of `value` (with a leading `-` when negative), as `String(value)` spells it.
    private mutating func appendDecimal(_ value: Int) {
        // 20 digits and a sign hold every `Int`.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var rest = value.magnitude
            var start = 21
            repeat {
                start -= 1
                digits[start] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                start -= 1
                digits[start] = 0x2D
            }
            append(UnsafeBufferPointer(rebasing: digits[start..<21]))
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
        if index == utf8.count {
            // Nothing to escape: the common case, written in one piece.
            write(utf8.count + 2) { out in
                out[0] = 0x22
                copy(utf8, to: out + 1)
                out[utf8.count + 1] = 0x22
            }
            return
        }
        put(0x22)
        var runStart = 0
        while index < utf8.count {
            let byte = utf8[index]
            guard Self.needsEscape(byte) else {
                index += 1
                continue
            }
            append(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                append("\\u00")
                put(Self.hexDigit(byte >> 4))
                put(Self.hexDigit(byte & 0x0F))
            }
            index += 1
            runStart = index
            index = Self.skipUnescaped(utf8, from: index)
        }
        append(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        put(0x22)
    }

    /// Whether `byte` needs an escape in a JSON string: a quote, a backslash or a control character.
    @inline(__always) private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x5C || byte < 0x20
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

/// Copies `bytes` to `destination` (which has room for them).
@inline(__always) private func copy(_ bytes: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    destination.update(from: source, count: bytes.count)
}

extension BounceResult {
    /// Writes the result's fields (without braces) in the documented order and names.
    public func writeFields(to output: inout JSONOutput) {
        output.key("kind")
        output.value(kind.rawValue)
        output.key("type")
        output.value(type.rawValue)
        output.key("reason")
        output.value(reason.rawValue)
        output.key("status")
        output.value(status)
        output.key("status_source")
        output.value(statusSource?.rawValue)
        output.key("reply_code")
        output.value(replyCode)
        output.key("diagnostic")
        output.value(diagnostic)
        output.key("recipient")
        output.value(recipient)
        output.key("remote_mta")
        output.value(remoteMTA)
        output.key("original_message_id")
        output.value(originalMessageID)
        if let campaignID {
            output.key("campaign_id")
            output.value(campaignID)
        }
        if let subscriberID {
            output.key("subscriber_id")
            output.value(subscriberID)
        }
        if let listID {
            output.key("list_id")
            output.value(listID)
        }
        output.key("occurred_at")
        output.value(occurredAt)
        output.key("action")
        output.value(action.rawValue)
        output.key("event_id")
        output.value(eventID)
        output.key("format")
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

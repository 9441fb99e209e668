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
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        needsComma = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        needsComma = true
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma { bytes.append(0x2C) }
    }

    private mutating func appendQuoted(_ value: String) {
        bytes.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}

extension BounceResult {
    /// Writes the result's fields (without braces) in the documented order and names.
    public func writeFields(to output: inout JSONOutput) {
        output.field("kind", kind.rawValue)
        output.field("type", type.rawValue)
        output.field("reason", reason.rawValue)
        output.field("status", status?.description)
        output.field("status_source", statusSource?.rawValue)
        output.field("reply_code", replyCode)
        output.field("diagnostic", diagnostic)
        output.field("recipient", recipient)
        output.field("remote_mta", remoteMTA)
        output.field("original_message_id", originalMessageID)
        if let campaignID { output.field("campaign_id", campaignID) }
        if let subscriberID { output.field("subscriber_id", subscriberID) }
        if let listID { output.field("list_id", listID) }
        output.field("occurred_at", occurredAt)
        output.field("action", action.rawValue)
        output.field("event_id", eventID)
        output.field("format", format.rawValue)
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

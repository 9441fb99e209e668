/// One canonical event as ``CanonicalByteReader`` reads it: each text member is a slice of the input, so that
/// nothing is copied before the classifier decides what it keeps. Valid only while the input's buffer is.
///
/// The members mean what ``CanonicalEvent/apply(_:_:to:path:)-(Key,_,_,_)`` makes of them; a text member that
/// ``JSONFields/text(_:at:)`` reads as `nil` (`null`, `""`) is `nil` here too.
struct CanonicalEventBytes {
    /// `event`; ``BounceKind/bounce`` when absent or `null`.
    var kind = BounceKind.bounce
    /// `recipient`, as written.
    var recipient = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// `status`.
    var status: StatusCode?
    /// `reply_code`.
    var replyCode: Int?
    /// `smtp_reply`.
    var smtpReply: UnsafeBufferPointer<UInt8>?
    /// `diagnostic`.
    var diagnostic: UnsafeBufferPointer<UInt8>?
    /// `remote_mta`.
    var remoteMTA: UnsafeBufferPointer<UInt8>?
    /// `message_id`, as written.
    var messageID: UnsafeBufferPointer<UInt8>?
    /// `timestamp`, already in the form ``JSONFields/timestamp(_:at:)`` gives it.
    var occurredAt: String?
    /// `id`: the string, or a number's literal text.
    var id: UnsafeBufferPointer<UInt8>?
    /// `campaign_id`: the string, or a number's literal text.
    var campaignID: UnsafeBufferPointer<UInt8>?
    /// `subscriber_id`: the string, or a number's literal text.
    var subscriberID: UnsafeBufferPointer<UInt8>?
    /// `list_id`: the string, or a number's literal text.
    var listID: UnsafeBufferPointer<UInt8>?

    /// The diagnostic text the event reports: `smtp_reply` unless it is empty, else `diagnostic`.
    var diagnosticText: UnsafeBufferPointer<UInt8> {
        if let smtpReply, !smtpReply.isEmpty { return smtpReply }
        return diagnostic ?? UnsafeBufferPointer(start: nil, count: 0)
    }

    /// A member's value as it appears in the input.
    enum Value {
        /// `null`.
        case null
        /// A string without escapes: its content, valid UTF-8.
        case string(UnsafeBufferPointer<UInt8>)
        /// An integer literal without fraction or exponent (at most 18 digits): its text and value.
        case integer(UnsafeBufferPointer<UInt8>, Int)
    }

    /// Applies one member; `false` when the value is one the byte path does not decide (an invalid value,
    /// or a valid but unusual one), so the caller hands the input to the general readers.
    mutating func apply(_ key: CanonicalEvent.Key, _ value: Value) -> Bool {
        switch key {
        case .recipient:
            // `null` reads as "", which the general path rejects as missing.
            guard case .string(let text) = value else { return false }
            recipient = text
        case .event:
            switch value {
            case .null: kind = .bounce
            case .string(let text):
                guard let named = Self.kind(text) else { return false }
                kind = named
            case .integer: return false
            }
        case .status:
            switch value {
            case .null: status = nil
            case .string(let text):
                if text.isEmpty {
                    status = nil
                } else if let code = JSONFields.plainStatus(utf8: text)
                    ?? StatusCode(String(decoding: text, as: UTF8.self))
                {
                    status = code
                } else {
                    return false
                }
            case .integer: return false
            }
        case .replyCode:
            switch value {
            case .null: replyCode = nil
            case .string(let text):
                guard text.isEmpty else { return false }
                replyCode = nil
            case .integer(_, let code):
                guard (200...599).contains(code) else { return false }
                replyCode = code
            }
        case .smtpReply: return Self.string(value, into: &smtpReply)
        case .diagnostic: return Self.string(value, into: &diagnostic)
        case .remoteMTA: return Self.string(value, into: &remoteMTA)
        case .messageID: return Self.string(value, into: &messageID)
        case .timestamp: return Self.timestamp(value, into: &occurredAt)
        case .id: id = Self.text(value)
        case .campaignID: campaignID = Self.text(value)
        case .subscriberID: subscriberID = Self.text(value)
        case .listID: listID = Self.text(value)
        }
        return true
    }

    /// A string member (`null` reads as `nil`); `false` for a number.
    private static func string(_ value: Value, into field: inout UnsafeBufferPointer<UInt8>?) -> Bool {
        switch value {
        case .null: field = nil
        case .string(let text): field = text
        case .integer: return false
        }
        return true
    }

    /// An identifier: a string (`""` reads as `nil`) or a number's literal text.
    private static func text(_ value: Value) -> UnsafeBufferPointer<UInt8>? {
        switch value {
        case .null: return nil
        case .string(let text): return text.isEmpty ? nil : text
        case .integer(let literal, _): return literal
        }
    }

    /// `timestamp` as ``JSONFields/timestamp(_:at:)`` reads it; `false` where that throws.
    private static func timestamp(_ value: Value, into field: inout String?) -> Bool {
        let general: JSONValue
        switch value {
        case .null:
            field = nil
            return true
        case .string(let text):
            // ISO 8601 text is kept as written; digits and dots are a unix time, read below.
            if text.contains(where: { !(($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E) }) {
                field = String(decoding: text, as: UTF8.self)
                return true
            }
            general = .string(String(decoding: text, as: UTF8.self))
        case .integer(let literal, let integer):
            general = .number(JSONNumber(text: String(decoding: literal, as: UTF8.self), integer: integer))
        }
        do {
            field = try JSONFields.timestamp(general, at: "timestamp")
            return true
        } catch {
            return false
        }
    }

    /// The ``BounceKind`` whose raw value `text` spells.
    private static func kind(_ text: UnsafeBufferPointer<UInt8>) -> BounceKind? {
        func spells(_ literal: StaticString) -> Bool {
            literal.withUTF8Buffer { literal in
                guard literal.count == text.count else { return false }
                for index in 0..<literal.count where literal[index] != text[index] { return false }
                return true
            }
        }
        switch text.count {
        case 6: return spells("bounce") ? .bounce : nil
        case 7: return spells("delayed") ? .delayed : nil
        case 9: return spells("complaint") ? .complaint : spells("delivered") ? .delivered : nil
        case 10: return spells("auto_reply") ? .autoReply : nil
        default: return nil
        }
    }
}

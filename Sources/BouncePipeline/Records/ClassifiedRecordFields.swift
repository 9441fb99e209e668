import BounceClassifier
import Foundation

/// The fields of a classified record (written by ``OutputRecords/classifiedResult(_:occurredAtMilliseconds:)``)
/// gathered member by member, then checked and turned into a ``ClassifiedEvent``.
///
/// A member read again replaces the earlier one (the last duplicate counts); a member of another type than
/// the field's reads as absent, as does `null`.
struct ClassifiedRecordFields {
    /// The string fields, by ``Field`` (a fixed set of slots rather than an array: no allocation per record).
    private var strings = StringSlots()
    /// `reply_code`, when it is an integral number.
    private var replyCode: Int?
    /// `occurred_at_ms`, when it is an integral number.
    private var occurredAtMilliseconds: Int?

    /// The string fields.
    fileprivate enum Field {
        case eventID, recipient, kind, type, reason, status, statusSource, diagnostic, remoteMTA
        case originalMessageID, campaignID, subscriberID, listID, occurredAt, action, format
    }

    /// A member the record reads.
    private enum Member {
        case string(Field)
        case replyCode
        case occurredAtMilliseconds

        /// The member named `key`, if the record reads it: picked by the name's length and a letter or two,
        /// then compared whole once.
        static func named(_ key: UnsafeBufferPointer<UInt8>) -> Member? {
            guard key.count >= 4, let base = key.baseAddress else { return nil }
            let member: Member
            let name: StaticString
            switch (key.count, base[0], base[2]) {
            case (4, 0x6B, _): (member, name) = (.string(.kind), "kind")
            case (4, 0x74, _): (member, name) = (.string(.type), "type")
            case (6, 0x72, _): (member, name) = (.string(.reason), "reason")
            case (6, 0x73, _): (member, name) = (.string(.status), "status")
            case (6, 0x61, _): (member, name) = (.string(.action), "action")
            case (6, 0x66, _): (member, name) = (.string(.format), "format")
            case (7, 0x6C, _): (member, name) = (.string(.listID), "list_id")
            case (8, 0x65, _): (member, name) = (.string(.eventID), "event_id")
            case (9, 0x72, _): (member, name) = (.string(.recipient), "recipient")
            case (10, 0x64, _): (member, name) = (.string(.diagnostic), "diagnostic")
            case (10, 0x72, 0x6D): (member, name) = (.string(.remoteMTA), "remote_mta")
            case (10, 0x72, 0x70): (member, name) = (.replyCode, "reply_code")
            case (11, 0x63, _): (member, name) = (.string(.campaignID), "campaign_id")
            case (11, 0x6F, _): (member, name) = (.string(.occurredAt), "occurred_at")
            case (13, 0x73, 0x61): (member, name) = (.string(.statusSource), "status_source")
            case (13, 0x73, 0x62): (member, name) = (.string(.subscriberID), "subscriber_id")
            case (14, 0x6F, _): (member, name) = (.occurredAtMilliseconds, "occurred_at_ms")
            case (19, 0x6F, _): (member, name) = (.string(.originalMessageID), "original_message_id")
            default: return nil
            }
            // Every name above has the length its case tests, so both sides have `key.count` bytes.
            return memcmp(base, name.utf8Start, key.count) == 0 ? member : nil
        }
    }

    /// Takes one member; arrays and objects are given as `.null` (they are no field's type).
    mutating func take(_ key: UnsafeBufferPointer<UInt8>, _ value: JSONScalar) {
        switch Member.named(key) {
        case .string(let field)?:
            if case .string(let text) = value { strings[field] = text } else { strings[field] = nil }
        case .replyCode?: replyCode = integral(value)
        case .occurredAtMilliseconds?: occurredAtMilliseconds = integral(value)
        case nil: break
        }
    }

    /// `value` as an integer, when it is an integral number.
    private func integral(_ value: JSONScalar) -> Int? {
        if case .number(let number) = value { return number.integralValue }
        return nil
    }

    /// Takes every member of `object`.
    mutating func take(_ object: JSONObject) {
        for member in object.members {
            var key = member.key
            let value: JSONScalar
            switch member.value {
            case .string(let text): value = .string(text)
            case .number(let number): value = .number(number)
            case .bool(let flag): value = .bool(flag)
            case .null, .array, .object: value = .null
            }
            key.withUTF8 { take($0, value) }
        }
    }

    private func string(_ field: Field) -> String? { strings[field] }

    private func require<T>(
        _ field: Field, _ name: String, _ parse: (String) -> T?
    ) throws(RecordDecodingError) -> T {
        guard let text = string(field), let value = parse(text) else {
            throw RecordDecodingError("classified record: field \(name) is missing or invalid")
        }
        return value
    }

    /// The event, or the first required field that is missing or invalid.
    func event() throws(RecordDecodingError) -> ClassifiedEvent {
        let eventID = try require(.eventID, "event_id") { $0 }
        let recipient = try require(.recipient, "recipient") { $0 }
        let result = BounceResult(
            eventID: eventID, kind: try require(.kind, "kind", BounceKind.init(rawValue:)),
            type: try require(.type, "type", BounceType.init(rawValue:)),
            reason: try require(.reason, "reason", BounceReason.init(rawValue:)),
            status: string(.status).flatMap(StatusCode.init),
            statusSource: string(.statusSource).flatMap(StatusSource.init(rawValue:)), replyCode: replyCode,
            diagnostic: string(.diagnostic) ?? "", recipient: recipient, remoteMTA: string(.remoteMTA),
            originalMessageID: string(.originalMessageID), campaignID: string(.campaignID),
            subscriberID: string(.subscriberID), listID: string(.listID), occurredAt: string(.occurredAt),
            action: try require(.action, "action", BounceAction.init(rawValue:)),
            format: string(.format).flatMap(InputFormat.init(rawValue:)) ?? .auto)
        return ClassifiedEvent(
            eventID: eventID, result: result, occurredAtMilliseconds: Int64(occurredAtMilliseconds ?? 0))
    }
}

/// One optional string per ``ClassifiedRecordFields/Field``, held inline.
private struct StringSlots {
    private var eventID, recipient, kind, type, reason, status, statusSource, diagnostic: String?
    private var remoteMTA, originalMessageID, campaignID, subscriberID, listID, occurredAt, action, format: String?

    subscript(field: ClassifiedRecordFields.Field) -> String? {
        get {
            switch field {
            case .eventID: eventID
            case .recipient: recipient
            case .kind: kind
            case .type: type
            case .reason: reason
            case .status: status
            case .statusSource: statusSource
            case .diagnostic: diagnostic
            case .remoteMTA: remoteMTA
            case .originalMessageID: originalMessageID
            case .campaignID: campaignID
            case .subscriberID: subscriberID
            case .listID: listID
            case .occurredAt: occurredAt
            case .action: action
            case .format: format
            }
        }
        set {
            switch field {
            case .eventID: eventID = newValue
            case .recipient: recipient = newValue
            case .kind: kind = newValue
            case .type: type = newValue
            case .reason: reason = newValue
            case .status: status = newValue
            case .statusSource: statusSource = newValue
            case .diagnostic: diagnostic = newValue
            case .remoteMTA: remoteMTA = newValue
            case .originalMessageID: originalMessageID = newValue
            case .campaignID: campaignID = newValue
            case .subscriberID: subscriberID = newValue
            case .listID: listID = newValue
            case .occurredAt: occurredAt = newValue
            case .action: action = newValue
            case .format: format = newValue
            }
        }
    }
}

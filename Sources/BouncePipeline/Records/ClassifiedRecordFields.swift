import BounceClassifier

/// The fields of a classified record (written by ``OutputRecords/classifiedResult(_:occurredAtMilliseconds:)``)
/// gathered member by member, then checked and turned into a ``ClassifiedEvent``.
///
/// A member read again replaces the earlier one (the last duplicate counts); a member of another type than
/// the field's reads as absent, as does `null`.
struct ClassifiedRecordFields {
    /// The string fields, by ``Field``.
    private var strings = [String?](repeating: nil, count: Field.allCases.count)
    /// `reply_code`, when it is an integral number.
    private var replyCode: Int?
    /// `occurred_at_ms`, when it is an integral number.
    private var occurredAtMilliseconds: Int?

    /// The string fields.
    private enum Field: Int, CaseIterable {
        case eventID, recipient, kind, type, reason, status, statusSource, diagnostic, remoteMTA
        case originalMessageID, campaignID, subscriberID, listID, occurredAt, action, format

        /// The field a member named `key` holds, if any.
        static func named(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
            func equals(_ name: StaticString) -> Bool {
                name.utf8CodeUnitCount == key.count
                    && name.withUTF8Buffer { $0.elementsEqual(key) }
            }
            switch key.count {
            case 4:
                if equals("kind") { return .kind }
                if equals("type") { return .type }
            case 6:
                if equals("reason") { return .reason }
                if equals("status") { return .status }
                if equals("action") { return .action }
                if equals("format") { return .format }
            case 7: if equals("list_id") { return .listID }
            case 8: if equals("event_id") { return .eventID }
            case 9: if equals("recipient") { return .recipient }
            case 10:
                if equals("diagnostic") { return .diagnostic }
                if equals("remote_mta") { return .remoteMTA }
            case 11:
                if equals("campaign_id") { return .campaignID }
                if equals("occurred_at") { return .occurredAt }
            case 13:
                if equals("status_source") { return .statusSource }
                if equals("subscriber_id") { return .subscriberID }
            case 19: if equals("original_message_id") { return .originalMessageID }
            default: break
            }
            return nil
        }
    }

    /// Takes one member; arrays and objects are given as `.null` (they are no field's type).
    mutating func take(_ key: UnsafeBufferPointer<UInt8>, _ value: JSONScalar) {
        if let field = Field.named(key) {
            if case .string(let text) = value { strings[field.rawValue] = text } else { strings[field.rawValue] = nil }
            return
        }
        func integral() -> Int? {
            if case .number(let number) = value { return number.integralValue }
            return nil
        }
        if key.elementsEqual("reply_code".utf8) {
            replyCode = integral()
        } else if key.elementsEqual("occurred_at_ms".utf8) {
            occurredAtMilliseconds = integral()
        }
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

    private func string(_ field: Field) -> String? { strings[field.rawValue] }

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

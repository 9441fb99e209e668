/// BounceWorker's canonical bounce event, as sent by the ESP's own MTA (see `docs/events.md`).
///
/// ```json
/// {"id": "evt-1", "event": "bounce", "recipient": "jane@example.com",
///  "smtp_reply": "550 5.1.1 <jane@example.com>: Recipient address rejected", "status": "5.1.1",
///  "reply_code": 550, "remote_mta": "mx.example.com", "campaign_id": "c-42", "subscriber_id": 1001,
///  "list_id": "l-7", "message_id": "<abc@esp.example>", "timestamp": "2024-05-01T12:00:00Z"}
/// ```
///
/// Only `recipient` is required; `event` defaults to `bounce`; unknown members are ignored. A JSON array
/// of events is a batch. Events made only of the documented members take a streaming fast path
/// (``CanonicalFastReader``) that builds no tree; both paths apply the members with the same ``apply(_:_:to:path:)``.
enum CanonicalEvent: WebhookFormat {
    static let format = InputFormat.canonical
    static let expectation =
        "a canonical bounce event (an object with \"recipient\") or an array of them"

    static func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): return object.contains("recipient")
        case .array(let elements): return elements.first?["recipient"] != nil
        default: return false
        }
    }

    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
    {
        var result = [BounceObservation]()
        for event in try batch(value) {
            var draft = Draft()
            for member in event.object.members {
                try apply(member.key, member.value, to: &draft, path: event.path)
            }
            result.append(try draft.finished(path: event.path))
        }
        return result
    }

    /// An event being read: the observation so far and the members that are decided at the end.
    struct Draft {
        var observation = BounceObservation(kind: .bounce, recipient: "")
        var smtpReply: String?
        var diagnostic: String?

        /// The finished observation; throws when `recipient` is missing.
        consuming func finished(path: String) throws(ClassificationError) -> BounceObservation {
            guard !observation.recipient.isEmpty else {
                throw ClassificationError(
                    .missingField, "recipient is required", at: path.isEmpty ? "recipient" : path + ".recipient")
            }
            var result = observation
            if let smtpReply, !smtpReply.isEmpty {
                result.diagnostic = smtpReply
            } else if let diagnostic {
                result.diagnostic = diagnostic
            }
            return result
        }
    }

    /// The members of a canonical event.
    enum Key: String, CaseIterable {
        case recipient, event, status, diagnostic, timestamp, id
        case replyCode = "reply_code"
        case smtpReply = "smtp_reply"
        case remoteMTA = "remote_mta"
        case messageID = "message_id"
        case campaignID = "campaign_id"
        case subscriberID = "subscriber_id"
        case listID = "list_id"

        /// The key spelled by `bytes`, if any; compares against the spellings of the same length only.
        static func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Key? {
            func check(_ key: Key, _ spelling: StaticString) -> Key? {
                spelling.withUTF8Buffer { literal in
                    guard literal.count == bytes.count else { return nil }
                    for index in 0..<literal.count where literal[index] != bytes[index] { return nil }
                    return key
                }
            }
            switch bytes.count {
            case 2: return check(.id, "id")
            case 5: return check(.event, "event")
            case 6: return check(.status, "status")
            case 7: return check(.listID, "list_id")
            case 9: return check(.recipient, "recipient") ?? check(.timestamp, "timestamp")
            case 10:
                return check(.smtpReply, "smtp_reply") ?? check(.diagnostic, "diagnostic")
                    ?? check(.replyCode, "reply_code") ?? check(.remoteMTA, "remote_mta")
                    ?? check(.messageID, "message_id")
            case 11: return check(.campaignID, "campaign_id")
            case 13: return check(.subscriberID, "subscriber_id")
            default: return nil
            }
        }
    }

    /// Applies one member of an event to `draft`; members that are not canonical are ignored.
    static func apply(_ key: String, _ value: JSONValue, to draft: inout Draft, path: String)
        throws(ClassificationError)
    {
        guard let known = Key(rawValue: key) else { return }
        try apply(known, value, to: &draft, path: path)
    }

    /// Applies one canonical member of an event to `draft`.
    static func apply(_ key: Key, _ value: JSONValue, to draft: inout Draft, path: String)
        throws(ClassificationError)
    {
        switch key {
        case .recipient: draft.observation.recipient = try JSONFields.string(value, at: memberPath(path, key)) ?? ""
        case .event: draft.observation.kind = try kind(value, at: memberPath(path, key))
        case .status: draft.observation.status = try JSONFields.status(value, strict: true, at: memberPath(path, key))
        case .replyCode: draft.observation.replyCode = try JSONFields.replyCode(value, at: memberPath(path, key))
        case .smtpReply: draft.smtpReply = try JSONFields.string(value, at: memberPath(path, key))
        case .diagnostic: draft.diagnostic = try JSONFields.string(value, at: memberPath(path, key))
        case .remoteMTA: draft.observation.remoteMTA = try JSONFields.string(value, at: memberPath(path, key))
        case .messageID: draft.observation.originalMessageID = try JSONFields.string(value, at: memberPath(path, key))
        case .timestamp: draft.observation.occurredAt = try JSONFields.timestamp(value, at: memberPath(path, key))
        case .id: draft.observation.sourceEventID = try JSONFields.text(value, at: memberPath(path, key))
        case .campaignID: draft.observation.campaignID = try JSONFields.text(value, at: memberPath(path, key))
        case .subscriberID: draft.observation.subscriberID = try JSONFields.text(value, at: memberPath(path, key))
        case .listID: draft.observation.listID = try JSONFields.text(value, at: memberPath(path, key))
        }
    }

    /// The JSON path of member `key` of the event at `path`.
    private static func memberPath(_ path: String, _ key: Key) -> String {
        path.isEmpty ? key.rawValue : path + "." + key.rawValue
    }

    /// The `event` member: one of the ``BounceKind`` raw values; `bounce` when `null`.
    private static func kind(_ value: JSONValue, at path: @autoclosure () -> String) throws(ClassificationError)
        -> BounceKind
    {
        guard let name = try JSONFields.string(value, at: path()) else { return .bounce }
        guard let kind = BounceKind(rawValue: name) else {
            throw ClassificationError(
                .invalidField,
                "expected one of bounce, complaint, delivered, delayed, auto_reply; found \"\(name)\"", at: path())
        }
        return kind
    }
}

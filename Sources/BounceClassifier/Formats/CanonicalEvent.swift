/// BounceWorker's canonical bounce event, as sent by the ESP's own MTA (see `docs/events.md`).
///
/// ```json
/// {"id": "evt-1", "event": "bounce", "recipient": "jane@example.com",
///  "smtp_reply": "550 5.1.1 <jane@example.com>: Recipient address rejected", "status": "5.1.1",
///  "reply_code": 550, "remote_mta": "mx.example.com", "campaign_id": "c-42", "subscriber_id": 1001,
///  "list_id": "l-7", "message_id": "<abc@esp.example>", "timestamp": "2024-05-01T12:00:00Z"}
/// ```
///
/// Only `recipient` is required; `event` defaults to `bounce`. A JSON array of events is a batch.
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
        for event in try batch(value) { result.append(try observation(from: event)) }
        return result
    }

    /// The observation one canonical event object reports.
    static func observation(from event: JSONFields) throws(ClassificationError) -> BounceObservation {
        var observation = BounceObservation(kind: try kind(event), recipient: try event.requiredString("recipient"))
        observation.status = try event.status("status", strict: true)
        observation.replyCode = try event.replyCode("reply_code")
        if let reply = try event.string("smtp_reply"), !reply.isEmpty {
            observation.diagnostic = reply
        } else if let diagnostic = try event.string("diagnostic") {
            observation.diagnostic = diagnostic
        }
        observation.remoteMTA = try event.string("remote_mta")
        observation.originalMessageID = try event.string("message_id")
        observation.occurredAt = try event.timestamp("timestamp")
        observation.sourceEventID = try event.text("id")
        try event.readIdentifiers(into: &observation)
        return observation
    }

    /// The `event` field: one of the ``BounceKind`` raw values; `bounce` when absent.
    private static func kind(_ event: JSONFields) throws(ClassificationError) -> BounceKind {
        guard let name = try event.string("event") else { return .bounce }
        guard let kind = BounceKind(rawValue: name) else {
            throw ClassificationError(
                .invalidField,
                "expected one of bounce, complaint, delivered, delayed, auto_reply; found \"\(name)\"",
                at: event.path("event"))
        }
        return kind
    }
}

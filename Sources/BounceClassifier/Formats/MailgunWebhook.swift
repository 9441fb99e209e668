/// Mailgun webhooks: `{"signature": {...}, "event-data": {...}}` or the bare `event-data` object.
///
/// `failed` (with `severity` `permanent` or `temporary`), `complained` and `delivered` events give one
/// observation; other events (`accepted`, `opened`, `clicked`, `unsubscribed`, ...) report nothing. The mapping
/// is documented in `docs/formats.md`.
enum MailgunWebhook: WebhookFormat {
    static let format = InputFormat.mailgun
    static let expectation =
        "a Mailgun webhook payload (an object with \"event-data\", or a bare event with \"event\", \"recipient\" "
        + "and \"delivery-status\", \"severity\" or \"log-level\")"

    /// Keys only a bare Mailgun event has (a canonical event has `event` and `recipient` too).
    private static let markers = ["delivery-status", "severity", "log-level", "user-variables", "envelope", "flags"]

    static func matches(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value else { return false }
        if object.contains("event-data") { return true }
        return object.contains("event") && object.contains("recipient") && markers.contains(where: object.contains)
    }

    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
    {
        let root = try JSONFields(value, path: "")
        let event = try root.fields("event-data") ?? root
        var observation = BounceObservation(recipient: "")
        switch try event.requiredString("event") {
        case "failed":
            observation.kind = .bounce
            switch try event.string("severity") {
            case "permanent": observation.permanentHint = true
            case "temporary": observation.permanentHint = false
            default: break
            }
            observation.reasonHint = reasonHint(try event.string("reason"))
        case "complained":
            observation.kind = .complaint
        case "delivered":
            observation.kind = .delivered
        default:
            return []
        }
        observation.recipient = try event.requiredString("recipient")
        if let status = try event.fields("delivery-status") {
            observation.replyCode = try? status.replyCode("code")
            observation.status = try status.status("enhanced-code", strict: false)
            let message = try status.string("message") ?? ""
            observation.diagnostic = message.isEmpty ? try status.string("description") ?? "" : message
            observation.remoteMTA = try status.string("mx-host")
        }
        observation.sourceEventID = try event.text("id")
        observation.originalMessageID = try event.fields("message")?.fields("headers")?.string("message-id")
        observation.occurredAt = try event.timestamp("timestamp")
        try event.fields("user-variables")?.readIdentifiers(into: &observation)
        return [observation]
    }

    /// Mailgun's `reason` → reason. `generic`, `bounce` and `hardfail` say nothing beyond the code.
    static func reasonHint(_ reason: String?) -> BounceReason? {
        switch reason {
        case "suppress-bounce", "suppress-unsubscribe", "suppress-complaint": return .suppressed
        case "espblock": return .blocked
        case "old": return .expired
        default: return nil
        }
    }
}

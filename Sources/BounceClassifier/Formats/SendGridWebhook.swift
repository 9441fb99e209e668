/// The SendGrid event webhook: a JSON array of events (a single event object is accepted too).
///
/// `bounce`, `blocked`, `dropped`, `deferred`, `spamreport` and `delivered` events give one observation
/// each; engagement and processing events (`processed`, `open`, `click`, ...) are skipped. The mapping is
/// documented in `docs/formats.md`.
enum SendGridWebhook: WebhookFormat {
    static let format = InputFormat.sendgrid
    static let expectation =
        "a SendGrid event webhook payload (an array of objects with \"event\" and \"email\")"

    static func matches(_ value: JSONValue) -> Bool {
        guard let event = firstObject(value) else { return false }
        return event.contains("sg_event_id") || event.contains("sg_message_id")
            || (event.contains("email") && event.contains("event"))
    }

    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
    {
        var result = [BounceObservation]()
        for event in try batch(value) {
            if let observation = try observation(from: event) { result.append(observation) }
        }
        return result
    }

    /// The observation of one event; `nil` for events that are not bounce results.
    private static func observation(from event: JSONFields) throws(ClassificationError) -> BounceObservation? {
        var observation = BounceObservation(recipient: "")
        let reason = try event.string("reason") ?? ""
        switch try event.requiredString("event") {
        case "bounce":
            observation.kind = .bounce
            let type = try event.string("type")
            observation.permanentHint = type == "blocked" ? nil : true
            observation.reasonHint = try reasonHint(classification: event.string("bounce_classification"))
            if observation.reasonHint == nil, type == "blocked" { observation.reasonHint = .blocked }
        case "blocked":
            observation.kind = .bounce
            observation.reasonHint = try reasonHint(classification: event.string("bounce_classification")) ?? .blocked
        case "dropped":
            observation.kind = .bounce
            (observation.reasonHint, observation.permanentHint) = dropReason(reason)
        case "deferred":
            observation.kind = .delayed
            observation.permanentHint = false
        case "spamreport":
            observation.kind = .complaint
        case "delivered":
            observation.kind = .delivered
        default:
            return nil
        }
        observation.recipient = try event.requiredString("email")
        observation.status = try event.status("status", strict: false)
        let response = try event.string("response") ?? ""
        observation.diagnostic = reason.isEmpty ? response : reason
        observation.sourceEventID = try event.text("sg_event_id")
        observation.originalMessageID = try event.firstString("smtp-id", "sg_message_id")
        observation.occurredAt = try event.timestamp("timestamp")
        try event.readIdentifiers(into: &observation)
        return observation
    }

    /// SendGrid's `bounce_classification` → reason.
    static func reasonHint(classification: String?) -> BounceReason? {
        switch classification {
        case "Invalid Address": return .userunknown
        case "Mailbox Unavailable": return .suspend
        case "Content": return .contenterror
        case "Reputation": return .badreputation
        case "Frequency or Volume": return .speeding
        default: return nil  // "Technical", "Unclassified"
        }
    }

    /// A `dropped` event's `reason` → reason and permanence. Drops for a suppressed address are permanent
    /// until the address leaves SendGrid's suppression list.
    static func dropReason(_ reason: String) -> (BounceReason?, Bool?) {
        switch reason {
        case "Bounced Address", "Unsubscribed Address", "Spam Reporting Address", "Invalid Address":
            return (.suppressed, true)
        case "Invalid": return (.userunknown, true)
        case "Spam Content": return (.spamdetected, nil)
        default: return (nil, nil)
        }
    }
}

/// SparkPost webhook batches: an array of `{"msys": {"message_event": {...}}}` (a single object is accepted).
///
/// `bounce`, `out_of_band`, `policy_rejection`, `delay`, `spam_complaint` and `delivery` message events give
/// one observation each; `track_event`, `unsubscribe_event`, `relay_event`, `gen_event` and empty `msys`
/// objects (the webhook test ping) are skipped. `bounce_class` maps to the hints by SparkPost's bounce class
/// table; see `docs/formats.md`.
enum SparkPostWebhook: WebhookFormat {
    static let format = InputFormat.sparkpost
    static let expectation = "a SparkPost webhook batch (an array of objects with \"msys\")"

    static func matches(_ value: JSONValue) -> Bool {
        firstObject(value)?.contains("msys") ?? false
    }

    /// What a bounce class means.
    struct Meaning: Equatable {
        let kind: BounceKind
        let reason: BounceReason?
        let permanent: Bool?
    }

    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
    {
        var result = [BounceObservation]()
        for entry in try batch(value) {
            guard let event = try entry.requiredFields("msys").fields("message_event") else { continue }
            if let observation = try observation(from: event) { result.append(observation) }
        }
        return result
    }

    /// The observation of one message event; `nil` for events that are not bounce results.
    private static func observation(from event: JSONFields) throws(ClassificationError) -> BounceObservation? {
        var observation = BounceObservation(recipient: "")
        switch try event.requiredString("type") {
        case "bounce", "out_of_band", "policy_rejection":
            observation.kind = .bounce
            if let bounceClass = try event.integer("bounce_class") {
                guard let meaning = meaning(bounceClass: bounceClass) else { return nil }
                observation.kind = meaning.kind
                observation.reasonHint = meaning.reason
                observation.permanentHint = meaning.permanent
            }
        case "delay":
            observation.kind = .delayed
            observation.permanentHint = false
        case "spam_complaint":
            observation.kind = .complaint
        case "delivery":
            observation.kind = .delivered
        default:
            return nil
        }
        if let raw = try event.firstString("raw_rcpt_to") {
            observation.recipient = raw
        } else {
            observation.recipient = try event.requiredString("rcpt_to")
        }
        observation.diagnostic = try event.firstString("raw_reason", "reason") ?? ""
        observation.replyCode = try? event.replyCode("error_code")
        observation.remoteMTA = try event.string("ip_address")
        observation.sourceEventID = try event.text("event_id")
        observation.originalMessageID = try event.text("message_id")
        observation.occurredAt = try event.timestamp("timestamp")
        try event.fields("rcpt_meta")?.readIdentifiers(into: &observation)
        return observation
    }

    /// SparkPost's bounce class table: class → kind, reason and permanence (category Hard → permanent,
    /// Soft → temporary, Block and Undetermined → not stated). `nil` for classes that are not bounce
    /// results (80 Subscribe, 90 Unsubscribe).
    static func meaning(bounceClass: Int) -> Meaning? {
        switch bounceClass {
        case 10: return Meaning(kind: .bounce, reason: .userunknown, permanent: true)
        case 20, 40, 70: return Meaning(kind: .bounce, reason: nil, permanent: false)
        case 21: return Meaning(kind: .bounce, reason: .networkerror, permanent: false)
        case 22: return Meaning(kind: .bounce, reason: .mailboxfull, permanent: false)
        case 23: return Meaning(kind: .bounce, reason: .mesgtoobig, permanent: false)
        case 24: return Meaning(kind: .bounce, reason: .expired, permanent: false)
        case 25, 26: return Meaning(kind: .bounce, reason: .suppressed, permanent: true)
        case 30: return Meaning(kind: .bounce, reason: nil, permanent: true)
        case 50, 51: return Meaning(kind: .bounce, reason: .blocked, permanent: nil)
        case 52: return Meaning(kind: .bounce, reason: .spamdetected, permanent: nil)
        case 53: return Meaning(kind: .bounce, reason: .contenterror, permanent: nil)
        case 54: return Meaning(kind: .bounce, reason: .norelaying, permanent: nil)
        case 60, 100: return Meaning(kind: .autoReply, reason: nil, permanent: nil)
        case 80, 90: return nil
        default: return Meaning(kind: .bounce, reason: nil, permanent: nil)  // 1 Undetermined, unknown classes
        }
    }
}

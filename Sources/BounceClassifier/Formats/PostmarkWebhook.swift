/// Postmark webhooks: bounce (`"RecordType": "Bounce"`), spam complaint (`"SpamComplaint"`) and delivery
/// (`"Delivery"`). Bounce records without `RecordType` (older payloads) are recognised by `TypeCode` and `Email`.
///
/// The bounce `Type` (or, when it is absent or unknown, `TypeCode`) decides the kind and the hints; see
/// `docs/formats.md`. Types that are not bounce results (Unsubscribe, Subscribe, OpenRelayTest, ...) and
/// other record types (Open, Click, SubscriptionChange) report nothing.
enum PostmarkWebhook: WebhookFormat {
    static let format = InputFormat.postmark
    static let expectation =
        "a Postmark webhook (an object with \"RecordType\" Bounce, SpamComplaint or Delivery)"

    static func matches(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value else { return false }
        return object.contains("RecordType") || (object.contains("TypeCode") && object.contains("Email"))
    }

    /// What a bounce type means.
    struct Meaning: Equatable {
        let kind: BounceKind
        let reason: BounceReason?
        let permanent: Bool?
    }

    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
    {
        let record = try JSONFields(value, path: "")
        var observation = BounceObservation(recipient: "")
        switch try record.string("RecordType") ?? "Bounce" {
        case "Bounce":
            var meaning = meaning(type: try record.string("Type"))
            if meaning == nil, let code = try record.integer("TypeCode") { meaning = Self.meaning(typeCode: code) }
            guard let meaning else { return [] }
            observation.kind = meaning.kind
            observation.reasonHint = meaning.reason
            observation.permanentHint = meaning.permanent
            observation.recipient = try record.requiredString("Email")
            observation.diagnostic = try record.string("Details") ?? ""
            observation.occurredAt = try record.timestamp("BouncedAt")
        case "SpamComplaint":
            observation.kind = .complaint
            observation.recipient = try record.requiredString("Email")
            observation.occurredAt = try record.timestamp("BouncedAt")
        case "Delivery":
            observation.kind = .delivered
            observation.recipient = try record.requiredString("Recipient")
            observation.diagnostic = try record.string("Details") ?? ""
            observation.occurredAt = try record.timestamp("DeliveredAt")
        default:
            return []
        }
        observation.sourceEventID = try record.text("ID")
        observation.originalMessageID = try record.string("MessageID")
        try record.fields("Metadata")?.readIdentifiers(into: &observation)
        return [observation]
    }

    /// The meaning of a bounce `Type` name; `nil` for unknown names and types that are not bounce results.
    static func meaning(type: String?) -> Meaning? {
        switch type {
        case "HardBounce": return Meaning(kind: .bounce, reason: nil, permanent: true)
        case "SoftBounce": return Meaning(kind: .bounce, reason: nil, permanent: false)
        case "Transient": return Meaning(kind: .delayed, reason: nil, permanent: false)
        case "Unknown": return Meaning(kind: .bounce, reason: nil, permanent: nil)
        case "AutoResponder", "ChallengeVerification": return Meaning(kind: .autoReply, reason: nil, permanent: nil)
        case "AddressChange": return Meaning(kind: .bounce, reason: .hasmoved, permanent: true)
        case "DnsError": return Meaning(kind: .bounce, reason: .networkerror, permanent: false)
        case "SpamNotification", "SpamComplaint": return Meaning(kind: .complaint, reason: nil, permanent: nil)
        case "VirusNotification": return Meaning(kind: .bounce, reason: .virusdetected, permanent: nil)
        case "BadEmailAddress": return Meaning(kind: .bounce, reason: .userunknown, permanent: true)
        case "ManuallyDeactivated": return Meaning(kind: .bounce, reason: .suppressed, permanent: true)
        case "Blocked": return Meaning(kind: .bounce, reason: .blocked, permanent: nil)
        case "DMARCPolicy": return Meaning(kind: .bounce, reason: .authfailure, permanent: true)
        case "SMTPApiError": return Meaning(kind: .bounce, reason: .syntaxerror, permanent: nil)
        case "TemplateRenderingFailed": return Meaning(kind: .bounce, reason: .contenterror, permanent: nil)
        default: return nil  // Unsubscribe, Subscribe, OpenRelayTest, Unconfirmed, InboundError, unknown names
        }
    }

    /// The meaning of a numeric `TypeCode`, via its type name.
    static func meaning(typeCode: Int) -> Meaning? {
        let names: [Int: String] = [
            1: "HardBounce", 2: "Transient", 64: "AutoResponder", 128: "AddressChange", 256: "DnsError",
            512: "SpamNotification", 2048: "Unknown", 4096: "SoftBounce", 8192: "VirusNotification",
            16384: "ChallengeVerification", 100_000: "BadEmailAddress", 100_001: "SpamComplaint",
            100_002: "ManuallyDeactivated", 100_006: "Blocked", 100_007: "SMTPApiError", 100_009: "DMARCPolicy",
            100_010: "TemplateRenderingFailed",
        ]
        return meaning(type: names[typeCode])
    }
}

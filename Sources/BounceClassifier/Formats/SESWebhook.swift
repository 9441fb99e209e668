/// Amazon SES notifications: bare (`notificationType` or, from event publishing, `eventType`) or wrapped in
/// an SNS envelope (`{"Type": "Notification", "MessageId": ..., "Message": "<the notification as a JSON string>"}`).
///
/// Bounce, Complaint, Delivery and DeliveryDelay give one observation per recipient; other event types
/// (Send, Reject, Open, Click, ...) report nothing. The mapping is documented in `docs/formats.md`.
enum SESWebhook: WebhookFormat {
    static let format = InputFormat.ses
    static let expectation =
        "an Amazon SES notification (an object with \"notificationType\" or \"eventType\", or an SNS envelope "
        + "with \"Type\": \"Notification\" and a \"Message\" string)"

    static func matches(_ value: JSONValue) -> Bool {
        guard case .object(let object) = value else { return false }
        if object.contains("notificationType") || object.contains("eventType") { return true }
        guard case .string(let type) = object["Type"] else { return false }
        return object.contains("TopicArn") || (type == "Notification" && object["Message"]?.stringValue != nil)
    }

    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
    {
        let outer = try JSONFields(value, path: "")
        if outer.object.contains("notificationType") || outer.object.contains("eventType") {
            return try notification(outer, snsMessageID: nil)
        }
        let type = try outer.requiredString("Type")
        guard type == "Notification" else {
            throw ClassificationError(
                .unrecognizedFormat,
                "expected an SNS Notification, found an SNS \(type) (confirm subscriptions out of band)",
                at: "Type")
        }
        let message = try outer.requiredString("Message")
        let inner: JSONValue
        do throws(ClassificationError) {
            inner = try JSONParser(limits: context.limits).parse(Array(message.utf8))
        } catch {
            throw ClassificationError(error.kind, "in the SNS Message string: \(error.message)", at: error.location)
        }
        let fields = try JSONFields(inner, path: "Message")
        guard fields.object.contains("notificationType") || fields.object.contains("eventType") else {
            throw ClassificationError(
                .unrecognizedFormat, "expected an SES notification in the SNS Message", at: "Message")
        }
        return try notification(fields, snsMessageID: try outer.text("MessageId"))
    }

    /// The observations of one SES notification object.
    private static func notification(_ ses: JSONFields, snsMessageID: String?) throws(ClassificationError)
        -> [BounceObservation]
    {
        let type = try ses.firstString("notificationType", "eventType") ?? ""
        var common = BounceObservation(recipient: "")
        if let mail = try ses.fields("mail") {
            common.originalMessageID = try mail.fields("commonHeaders")?.string("messageId")
            if common.originalMessageID == nil { common.originalMessageID = try mail.string("messageId") }
            if let tags = try mail.fields("tags") { try readTags(tags, into: &common) }
        }
        switch type {
        case "Bounce":
            let bounce = try ses.requiredFields("bounce")
            common.kind = .bounce
            switch try bounce.string("bounceType") {
            case "Permanent": common.permanentHint = true
            case "Transient": common.permanentHint = false
            default: break
            }
            common.reasonHint = reason(bounceSubType: try bounce.string("bounceSubType"))
            return try recipients(of: bounce, list: "bouncedRecipients", common, snsMessageID: snsMessageID)
        case "Complaint":
            common.kind = .complaint
            let complaint = try ses.requiredFields("complaint")
            return try recipients(of: complaint, list: "complainedRecipients", common, snsMessageID: snsMessageID)
        case "DeliveryDelay":
            common.kind = .delayed
            common.permanentHint = false
            let delay = try ses.requiredFields("deliveryDelay")
            common.reasonHint = reason(delayType: try delay.string("delayType"))
            return try recipients(of: delay, list: "delayedRecipients", common, snsMessageID: snsMessageID)
        case "Delivery":
            common.kind = .delivered
            let delivery = try ses.requiredFields("delivery")
            try readEventFields(delivery, into: &common, snsMessageID: snsMessageID)
            common.diagnostic = try delivery.string("smtpResponse") ?? ""
            guard let addresses = try delivery.array("recipients"), !addresses.isEmpty else {
                throw ClassificationError(.missingField, "recipients is required", at: delivery.path("recipients"))
            }
            var result = [BounceObservation]()
            for (index, address) in addresses.enumerated() {
                guard case .string(let recipient) = address, !recipient.isEmpty else {
                    throw ClassificationError(
                        .invalidField, "expected an email address", at: delivery.path("recipients") + "[\(index)]")
                }
                var observation = common
                observation.recipient = recipient
                result.append(observation)
            }
            return result
        default:
            return []
        }
    }

    /// One observation per element of `list` (`emailAddress`, `status`, `diagnosticCode`).
    private static func recipients(
        of event: JSONFields, list: String, _ common: BounceObservation, snsMessageID: String?
    ) throws(ClassificationError) -> [BounceObservation] {
        var common = common
        try readEventFields(event, into: &common, snsMessageID: snsMessageID)
        var result = [BounceObservation]()
        for entry in try event.requiredObjects(list) {
            var observation = common
            observation.recipient = try entry.requiredString("emailAddress")
            observation.status = try entry.status("status", strict: false)
            if let code = try entry.string("diagnosticCode") { observation.diagnostic = stripType(code) }
            result.append(observation)
        }
        return result
    }

    /// The fields every SES event object has: `timestamp`, `feedbackId`, `remoteMtaIp`, `reportingMTA`.
    private static func readEventFields(
        _ event: JSONFields, into observation: inout BounceObservation, snsMessageID: String?
    ) throws(ClassificationError) {
        observation.occurredAt = try event.timestamp("timestamp")
        observation.sourceEventID = try event.string("feedbackId")
        if observation.sourceEventID == nil { observation.sourceEventID = snsMessageID }
        if let ip = try event.string("remoteMtaIp"), !ip.isEmpty {
            observation.remoteMTA = ip
        } else if let reporting = try event.string("reportingMTA") {
            observation.remoteMTA = stripType(reporting)
        }
    }

    /// `mail.tags` (`{"campaign_id": ["c-1"]}`): the first value of `campaign_id`, `subscriber_id`, `list_id`.
    private static func readTags(_ tags: JSONFields, into observation: inout BounceObservation)
        throws(ClassificationError)
    {
        func first(_ key: String) throws(ClassificationError) -> String? {
            guard let value = tags.value(key) else { return nil }
            if case .array(let values) = value { return values.first?.stringValue }
            return try tags.text(key)
        }
        if let campaign = try first("campaign_id") { observation.campaignID = campaign }
        if let subscriber = try first("subscriber_id") { observation.subscriberID = subscriber }
        if let list = try first("list_id") { observation.listID = list }
    }

    /// `"smtp; 550 5.1.1 user unknown"` → `"550 5.1.1 user unknown"`; `"dsn; mta.example"` → `"mta.example"`.
    static func stripType(_ text: String) -> String {
        guard let semicolon = text.firstIndex(of: ";"), text.distance(from: text.startIndex, to: semicolon) <= 8
        else { return text }
        let type = text[..<semicolon]
        guard type.allSatisfy({ $0.isLetter || $0 == "-" }) else { return text }
        return String(text[text.index(after: semicolon)...].drop { $0 == " " })
    }

    /// The reason SES states with `bounceSubType`.
    static func reason(bounceSubType: String?) -> BounceReason? {
        switch bounceSubType {
        case "NoEmail": return .userunknown
        case "Suppressed", "OnAccountSuppressionList": return .suppressed
        case "MailboxFull": return .mailboxfull
        case "MessageTooLarge": return .mesgtoobig
        case "ContentRejected", "AttachmentRejected": return .contenterror
        default: return nil
        }
    }

    /// The reason SES states with `deliveryDelay.delayType`.
    static func reason(delayType: String?) -> BounceReason? {
        switch delayType {
        case "MailboxFull": return .mailboxfull
        case "SpamDetected": return .spamdetected
        case "InternalFailure", "RecipientServerError": return .systemerror
        case "IPFailure": return .blocked
        case "TransientCommunicationFailure", "BYOIPHostNameLookupUnavailable": return .networkerror
        default: return nil
        }
    }
}

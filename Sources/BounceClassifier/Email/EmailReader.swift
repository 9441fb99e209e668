/// Reads raw RFC 5322 emails: delivery-status reports, non-standard bounces, ARF complaints and auto-replies.
///
/// The readers are tried in order of how much structure they rely on:
/// 1. a complaint report (ARF part, ARF fields in text, or a complaint notice header) → `.complaint`;
/// 2. an RFC 3464 delivery-status part, or its fields written into a text part → one observation per recipient;
/// 3. when the mail carries strong bounce signals (a mail-system sender, `X-Failed-Recipients`) → the
///    non-standard bounce reader over the human-readable text;
/// 4. an automatic reply (RFC 3834 headers or a vacation subject) → `.autoReply` for its sender;
/// 5. weaker bounce signals (a bounce subject or bounce wording in the text) → the non-standard reader.
///
/// Anything else has no recipient and throws ``ClassificationError/Kind/noRecipients``.
struct EmailReader: Sendable {
    let limits: ClassifierLimits
    /// Whether a bounce whose own text gives no code may be completed from a report attached to it (see
    /// ``nestedReportObservations(_:_:)``); off for the attached message itself, so nesting is read once.
    var readsNestedReports = true

    /// Header names of which at least one must be present for the input to be taken as an email.
    static let requiredHeaders = [
        "From", "To", "Subject", "Date", "Message-ID", "Received", "Content-Type", "Return-Path", "MIME-Version",
        "X-Failed-Recipients", "Delivered-To",
    ]

    /// The observations in one email, one per recipient, in order.
    func observations(in input: [UInt8]) throws(ClassificationError) -> [BounceObservation] {
        let email = ParsedEmail(input, limits: limits)
        var observations = try readObservations(email)
        if readsNestedReports { observations = nestedReportObservations(observations, email) }
        if let hint = Self.noticeReason(email) {
            for index in observations.indices
            where observations[index].kind != .complaint && observations[index].kind != .autoReply
                && observations[index].kind != .delivered && observations[index].reasonHint == nil
            {
                observations[index].reasonHint = hint
            }
        }
        return observations
    }

    /// The reason a provider's fixed notice layout states (``BounceMarkers/noticeReasons``), read from the
    /// first 16 KiB of the bounce's own text.
    static func noticeReason(_ email: ParsedEmail) -> BounceReason? {
        let range = 0..<min(email.text.count, 16_384)
        return BounceMarkers.noticeReasons.first { Bytes.find($0.marker, in: email.text, range) != nil }?.reason
    }

    /// A notice that only forwards a bounce (a gateway's "could not be delivered" wrapped around the bounce
    /// it received, a bounce of a bounce) carries the real report as its attached message. When no
    /// observation of the outer notice has a status code, in a field or in its text, the attached message is
    /// read as an email of its own; an observation for the same recipient that has a code takes the
    /// attached report's status, diagnostic and SMTP command. When the notice named only the attached
    /// message's addressee, the attached report's recipients replace it.
    private func nestedReportObservations(
        _ observations: [BounceObservation], _ email: ParsedEmail
    ) -> [BounceObservation] {
        guard !observations.isEmpty,
            observations.indices.allSatisfy({
                (observations[$0].kind == nil || observations[$0].kind == .bounce || observations[$0].kind == .delayed)
                    && observations[$0].status == nil
                    && DiagnosticCodes.scan(observations[$0].diagnostic).status == nil
            }),
            let attached = email.parts.first(where: {
                $0.attachedHeaders != nil && $0.contentType.mediaType != "text/rfc822-headers"
            })
        else { return observations }
        var inner = EmailReader(limits: limits)
        inner.readsNestedReports = false
        guard let nested = try? inner.observations(in: attached.decodedBody()) else { return observations }
        let coded = nested.filter { $0.status != nil || DiagnosticCodes.scan($0.diagnostic).status != nil }
        // The outer notice named only the attached message's own addressee (the sender of the inner bounce):
        // the attached report's recipients are the failed ones.
        let addressees = Set(email.original.recipients.map { $0.lowercased() })
        if !coded.isEmpty, observations.allSatisfy({ addressees.contains($0.recipient.lowercased()) }),
            !coded.contains(where: { addressees.contains($0.recipient.lowercased()) })
        {
            return coded
        }
        return observations.map { observation in
            let recipient = observation.recipient.lowercased()
            guard
                let match = nested.first(where: {
                    $0.recipient.lowercased() == recipient
                        && ($0.status != nil || DiagnosticCodes.scan($0.diagnostic).status != nil)
                })
            else { return observation }
            var completed = observation
            completed.status = match.status
            completed.diagnostic = match.diagnostic
            completed.smtpCommand = match.smtpCommand
            if let kind = match.kind { completed.kind = kind }
            return completed
        }
    }

    private func readObservations(_ email: ParsedEmail) throws(ClassificationError) -> [BounceObservation] {
        guard Self.requiredHeaders.contains(where: email.headers.contains) else {
            throw ClassificationError(
                .malformedEmail, "no RFC 5322 header fields (From, To, Subject, Date, ...) found",
                at: "MIME part 0 (header block)")
        }
        if let complaints = try complaintObservations(email) { return complaints }
        let deliveryStatus = deliveryStatusObservations(email)
        if !deliveryStatus.isEmpty { return deliveryStatus }

        if let notification = jsonNotificationObservations(email) { return notification }

        let strongSignal = hasStrongBounceSignal(email)
        if strongSignal {
            let bounces = plainObservations(email, fallbackToOriginal: true)
            if !bounces.isEmpty { return bounces }
        }
        if AutoReplyDetector.isAutoReply(email.headers),
            let sender = email.headers.value("From").flatMap(AddressScanner.first(in:))
        {
            var observation = email.template(recipient: sender)
            observation.kind = .autoReply
            observation.diagnostic = email.headers.value("Subject") ?? ""
            return [observation]
        }
        if !strongSignal, hasWeakBounceSignal(email) {
            let bounces = plainObservations(email, fallbackToOriginal: true)
            if !bounces.isEmpty { return bounces }
        }
        throw ClassificationError(
            .noRecipients, "the email is not a bounce, complaint or auto-reply with a readable recipient",
            at: "MIME part 0")
    }

    // MARK: - Complaints

    private func complaintObservations(_ email: ParsedEmail) throws(ClassificationError) -> [BounceObservation]? {
        let reportPart = email.parts.first {
            !$0.insideAttachedMessage && $0.contentType.mediaType == "message/feedback-report"
        }
        var fields: HeaderFields?
        if let reportPart {
            let body = reportPart.decodedBody()
            fields = HeaderFields.parse(body, from: MIMEParser.skipBlankLines(body, 0..<body.count), to: body.count).0
        } else if let found = Bytes.find(Array("feedback-type:".utf8), in: email.text, 0..<email.text.count),
            found == 0 || email.text[found - 1] == 0x0A
        {
            fields = HeaderFields.parse(email.text, from: found, to: email.text.count).0
        }
        let isReport =
            fields != nil || email.contentType.parameter("report-type")?.lowercased() == "feedback-report"
        let notice = !isReport && FeedbackReportReader.isComplaintNotice(email.headers)
        guard isReport || notice else { return nil }
        var recipients: [String]
        if notice {
            recipients = email.headers.value("From").flatMap(AddressScanner.first(in:)).map { [$0] } ?? []
        } else {
            recipients = FeedbackReportReader.recipients(fields: fields, original: email.original)
        }
        recipients = Array(recipients.prefix(limits.maximumRecipients))
        guard !recipients.isEmpty else {
            throw ClassificationError(
                .noRecipients, "the complaint report names no recipient (no Original-Rcpt-To, no original To)",
                at: reportPart.map { "MIME part \($0.path)" } ?? "MIME part 0")
        }
        let feedbackType = fields?.value("Feedback-Type") ?? (notice ? "unsubscribe" : "abuse")
        let arrival = fields?.value("Arrival-Date") ?? fields?.value("Received-Date")
        return recipients.map { recipient in
            var observation = email.template(recipient: recipient)
            observation.kind = .complaint
            observation.diagnostic = feedbackType
            observation.remoteMTA = fields?.value("Reporting-MTA").map(DeliveryStatusReader.withoutType)
            if observation.occurredAt == nil { observation.occurredAt = arrival.flatMap(EmailDate.iso8601) }
            return observation
        }
    }

    // MARK: - Delivery status reports

    private func deliveryStatusObservations(_ email: ParsedEmail) -> [BounceObservation] {
        var reports: [DeliveryStatusReader] = []
        for part in email.parts where !part.insideAttachedMessage {
            let type = part.contentType.mediaType
            guard type == "message/delivery-status" || type == "message/global-delivery-status" else { continue }
            reports.append(DeliveryStatusReader(part.decodedBody(), maximumRecipients: limits.maximumRecipients))
        }
        if reports.allSatisfy({ $0.recipients.isEmpty }),
            let found = Bytes.find(Array("final-recipient:".utf8), in: email.text, 0..<email.text.count)
        {
            var lineStart = found
            while lineStart > 0, email.text[lineStart - 1] != 0x0A { lineStart -= 1 }
            // Include a per-message group written just before the first recipient.
            var groupStart = lineStart
            if let reporting = Bytes.find(Array("reporting-mta:".utf8), in: email.text, 0..<lineStart) {
                groupStart = reporting
                while groupStart > 0, email.text[groupStart - 1] != 0x0A { groupStart -= 1 }
            }
            reports = [
                DeliveryStatusReader(
                    Array(email.text[groupStart...]), maximumRecipients: limits.maximumRecipients)
            ]
        }
        var observations: [BounceObservation] = []
        var textBlocks: [PlainBounceReader.Block]?
        var textCommand = LazyTextCommand()
        for report in reports {
            for recipient in report.recipients where observations.count < limits.maximumRecipients {
                let raw = recipient.address ?? ""
                let address = AddressScanner.first(in: raw) ?? raw.trimmingBlanks()
                if address.isEmpty { continue }
                var diagnostic = recipient.diagnostic ?? ""
                if !PlainBounceReader.saysSomething(diagnostic) {
                    if textBlocks == nil {
                        // The report names the recipients: look for exactly these in the text, whoever they are.
                        let named = reports.flatMap(\.recipients).compactMap { recipient -> String? in
                            let raw = recipient.address ?? ""
                            return AddressScanner.first(in: raw)
                        }
                        textBlocks = PlainBounceReader.blocks(
                            in: email.text, excluded: email.senderAddresses(), preferred: named, limit: 1_000)
                    }
                    if let block = textBlocks?.first(where: { $0.address == address.lowercased() }),
                        PlainBounceReader.saysSomething(block.diagnostic)
                    {
                        diagnostic = diagnostic.isEmpty ? block.diagnostic : diagnostic + "\n" + block.diagnostic
                    }
                }
                // Built in place in the array (a local observation appended would be copied and then destroyed).
                observations.append(email.template(recipient: address))
                let last = observations.count - 1
                observations[last].kind = Self.kind(forAction: recipient.action)
                observations[last].status = recipient.status
                observations[last].remoteMTA = recipient.remoteMTA ?? report.reportingMTA
                observations[last].smtpCommand = SMTPCommandRules.command(in: diagnostic) ?? textCommand.value(email)
                observations[last].diagnostic = diagnostic
                if observations[last].occurredAt == nil {
                    observations[last].occurredAt =
                        (recipient.lastAttempt ?? report.arrivalDate).flatMap(EmailDate.iso8601)
                }
            }
        }
        return observations
    }

    /// The kind a DSN `Action:` value states.
    static func kind(forAction action: String?) -> BounceKind? {
        guard let action else { return nil }
        if action.hasPrefix("failed") { return .bounce }
        if action.hasPrefix("delayed") { return .delayed }
        if action.hasPrefix("deliver") || action.hasPrefix("relayed") || action.hasPrefix("expanded") {
            return .delivered
        }
        return nil
    }

    // MARK: - Notifications carrying a JSON event

    /// A provider notification sent as an email whose body is the JSON event (Amazon SES through SNS email):
    /// the body's JSON object is read by the webhook readers. The object runs to the first empty line; a line
    /// cut for length (ending in `!`, continued on a line starting with a space) is joined back.
    private func jsonNotificationObservations(_ email: ParsedEmail) -> [BounceObservation]? {
        let text = email.text
        var index = 0
        while index < text.count, Bytes.isSpace(text[index]) { index += 1 }
        guard index < text.count, text[index] == 0x7B else { return nil }
        var json: [UInt8] = []
        while index < text.count {
            let (contentEnd, next) = Bytes.line(in: text, from: index, end: text.count)
            if contentEnd == index { break }
            var lineStart = index
            if json.last == 0x21, text[lineStart] == 0x20 {
                json.removeLast()
                lineStart += 1
            }
            json.append(contentsOf: text[lineStart..<contentEnd])
            index = next
        }
        while let last = json.last, last != 0x7D { json.removeLast() }
        guard !json.isEmpty,
            let (_, observations) = try? InputReader(limits: limits).observations(in: json, format: .auto),
            !observations.isEmpty
        else { return nil }
        return observations
    }

    // MARK: - Non-standard bounces

    private func plainObservations(_ email: ParsedEmail, fallbackToOriginal: Bool) -> [BounceObservation] {
        let preferred = email.headers.addresses(in: Self.failedRecipientsField)
        let senderAddresses = email.senderAddresses()
        var blocks = PlainBounceReader.blocks(
            in: email.text, excluded: senderAddresses, preferred: preferred, limit: limits.maximumRecipients)
        if blocks.isEmpty, fallbackToOriginal {
            let text = PlainBounceReader.clipped(email.text[...])
            blocks = email.original.recipients.filter { !senderAddresses.contains($0) }.prefix(
                limits.maximumRecipients
            ).map { PlainBounceReader.Block(address: $0, diagnostic: text) }
        }
        let delayed = isDelayNotice(email)
        var textCommand = LazyTextCommand()
        return blocks.map { block in
            var observation = email.template(recipient: block.address)
            observation.kind = delayed ? .delayed : .bounce
            observation.diagnostic = block.diagnostic
            observation.smtpCommand = SMTPCommandRules.command(in: block.diagnostic) ?? textCommand.value(email)
            return observation
        }
    }

    /// `X-Failed-Recipients`, lower-case.
    private static let failedRecipientsField = [Array("x-failed-recipients".utf8)]

    private func hasStrongBounceSignal(_ email: ParsedEmail) -> Bool {
        if email.headers.contains("X-Failed-Recipients") { return true }
        if email.contentType.parameter("report-type")?.lowercased() == "delivery-status" { return true }
        guard let fromValue = email.headers.value("From") else { return false }
        if Bytes.lowercasedContainsAny(fromValue, BounceMarkers.bounceSenderWords) { return true }
        let from = fromValue.lowercased()
        if let address = AddressScanner.first(in: from), let local = AddressScanner.localPart(of: address) {
            return BounceMarkers.bounceSenderLocalParts.contains(local)
        }
        return false
    }

    private func hasWeakBounceSignal(_ email: ParsedEmail) -> Bool {
        if let subject = email.headers.value("Subject"),
            Bytes.lowercasedContainsAny(subject, BounceMarkers.bounceSubjects)
        {
            return true
        }
        let text = email.text
        return BounceMarkers.bounceBodyPhrases.contains { Bytes.find($0, in: text, 0..<min(text.count, 16_384)) != nil }
    }

    /// Subject wording of delay notices (delivery is still being retried).
    static let delaySubjects = [
        "delayed", "delay", "warning: could not send", "still undelivered", "not yet been delivered",
    ]

    private func isDelayNotice(_ email: ParsedEmail) -> Bool {
        guard let subject = email.headers.value("Subject") else { return false }
        return Bytes.lowercasedContainsAny(subject, Self.delaySubjects)
    }
}

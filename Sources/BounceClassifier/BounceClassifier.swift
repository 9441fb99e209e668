/// Classifies bounce inputs: reads any supported format, decides kind, type, reason and status for every
/// recipient, and the action the chosen ``SuppressionPolicy`` requires.
///
/// A value type with no shared state: safe to use from any number of tasks at once.
public struct BounceClassifier: Sendable {
    /// The policy that decides actions and how a missing status code is read.
    public var policy: SuppressionPolicy
    /// Bounds on the work done per input.
    public var limits: ClassifierLimits

    /// Creates a classifier.
    /// - Parameters:
    ///   - policy: the suppression policy; default ``SuppressionPolicy/standard``.
    ///   - limits: bounds on the work per input; default ``ClassifierLimits/init(maximumInputBytes:maximumJSONDepth:maximumMIMEDepth:maximumRecipients:)``.
    public init(policy: SuppressionPolicy = .standard, limits: ClassifierLimits = ClassifierLimits()) {
        self.policy = policy
        self.limits = limits
    }

    /// Classifies one input.
    /// - Parameters:
    ///   - input: the raw bytes (JSON event, webhook payload, or RFC 5322 email).
    ///   - format: the format, or ``InputFormat/auto`` to detect it.
    /// - Returns: one result per recipient, in input order.
    /// - Throws: ``ClassificationError`` saying what is wrong and where.
    public func classify(_ input: [UInt8], format: InputFormat = .auto) throws(ClassificationError) -> [BounceResult] {
        if format == .auto || format == .canonical, input.count <= limits.maximumInputBytes,
            limits.maximumJSONDepth >= 2, let results = canonicalResults(input)
        {
            return results
        }
        let (detected, observations) = try InputReader(limits: limits).observations(in: input, format: format)
        var contentHash: StableHash?
        // The observations are read in place (a closure over each would take a copy of it).
        var results: [BounceResult] = []
        results.reserveCapacity(observations.count)
        observations.withUnsafeBufferPointer { observations in
            for index in observations.indices {
                var identity = observations[index].sourceEventID
                if identity == nil {
                    if contentHash == nil { contentHash = InputReader.contentHash(of: input) }
                    identity = contentHash.map { "content:" + $0.hexDigest }
                }
                results.append(decide(observations[index], format: detected, identity: identity ?? ""))
            }
        }
        return results
    }

    /// Classifies one input given as text.
    public func classify(_ input: String, format: InputFormat = .auto) throws(ClassificationError) -> [BounceResult] {
        try classify(Array(input.utf8), format: format)
    }

    /// Decides the result for one observation.
    /// - Parameters:
    ///   - observation: the facts an input reported about one recipient.
    ///   - format: the format the observation came from.
    ///   - identity: what identifies the input (its own event id, Message-ID or content hash); with the
    ///     recipient it makes the deterministic ``BounceResult/eventID``.
    public func decide(_ observation: BounceObservation, format: InputFormat, identity: String) -> BounceResult {
        let diagnostic = Self.trimmed(observation.diagnostic)
        let verdict = verdict(
            kind: observation.kind, status: observation.status, replyCode: observation.replyCode,
            diagnostic: diagnostic, reasonHint: observation.reasonHint, permanentHint: observation.permanentHint,
            smtpCommand: observation.smtpCommand)

        let recipient = Self.normalizedAddress(observation.recipient)
        var hash = StableHash()
        hash.combine(field: identity)
        hash.combine(field: recipient)

        return BounceResult(
            kind: verdict.kind, type: verdict.type, reason: verdict.reason, status: verdict.status,
            statusSource: verdict.statusSource, replyCode: verdict.replyCode, diagnostic: diagnostic,
            recipient: recipient, remoteMTA: observation.remoteMTA,
            originalMessageID: observation.originalMessageID.flatMap(Self.normalizedMessageID),
            campaignID: observation.campaignID, subscriberID: observation.subscriberID, listID: observation.listID,
            occurredAt: observation.occurredAt, action: verdict.action, eventID: hash.hexDigest, format: format)
    }

    /// Decides kind, status, reason, type and action from the facts of one observation whose diagnostic is a
    /// string: what the overload that takes the diagnostic's UTF-8 bytes decides for them.
    func verdict(
        kind: BounceKind?, status: StatusCode?, replyCode: Int?, diagnostic: String, reasonHint: BounceReason?,
        permanentHint: Bool?, smtpCommand: String?
    ) -> BounceVerdict {
        diagnostic.withUTF8Bytes {
            verdict(
                kind: kind, status: status, replyCode: replyCode, diagnostic: $0, reasonHint: reasonHint,
                permanentHint: permanentHint, smtpCommand: smtpCommand)
        }
    }

    /// Decides kind, status, reason, type and action from the facts of one observation.
    /// - Parameters:
    ///   - kind: what the input says happened, if it says so.
    ///   - status: the enhanced status code from a structured field.
    ///   - replyCode: the SMTP reply code from a structured field.
    ///   - diagnostic: the UTF-8 bytes of the server's text, already ``trimmed(_:)-(String)``.
    ///   - reasonHint: a reason the provider states.
    ///   - permanentHint: whether the provider says the failure is permanent.
    ///   - smtpCommand: the SMTP command the failure happened at, when the input says so.
    func verdict(
        kind observedKind: BounceKind?, status observedStatus: StatusCode?, replyCode observedReplyCode: Int?,
        diagnostic: UnsafeBufferPointer<UInt8>, reasonHint: BounceReason?, permanentHint: Bool?, smtpCommand: String?
    ) -> BounceVerdict {
        let codes = DiagnosticCodes.scan(utf8: diagnostic)

        var status = observedStatus
        var statusSource: StatusSource? = status == nil ? nil : .dsn
        if let found = codes.status {
            if let current = status {
                if found.klass == current.klass, found.specificity > current.specificity {
                    status = found
                    statusSource = .text
                }
            } else {
                status = found
                statusSource = .text
            }
        }
        let replyCode = observedReplyCode ?? codes.replyCode
        if status == nil, let replyCode, let fromReply = StatusCode(klass: replyCode / 100, subject: 0, detail: 0) {
            status = fromReply
            statusSource = .reply
        }

        let kind = observedKind ?? (status?.klass == 2 ? .delivered : .bounce)
        let reason = Self.reason(
            kind: kind, status: status, diagnostic: diagnostic, hint: reasonHint,
            command: smtpCommand ?? SMTPCommandRules.command(inUTF8: diagnostic))

        var type = BounceType.unknown
        switch kind {
        case .bounce, .delayed:
            let decided = policy.type(status: status, reason: reason, permanentHint: permanentHint)
            type = decided.type
            if let inferred = decided.inferredStatus {
                status = inferred
                statusSource = .inferred
            }
        case .complaint, .autoReply, .delivered:
            break
        }
        return BounceVerdict(
            kind: kind, type: type, reason: reason, status: status, statusSource: statusSource, replyCode: replyCode,
            action: policy.action(kind: kind, type: type, reason: reason))
    }

    /// The reason for a result: a decisive status code first (unless the text names a more specific cause than
    /// a dead address: a ``TextRules/specific`` phrase or a reason of ``TextRules/overrideDeadAddressCode``),
    /// then a reason the provider states, then the text rules read together with the SMTP command the failure
    /// happened at, then the status code's fallback.
    ///
    /// The command rule (as established bounce parsers apply it): a recipient is refused for not existing at
    /// `RCPT TO`. Generic "user unknown" wording (``TextRules/stageDependentUserUnknown``) at another stage, or
    /// with no stage and no addressing status code (x.1.x), does not prove a dead address:
    /// - at `DATA` or at an unknown stage it is a filter's verdict → ``BounceReason/filtered``, unless other
    ///   wording names the recipient or mailbox as invalid;
    /// - at `MAIL FROM` the sender was refused → ``BounceReason/rejected``;
    /// - at the greeting or `HELO`/`EHLO` the client was refused → ``BounceReason/blocked``.
    /// The same stages turn a failure with no recognisable wording into `rejected` or `blocked`, and a
    /// refusal at the greeting or `HELO`/`EHLO` worded as a rejection is `blocked`.
    ///
    /// An unknown domain reported with a temporary status (4.x.x) is a DNS failure still being retried
    /// → ``BounceReason/networkerror``.
    ///
    /// `diagnostic` is the UTF-8 bytes of the server's text. `command` is only read (and the text only scanned)
    /// when the decision depends on it.
    static func reason(
        kind: BounceKind, status: StatusCode?, diagnostic: UnsafeBufferPointer<UInt8>, hint: BounceReason?,
        command readCommand: @autoclosure () -> String? = nil
    ) -> BounceReason {
        switch kind {
        case .complaint: return .feedback
        case .autoReply: return .vacation
        case .delivered: return .delivered
        case .bounce, .delayed: break
        }
        let entry = status.flatMap(StatusCodeRules.entry(for:))
        if let entry, entry.decisive {
            if entry.reason.meansDeadAddress {
                let matched = TextMatcher.standard.matches(inUTF8: diagnostic)
                if let other = matched.specific ?? matched.firstOverridingDeadAddress { return other }
            }
            return entry.reason
        }
        if let hint { return hint }
        let matched = TextMatcher.standard.matches(inUTF8: diagnostic)
        let command = readCommand()
        if let fromText = matched.first {
            if fromText.meansDeadAddress {
                switch command {
                case "MAIL": return .rejected
                case "HELO", "EHLO", "CONN": return .blocked
                default: break
                }
                if command != "RCPT", fromText == .userunknown, status.map({ $0.subject != 1 }) ?? true,
                    !matched.namesRecipientInvalid
                {
                    return .filtered
                }
                if fromText == .hostunknown, status?.klass == 4 { return .networkerror }
            }
            // Refused before the sender was even named: the connecting client was refused.
            if fromText == .rejected, command == "CONN" || command == "HELO" || command == "EHLO" { return .blocked }
            return fromText
        }
        switch command {
        case "MAIL": return .rejected
        case "HELO", "EHLO", "CONN": return .blocked
        default: break
        }
        if let entry { return entry.reason }
        if kind == .delayed { return .expired }
        return diagnostic.isEmpty && status == nil ? .onhold : .undefined
    }
}

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
        let (detected, observations) = try InputReader(limits: limits).observations(in: input, format: format)
        var contentHash: StableHash?
        return observations.map { observation in
            var identity = observation.sourceEventID
            if identity == nil {
                if contentHash == nil { contentHash = InputReader.contentHash(of: input) }
                identity = contentHash.map { "content:" + $0.hexDigest }
            }
            return decide(observation, format: detected, identity: identity ?? "")
        }
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
        let codes = DiagnosticCodes.scan(diagnostic)

        var status = observation.status
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
        let replyCode = observation.replyCode ?? codes.replyCode
        if status == nil, let replyCode, let fromReply = StatusCode(klass: replyCode / 100, subject: 0, detail: 0) {
            status = fromReply
            statusSource = .reply
        }

        let kind = observation.kind ?? (status?.klass == 2 ? .delivered : .bounce)
        let reason = Self.reason(
            kind: kind, status: status, diagnostic: diagnostic, hint: observation.reasonHint,
            command: observation.smtpCommand ?? SMTPCommandRules.command(in: diagnostic))

        var type = BounceType.unknown
        switch kind {
        case .bounce, .delayed:
            let decided = policy.type(status: status, reason: reason, permanentHint: observation.permanentHint)
            type = decided.type
            if let inferred = decided.inferredStatus {
                status = inferred
                statusSource = .inferred
            }
        case .complaint, .autoReply, .delivered:
            break
        }

        let recipient = Self.normalizedAddress(observation.recipient)
        var hash = StableHash()
        hash.combine(field: identity)
        hash.combine(field: recipient)

        return BounceResult(
            kind: kind, type: type, reason: reason, status: status, statusSource: statusSource, replyCode: replyCode,
            diagnostic: diagnostic, recipient: recipient, remoteMTA: observation.remoteMTA,
            originalMessageID: observation.originalMessageID.flatMap(Self.normalizedMessageID),
            campaignID: observation.campaignID,
            subscriberID: observation.subscriberID, listID: observation.listID, occurredAt: observation.occurredAt,
            action: policy.action(kind: kind, type: type, reason: reason), eventID: hash.hexDigest, format: format)
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
    /// `command` is only read (and the text only scanned) when the decision depends on it.
    static func reason(
        kind: BounceKind, status: StatusCode?, diagnostic: String, hint: BounceReason?,
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
                let matched = TextMatcher.standard.matches(in: diagnostic)
                if let other = matched.specific ?? matched.firstOverridingDeadAddress { return other }
            }
            return entry.reason
        }
        if let hint { return hint }
        let matched = TextMatcher.standard.matches(in: diagnostic)
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

    /// Trims the ends and folds runs of white space (folded lines, tabs) into one space.
    static func trimmed(_ text: String) -> String {
        var copy = text
        let folded: String? = copy.withUTF8 { utf8 in
            var needsWork = false
            var previousSpace = true
            for byte in utf8 {
                let space = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                if space && (previousSpace || byte != 0x20) {
                    needsWork = true
                    break
                }
                previousSpace = space
            }
            if !needsWork && !previousSpace { return nil }
            return String(unsafeUninitializedCapacity: utf8.count) { out in
                // At most one output byte per input byte: `count` stays within `out`.
                var count = 0
                var pendingSpace = false
                for byte in utf8 {
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        out[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    out[count] = byte
                    count += 1
                }
                return count
            }
        }
        return folded ?? text
    }

    /// Whether every byte is ASCII and none is a carriage return: then every byte is one `Character`, and
    /// trimming or comparing bytes gives what trimming or comparing characters gives.
    @inline(__always) private static func isSimpleASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in utf8 where byte >= 0x80 || byte == 0x0D { return false }
        return true
    }

    /// `" <abc@host> "` → `"abc@host"`: Message-IDs compare equal whether or not a format keeps the brackets.
    static func normalizedMessageID(_ id: String) -> String? {
        var copy = id
        let simple: String?? = copy.withUTF8 { utf8 in
            guard isSimpleASCII(utf8) else { return .none }
            var start = 0
            var end = utf8.count
            while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 || utf8[start] == 0x3C { start += 1 }
            while end > start,
                utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 || utf8[end - 1] == 0x3E || utf8[end - 1] == 0x0D
                    || utf8[end - 1] == 0x0A
            {
                end -= 1
            }
            if start == end { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self))
        }
        if let simple { return simple }
        var text = Substring(id)
        while let first = text.first, first == " " || first == "\t" || first == "<" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == ">" || last == "\r" || last == "\n" {
            text = text.dropLast()
        }
        return text.isEmpty ? nil : String(text)
    }

    /// `" <Jane.Doe@Example.COM>"` → `"jane.doe@example.com"`; also strips `mailto:` and `rfc822;`.
    public static func normalizedAddress(_ address: String) -> String {
        var copy = address
        let simple: String? = copy.withUTF8 { utf8 in
            guard isSimpleASCII(utf8) else { return nil }
            var start = 0
            var end = utf8.count
            while true {
                while start < end,
                    utf8[start] == 0x20 || utf8[start] == 0x09 || utf8[start] == 0x3C || utf8[start] == 0x22
                {
                    start += 1
                }
                while end > start,
                    utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 || utf8[end - 1] == 0x3E || utf8[end - 1] == 0x22
                        || utf8[end - 1] == 0x0D || utf8[end - 1] == 0x0A
                {
                    end -= 1
                }
                // `rfc822;` and `mailto:` are stripped, then the rest is trimmed again.
                guard hasPrefix(utf8, start, end, "rfc822;") || hasPrefix(utf8, start, end, "mailto:") else { break }
                start += 7
            }
            return String(unsafeUninitializedCapacity: end - start) { out in
                for index in start..<end {
                    let byte = utf8[index]
                    out[index - start] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return end - start
            }
        }
        if let simple { return simple }
        var text = Substring(address)
        while let first = text.first, first == " " || first == "\t" || first == "<" || first == "\"" {
            text = text.dropFirst()
        }
        while let last = text.last,
            last == " " || last == "\t" || last == ">" || last == "\"" || last == "\r"
                || last == "\n"
        {
            text = text.dropLast()
        }
        for prefix in ["rfc822;", "mailto:"] where text.lowercased().hasPrefix(prefix) {
            return normalizedAddress(String(text.dropFirst(prefix.count)))
        }
        var lowered = [UInt8]()
        lowered.reserveCapacity(text.utf8.count)
        for byte in text.utf8 { lowered.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// Whether `utf8[start..<end]`, ASCII lower-cased, starts with `prefix` (lower-case ASCII).
    private static func hasPrefix(_ utf8: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ prefix: StaticString)
        -> Bool
    {
        prefix.withUTF8Buffer { prefix in
            guard end - start >= prefix.count else { return false }
            for index in 0..<prefix.count {
                let byte = utf8[start + index]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != prefix[index] { return false }
            }
            return true
        }
    }
}

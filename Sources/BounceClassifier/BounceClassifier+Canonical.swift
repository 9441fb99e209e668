/// The canonical byte path: canonical events classified straight from the input bytes.
extension BounceClassifier {
    /// The results for a canonical input read by ``CanonicalByteReader``, or `nil` when the input needs the
    /// general readers. Gives exactly what reading the input into observations and deciding each one gives.
    func canonicalResults(_ input: [UInt8]) -> [BounceResult]? {
        input.withUnsafeBufferPointer { bytes in
            var contentHash: StableHash?
            var results = [BounceResult]()
            let complete = CanonicalByteReader.readEvents(in: bytes, maximumEvents: limits.maximumRecipients) {
                appendResult($0, to: &results, contentHash: &contentHash, input: input)
            }
            return complete ? results : nil
        }
    }

    /// Decides the result for one event, as ``decide(_:format:identity:)`` does for its observation, and appends
    /// it to `results` (built in place there, not copied). `contentHash` is the input's content hash once an event
    /// without `id` needed it.
    private func appendResult(
        _ event: borrowing CanonicalEventBytes, to results: inout [BounceResult], contentHash: inout StableHash?,
        input: [UInt8]
    ) {
        let (diagnostic, verdict) = Self.withTrimmed(event.diagnosticText) {
            diagnostic, utf8 -> (String, BounceVerdict) in
            (
                diagnostic,
                self.verdict(
                    kind: event.kind, status: event.status, replyCode: event.replyCode, diagnostic: utf8,
                    reasonHint: nil, permanentHint: nil, smtpCommand: nil)
            )
        }

        let recipient = Self.normalizedAddress(event.recipient)
        var hash = StableHash()
        if let id = event.id {
            hash.combine(field: id)
        } else {
            let content = contentHash ?? InputReader.contentHash(of: input)
            contentHash = content
            hash.combine(field: "content:", hexDigestOf: content)
        }
        hash.combine(field: recipient)

        results.append(
            BounceResult(
                kind: verdict.kind, type: verdict.type, reason: verdict.reason, status: verdict.status,
                statusSource: verdict.statusSource, replyCode: verdict.replyCode, diagnostic: diagnostic,
                recipient: recipient, remoteMTA: event.remoteMTA.map(Self.string),
                originalMessageID: event.messageID.flatMap(Self.normalizedMessageID),
                campaignID: event.campaignID.map(Self.string), subscriberID: event.subscriberID.map(Self.string),
                listID: event.listID.map(Self.string), occurredAt: event.occurredAt, action: verdict.action,
                eventID: hash.hexDigest, format: .canonical))
    }
}

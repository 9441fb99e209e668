/// One email split into what the readers need: its headers, MIME leaves, the bounce's own text (cut before the
/// returned original), the original message's headers, and the fields every observation shares.
struct ParsedEmail {
    /// The top-level headers.
    let headers: HeaderFields
    /// The MIME leaves, in order.
    let parts: [MIMEPart]
    /// The top-level content type.
    let contentType: ContentType
    /// The human-readable text of the bounce itself, UTF-8, ending where the returned original starts.
    let text: [UInt8]
    /// What the returned original message says.
    let original: OriginalMessage
    /// The `Date:` as ISO 8601 UTC, if it can be read (shared by every observation).
    let occurredAt: String?
    /// The bounce's own Message-ID without brackets, if it has one (shared by every observation).
    let messageID: String?

    /// The fields of the bounce's own headers whose addresses are on the sending side, lower-case.
    private static let senderFields: [[UInt8]] = ["from", "to", "reply-to", "return-path", "sender"].map {
        Array($0.utf8)
    }

    /// The most text read from a message's human-readable parts.
    static let maximumTextBytes = 256 * 1024

    /// Parses `input`.
    init(_ input: [UInt8], limits: ClassifierLimits) {
        var parser = MIMEParser(maximumDepth: limits.maximumMIMEDepth)
        headers = parser.parseMessage(input)
        parts = parser.parts
        contentType = parser.messageContentType

        var (fullText, cut) = Self.humanText(parts: parts, isReport: contentType.mediaType == "multipart/report")

        var original = OriginalMessage()
        if let attached = parts.first(where: { $0.attachedHeaders.map { !$0.isEmpty } ?? false })?.attachedHeaders {
            original = OriginalMessage(headers: attached)
        }
        if original.isEmpty, cut < fullText.count {
            var start = cut
            while start < fullText.count, fullText[start] != 0x0A { start += 1 }
            start = MIMEParser.skipBlankLines(fullText, start..<fullText.count)
            let inline = OriginalMessage(headers: HeaderFields.parse(fullText, from: start, to: fullText.count).0)
            if !inline.isEmpty { original = inline }
        }
        self.original = original
        fullText.removeSubrange(cut...)
        text = fullText

        occurredAt = EmailDate.iso8601(dateIn: headers)
        messageID = OriginalMessage.messageID(in: headers)
    }

    /// Addresses that are on the sending side and never a failed recipient: the original's senders and the
    /// addresses in the bounce's own sender-side headers. Read when asked for (only the readers that look for
    /// recipients in the text need them).
    func senderAddresses() -> Set<String> {
        var senders = Set(original.senders)
        senders.formUnion(headers.addresses(in: Self.senderFields))
        return senders
    }

    /// The SMTP command the bounce's own text says the failure happened at (``SMTPCommandRules``).
    var textCommand: String? { SMTPCommandRules.command(in: text) }

    /// The observation fields every recipient of this email shares.
    func template(recipient: String) -> BounceObservation {
        BounceObservation(
            recipient: recipient, originalMessageID: original.messageID, campaignID: original.campaignID,
            subscriberID: original.subscriberID, listID: original.listID,
            occurredAt: occurredAt, sourceEventID: messageID)
    }

    /// The human-readable text (plain text preferred to HTML) and the offset where the original message starts.
    private static func humanText(parts: [MIMEPart], isReport: Bool) -> (text: [UInt8], cut: Int) {
        var plain: [UInt8] = []
        // HTML parts are only read when no plain text part gives text.
        var htmlParts: [Int] = []
        for (index, part) in parts.enumerated() where !part.insideAttachedMessage {
            let type = part.contentType.mediaType
            if type.hasPrefix("message/") || type == "text/rfc822-headers" { break }
            // In a report only the first part is meant for people; later text parts are returned content.
            // A report whose boundary never occurs is one leaf at the top ("0"): all of it is the bounce's text.
            if isReport, !(part.path == "0" || part.path == "1" || part.path.hasPrefix("1.")) { continue }
            if type == "text/plain" || type == "text/enriched" {
                if plain.count < maximumTextBytes {
                    let partText = part.textUTF8()
                    if plain.isEmpty, partText.count < maximumTextBytes {
                        plain = partText
                    } else {
                        plain.append(contentsOf: partText.prefix(maximumTextBytes))
                    }
                    plain.append(0x0A)
                }
            } else if type == "text/html" {
                htmlParts.append(index)
            }
        }
        if plain.isEmpty {
            for index in htmlParts where plain.count < maximumTextBytes {
                var bytes = parts[index].textUTF8()
                if bytes.count > maximumTextBytes { bytes.removeSubrange(maximumTextBytes...) }
                plain.append(contentsOf: HTMLText.text(bytes))
                plain.append(0x0A)
            }
        }
        return (plain, originalMessageStart(plain))
    }

    /// The start of the line where the returned original begins, or the end of `text`.
    ///
    /// The markers are tried in order, each in the text before the earliest marker found so far (a marker must
    /// end there). Only a marker's first occurrence can qualify (any later one ends later), so the first
    /// occurrences are found in one pass over the places where a marker's keyword (`message`, or `received` for
    /// the one marker without it) occurs, and the markers are then read in order.
    static func originalMessageStart(_ text: [UInt8]) -> Int {
        let markers = BounceMarkers.originalMessage
        let firstStart = originalMessageMarkers.firstStarts(in: text)
        var cut = text.count
        for (index, marker) in markers.enumerated() {
            let start = firstStart[index]
            if start >= 0, start + marker.count <= cut { cut = start }
        }
        while cut > 0, cut < text.count, text[cut - 1] != 0x0A { cut -= 1 }
        return cut
    }

    /// ``BounceMarkers/originalMessage``, tied to the keywords they contain. The keywords' searched letters (`g`,
    /// `v`) are rare in text, so few places are compared.
    private static let originalMessageMarkers = AnchoredPhrases(
        phrases: BounceMarkers.originalMessage, keywords: [Array("message".utf8), Array("received".utf8)])
}

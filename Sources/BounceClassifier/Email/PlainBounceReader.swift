/// Reads bounces that carry no delivery-status part (the human-readable text Postfix, Exim, qmail, Gmail,
/// Exchange and many others send): finds the failed recipients' addresses in the text and the error text that
/// follows each of them.
///
/// The text is cut where the returned original message starts (``BounceMarkers/originalMessage``). Addresses
/// that belong to the sender side (the bounce's own addresses, the original sender, `MAILER-DAEMON`, addresses
/// after `MAIL FROM:`) are skipped. Each remaining address starts a block that runs to the next line naming
/// another recipient (a repeated list included);
/// a block with no code and no recognisable wording borrows the rest of the text, then the text before the
/// first address (the common preamble of a multi-recipient bounce).
struct PlainBounceReader {
    /// One failed recipient and its error text.
    struct Block: Sendable {
        /// The recipient address, lower-cased.
        let address: String
        /// The error text read for it.
        let diagnostic: String
    }

    /// How much text one diagnostic keeps.
    static let maximumDiagnosticBytes = 1_500

    /// The failed recipients in `text`.
    /// - Parameters:
    ///   - text: the bounce's own text (already cut before the original message).
    ///   - excluded: addresses that must not be taken for recipients.
    ///   - preferred: recipients named by a header (`X-Failed-Recipients`); when given, only these are reported.
    ///   - limit: the most recipients returned.
    static func blocks(in text: [UInt8], excluded: Set<String>, preferred: [String], limit: Int) -> [Block] {
        let found = blocks(in: text, excluded: excluded, preferred: preferred, limit: limit, strict: true)
        if !found.isEmpty || excluded.isEmpty { return found }
        // A message sent to oneself bounces to the failed address: allow the sender's addresses after all.
        return blocks(in: text, excluded: [], preferred: preferred, limit: limit, strict: false)
    }

    private static func blocks(
        in text: [UInt8], excluded: Set<String>, preferred: [String], limit: Int, strict: Bool
    ) -> [Block] {
        let matches = AddressScanner.matches(in: text, 0..<text.count)
        var anchors: [(address: String, lineStart: Int)] = []
        var weakAnchors: [(address: String, lineStart: Int)] = []
        var seen = Set<String>()
        for match in matches where !seen.contains(match.address) {
            if !preferred.isEmpty {
                guard preferred.contains(match.address) else { continue }
            } else {
                guard !excluded.contains(match.address), !isSenderContext(text, match.range.lowerBound),
                    !isServiceAddress(match.address)
                else { continue }
            }
            seen.insert(match.address)
            var lineStart = match.range.lowerBound
            while lineStart > 0, text[lineStart - 1] != 0x0A { lineStart -= 1 }
            if preferred.isEmpty, isQuotedHeaderLine(text, lineStart) {
                weakAnchors.append((match.address, lineStart))
                continue
            }
            anchors.append((match.address, lineStart))
            if anchors.count >= limit { break }
        }
        if anchors.isEmpty { anchors = Array(weakAnchors.prefix(limit)) }
        // Every line naming a recipient, repeats included: a bounce that repeats its list (in a second
        // language, or a summary then details) must not run one recipient's block into another's text.
        let anchored = Set(anchors.map(\.address))
        var namingLines: [(address: String, lineStart: Int)] = []
        for match in matches where anchored.contains(match.address) {
            var lineStart = match.range.lowerBound
            while lineStart > 0, text[lineStart - 1] != 0x0A { lineStart -= 1 }
            namingLines.append((match.address, lineStart))
        }
        var blocks: [Block] = []
        let firstAnchor = anchors.first?.lineStart ?? text.count
        for anchor in anchors {
            var end = text.count
            for later in namingLines where later.lineStart > anchor.lineStart && later.address != anchor.address {
                end = later.lineStart
                break
            }
            var diagnostic = text[anchor.lineStart..<end]
            if !saysSomething(diagnostic) {
                let rest = text[anchor.lineStart..<text.count]
                if saysSomething(rest) {
                    diagnostic = rest
                } else if saysSomething(text[0..<firstAnchor]) {
                    diagnostic = text[0..<firstAnchor]
                }
            }
            blocks.append(Block(address: anchor.address, diagnostic: clipped(diagnostic)))
        }
        for address in preferred where !seen.contains(address) && blocks.count < limit {
            blocks.append(Block(address: address, diagnostic: clipped(text[0..<text.count])))
            seen.insert(address)
        }
        return blocks
    }

    /// Whether `text` carries a status code or wording the text rules recognise.
    static func saysSomething(_ text: ArraySlice<UInt8>) -> Bool {
        if text.isEmpty { return false }
        let prefix = text.prefix(TextMatcher.maximumTextLength)
        // Well-formed UTF-8 is the string's own UTF-8, so it is read in place.
        if Charset.isValidUTF8(prefix) { return prefix.withUnsafeBufferPointer(saysSomething(utf8:)) }
        return saysSomething(String(decoding: prefix, as: UTF8.self))
    }

    /// Whether `string` carries a status code or wording the text rules recognise.
    static func saysSomething(_ string: String) -> Bool {
        string.withUTF8Bytes(saysSomething(utf8:))
    }

    /// Whether the UTF-8 text `utf8` carries a status code or wording the text rules recognise, as
    /// ``saysSomething(_:)-(String)`` reads a string.
    private static func saysSomething(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if utf8.isEmpty { return false }
        let codes = DiagnosticCodes.scan(utf8: utf8)
        if codes.status != nil || codes.replyCode != nil { return true }
        return TextMatcher.standard.matches(inUTF8: utf8).first != nil
    }

    /// The text of `slice` clipped to ``maximumDiagnosticBytes``, with white space runs folded.
    static func clipped(_ slice: ArraySlice<UInt8>) -> String {
        String(decoding: slice.prefix(maximumDiagnosticBytes), as: UTF8.self)
    }

    /// Whether the text on the line before `position` says the address is a sender.
    static func isSenderContext(_ text: [UInt8], _ position: Int) -> Bool {
        var lineStart = position
        while lineStart > 0, text[lineStart - 1] != 0x0A, position - lineStart < 200 { lineStart -= 1 }
        // `text[lineStart..<position]` is compared lower-cased, in place.
        var trimmedEnd = position
        while trimmedEnd > lineStart, Bytes.isSpace(text[trimmedEnd - 1]) || text[trimmedEnd - 1] == 0x22 {
            trimmedEnd -= 1
        }
        for context in BounceMarkers.senderContexts
        where trimmedEnd - lineStart >= context.count
            && Bytes.hasPrefix(text, at: trimmedEnd - context.count, end: trimmedEnd, context)
        {
            return true
        }
        var start = lineStart
        while start < position, Bytes.isSpace(text[start]) || text[start] == 0x3E { start += 1 }
        for header in senderHeaders where Bytes.hasPrefix(text, at: start, end: position, header) {
            return true
        }
        return false
    }

    /// Header names (lower-case, with their colon) that put an address on the sender side.
    private static let senderHeaders: [[UInt8]] = [
        "from:", "return-path:", "reply-to:", "sender:", "message-id:", "received:", "references:",
    ].map { Array($0.utf8) }

    /// Whether the line at `lineStart` is a quoted header line (``BounceMarkers/quotedHeaderLines``).
    static func isQuotedHeaderLine(_ text: [UInt8], _ lineStart: Int) -> Bool {
        var start = lineStart
        while start < text.count, Bytes.isBlank(text[start]) || text[start] == 0x3E { start += 1 }
        return BounceMarkers.quotedHeaderLines.contains {
            Bytes.hasPrefix(text, at: start, end: text.count, $0)
        }
    }

    /// Whether `address` is a mail system's own address (`MAILER-DAEMON@...`, `postmaster@...`).
    static func isServiceAddress(_ address: String) -> Bool {
        guard let local = AddressScanner.localPart(of: address) else { return true }
        return BounceMarkers.serviceLocalParts.contains(local)
    }
}

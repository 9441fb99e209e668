/// What the returned original message (attached, or quoted inline after the bounce text) tells: its Message-ID,
/// its recipients, and the sending platform's campaign, subscriber and list identifiers.
struct OriginalMessage: Sendable {
    /// Header names, in order of preference, that carry the campaign id.
    static let campaignHeaders = ["X-Campaign-ID", "X-Acelle-Campaign-Id", "X-Campaign-UID", "X-Mailgun-Campaign-Id"]
    /// Header names, in order of preference, that carry the subscriber id.
    static let subscriberHeaders = ["X-Subscriber-ID", "X-Acelle-Subscriber-Id", "X-Subscriber-UID"]
    /// Header names, in order of preference, that carry the list id.
    static let listHeaders = ["X-List-ID", "X-Acelle-List-Id", "X-Mail-List-UID"]

    /// The original Message-ID, without angle brackets.
    var messageID: String?
    /// The addresses in the original `To:` (and `Cc:`) headers; read from the headers when asked for, as only
    /// some readers need them.
    var recipients: [String] { headers?.addresses(in: Self.recipientFields) ?? [] }
    /// The addresses that sent the original (`From:`, `Return-Path:`, `Sender:`), never taken for recipients;
    /// read from the headers when asked for, as only readers that look for addresses in the text need them.
    var senders: [String] { headers?.addresses(in: Self.senderFields) ?? [] }
    /// The original's headers, when they were read.
    private var headers: HeaderFields?
    /// The campaign id, if a header carried one.
    var campaignID: String?
    /// The subscriber id, if a header carried one.
    var subscriberID: String?
    /// The list id, if a header carried one.
    var listID: String?

    /// Nothing known.
    init() {}

    /// Reads the original message's headers.
    init(headers: HeaderFields) {
        messageID = Self.messageID(in: headers)
        self.headers = headers
        let ranges = headers.firstRanges(Self.identifierNames)
        let campaignCount = Self.campaignHeaders.count
        let subscriberCount = Self.subscriberHeaders.count
        campaignID = Self.firstValue(headers, ranges[0..<campaignCount])
        subscriberID = Self.firstValue(headers, ranges[campaignCount..<(campaignCount + subscriberCount)])
        listID = Self.firstValue(headers, ranges[(campaignCount + subscriberCount)...])
    }

    /// The fields naming the original's recipients, lower-case.
    private static let recipientFields: [[UInt8]] = [Array("to".utf8), Array("cc".utf8)]
    /// The fields naming the original's senders, lower-case.
    private static let senderFields: [[UInt8]] = [Array("from".utf8), Array("return-path".utf8), Array("sender".utf8)]

    /// The campaign, subscriber and list header names in that order, lower-case.
    private static let identifierNames: [[UInt8]] = (campaignHeaders + subscriberHeaders + listHeaders).map {
        Array($0.lowercased().utf8)
    }

    /// Whether anything useful was read.
    var isEmpty: Bool { messageID == nil && recipients.isEmpty && senders.isEmpty }

    /// The first non-empty value, brackets removed, of the fields found for names in order of preference.
    private static func firstValue(_ headers: HeaderFields, _ ranges: ArraySlice<Range<Int>?>) -> String? {
        for range in ranges {
            if let value = range.map({ withoutBrackets(headers, $0) }), !value.isEmpty { return value }
        }
        return nil
    }

    /// The `Message-ID` of `headers` without brackets, or `nil` when there is none or nothing is left of it.
    static func messageID(in headers: HeaderFields) -> String? {
        headers.firstRange(messageIDField).map { withoutBrackets(headers, $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `message-id`.
    private static let messageIDField = Array("message-id".utf8)

    /// ``withoutBrackets(_:)`` of the value at `range` in `headers`: a value that ``HeaderFields/text(of:)`` leaves
    /// as its bytes (plain ASCII on one line) is cut from those bytes, making one string instead of two.
    static func withoutBrackets(_ headers: HeaderFields, _ range: Range<Int>) -> String {
        let trimmed = Bytes.trimmed(headers.bytes, range)
        let direct: String? = headers.bytes.withUnsafeBufferPointer { buffer in
            guard ByteSearch.isPlainASCIILine(buffer, trimmed) else { return nil }
            return withoutBrackets(ascii: UnsafeBufferPointer(rebasing: buffer[trimmed]))
        }
        return direct ?? withoutBrackets(headers.text(of: range))
    }

    /// ``withoutBrackets(_:)`` of ASCII text without carriage returns.
    private static func withoutBrackets(ascii utf8: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        while start < utf8.count, utf8[start] == 0x3C || utf8[start] == 0x20 { start += 1 }
        var end = start
        while end < utf8.count, utf8[end] != 0x3E { end += 1 }
        while end > start, utf8[end - 1] == 0x20 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self)
    }

    /// `"<abc@example.org>"` → `"abc@example.org"`.
    static func withoutBrackets(_ value: String) -> String {
        var copy = value
        // ASCII without carriage returns: every byte is one `Character`, so bytes are trimmed as characters are.
        let simple: String? = copy.withUTF8 { utf8 in
            for byte in utf8 where byte >= 0x80 || byte == 0x0D { return nil }
            return withoutBrackets(ascii: utf8)
        }
        if let simple { return simple }
        var text = Substring(value)
        while let first = text.first, first == "<" || first == " " { text = text.dropFirst() }
        if let close = text.firstIndex(of: ">") { text = text[..<close] }
        while let last = text.last, last == " " { text = text.dropLast() }
        return String(text)
    }
}

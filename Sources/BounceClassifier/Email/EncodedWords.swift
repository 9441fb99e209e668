/// Decodes RFC 2047 encoded-words (`=?UTF-8?B?...?=`, `=?iso-8859-1?Q?...?=`) in an unfolded header value.
/// White space between two adjacent encoded-words is dropped, as the RFC requires; malformed words stay as written.
enum EncodedWords {
    /// The header value `raw` (unfolded bytes) as text.
    static func decode(_ raw: [UInt8]) -> String {
        var result = ""
        var plainStart = 0
        var index = 0
        var lastWasWord = false
        while index + 1 < raw.count {
            guard raw[index] == 0x3D, raw[index + 1] == 0x3F, let word = parseWord(raw, at: index) else {
                index += 1
                continue
            }
            let between = raw[plainStart..<index]
            if !(lastWasWord && between.allSatisfy(Bytes.isBlank)) {
                result += Charset.decode(between, charset: nil)
            }
            result += word.text
            index = word.end
            plainStart = index
            lastWasWord = true
        }
        result += Charset.decode(raw[plainStart...], charset: nil)
        return result
    }

    /// Reads one encoded-word that starts at `start` (at `=?`).
    private static func parseWord(_ raw: [UInt8], at start: Int) -> (text: String, end: Int)? {
        var index = start + 2
        let charsetStart = index
        while index < raw.count, raw[index] != 0x3F, !Bytes.isSpace(raw[index]) { index += 1 }
        guard index + 2 < raw.count, raw[index] == 0x3F, raw[index + 2] == 0x3F else { return nil }
        var charset = String(decoding: raw[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        let encoding = Bytes.lower(raw[index + 1])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }
        let textStart = index + 3
        index = textStart
        while index + 1 < raw.count, !(raw[index] == 0x3F && raw[index + 1] == 0x3D) {
            if Bytes.isBlank(raw[index]) { return nil }
            index += 1
        }
        guard index + 1 < raw.count else { return nil }
        let payload = raw[textStart..<index]
        let decoded =
            encoding == 0x62
            ? TransferEncoding.base64(payload) : TransferEncoding.quotedPrintable(payload, underscoreIsSpace: true)
        return (Charset.decode(decoded[...], charset: charset), index + 2)
    }
}

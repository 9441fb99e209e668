/// How the classifier normalises the texts it copies into a result: the diagnostic (white space folded),
/// the recipient address (lower-cased, brackets and `mailto:` stripped) and the Message-ID (brackets stripped).
///
/// Each has a byte-level core, used directly by the canonical byte path (``CanonicalByteReader``), and a
/// `String` form for the other readers; both give the same text.
extension BounceClassifier {
    /// Trims the ends and folds runs of white space (folded lines, tabs) into one space.
    static func trimmed(_ text: String) -> String {
        text.withUTF8Bytes(folded) ?? text
    }

    /// The UTF-8 text `utf8` as ``trimmed(_:)`` returns it.
    static func trimmed(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        folded(utf8) ?? string(utf8)
    }

    /// Calls `body` with the UTF-8 text `utf8` as ``trimmed(_:)-(UnsafeBufferPointer<UInt8>)`` returns it, and with
    /// that text's UTF-8 bytes: `utf8` itself when trimming changes nothing (the usual case), so that they are
    /// not read back out of the new string. `utf8` must be valid UTF-8 for the two to agree.
    static func withTrimmed<Result>(
        _ utf8: UnsafeBufferPointer<UInt8>, _ body: (String, UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        guard var folded = folded(utf8) else { return body(string(utf8), utf8) }
        let copy = folded
        return folded.withUTF8 { body(copy, $0) }
    }

    /// The text of the UTF-8 bytes `utf8`, repaired as `String(decoding:as:)` repairs it. Text of at most 15
    /// bytes is built in place: held inline, it needs no allocation, and no validation pass when it is ASCII.
    static func string(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        guard utf8.count <= 15, let source = utf8.baseAddress else { return String(decoding: utf8, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: utf8.count) { out in
            // `out` has room for `utf8.count` bytes.
            guard let target = out.baseAddress else { return 0 }
            target.initialize(from: source, count: utf8.count)
            return utf8.count
        }
    }

    /// `utf8` trimmed with white space runs folded into one space, or `nil` when it needs no change.
    private static func folded(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        // Work is needed for a tab, line feed or carriage return, for a space at either end, and for two
        // spaces in a row; every such byte is at most 0x20, so other bytes cost one comparison.
        var needsWork = utf8.isEmpty || utf8[utf8.count - 1] == 0x20
        var previous: UInt8 = 0x20
        var start = 0
        if !needsWork, let base = UnsafeRawPointer(utf8.baseAddress) {
            // 8 bytes at a time while none is below 0x20 and no space follows a space; the bytes of the word
            // where that fails are read one by one below.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while start + 8 <= utf8.count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
                let control = (word &- ones &* 0x20) & ~word & highs
                // Exactly the bytes that are spaces, marked in their high bit.
                let notSpace = word ^ (ones &* 0x20)
                let spaces = ~(((notSpace & lows) &+ lows) | notSpace | lows)
                let afterSpace = spaces << 8 | (previous == 0x20 ? 0x80 : 0)
                if control | (spaces & afterSpace) != 0 { break }
                previous = UInt8(truncatingIfNeeded: word >> 56)
                start += 8
            }
        }
        if !needsWork {
            for byte in UnsafeBufferPointer(rebasing: utf8[start...]) {
                if byte <= 0x20,
                    byte == 0x09 || byte == 0x0A || byte == 0x0D || (byte == 0x20 && previous == 0x20)
                {
                    needsWork = true
                    break
                }
                previous = byte
            }
        }
        if !needsWork { return nil }
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

    /// Whether every byte is ASCII and none is a carriage return: then every byte is one `Character`, and
    /// trimming or comparing bytes gives what trimming or comparing characters gives.
    @inline(__always) private static func isSimpleASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        if let base = UnsafeRawPointer(utf8.baseAddress) {
            // 8 bytes at a time: a high bit set, or a zero byte where the word is XORed with carriage returns.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while start + 8 <= utf8.count {
                let word = base.loadUnaligned(fromByteOffset: start, as: UInt64.self)
                let returns = word ^ (ones &* 0x0D)
                if (word | (returns &- ones) & ~returns) & highs != 0 { return false }
                start += 8
            }
        }
        for byte in UnsafeBufferPointer(rebasing: utf8[start...]) where byte >= 0x80 || byte == 0x0D { return false }
        return true
    }

    /// `" <abc@host> "` → `"abc@host"`: Message-IDs compare equal whether or not a format keeps the brackets.
    static func normalizedMessageID(_ id: String) -> String? {
        if let simple = id.withUTF8Bytes(simpleMessageID) { return simple }
        var text = Substring(id)
        while let first = text.first, first == " " || first == "\t" || first == "<" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == ">" || last == "\r" || last == "\n" {
            text = text.dropLast()
        }
        return text.isEmpty ? nil : String(text)
    }

    /// The UTF-8 text `utf8` as ``normalizedMessageID(_:)-(String)`` returns it.
    static func normalizedMessageID(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        if let simple = simpleMessageID(utf8) { return simple }
        return normalizedMessageID(String(decoding: utf8, as: UTF8.self))
    }

    /// The normalised Message-ID of simple ASCII text (`.some(nil)` when nothing is left), or `nil` when the
    /// text is not simple ASCII and needs the `Character`-level reading.
    private static func simpleMessageID(_ utf8: UnsafeBufferPointer<UInt8>) -> String?? {
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
        return .some(string(UnsafeBufferPointer(rebasing: utf8[start..<end])))
    }

    /// `" <Jane.Doe@Example.COM>"` → `"jane.doe@example.com"`; also strips `mailto:` and `rfc822;`.
    public static func normalizedAddress(_ address: String) -> String {
        if let simple = address.withUTF8Bytes(simpleAddress) { return simple }
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

    /// The UTF-8 text `utf8` as ``normalizedAddress(_:)-(String)`` returns it.
    static func normalizedAddress(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        simpleAddress(utf8) ?? normalizedAddress(String(decoding: utf8, as: UTF8.self))
    }

    /// The normalised address of simple ASCII text, or `nil` when the text is not simple ASCII and needs the
    /// `Character`-level reading.
    private static func simpleAddress(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
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
            var index = start
            if let source = UnsafeRawPointer(utf8.baseAddress), let target = UnsafeMutableRawPointer(out.baseAddress) {
                // 8 bytes at a time; every byte is ASCII, so adding to one never carries into the next.
                let ones: UInt64 = 0x0101_0101_0101_0101
                while index + 8 <= end {
                    let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    // The high bit of each byte from 'A' (0x41) up, cleared again for each byte above 'Z'.
                    let upper = (word &+ ones &* 0x3F) & ~(word &+ ones &* 0x25) & (ones &* 0x80)
                    target.storeBytes(of: word | upper >> 2, toByteOffset: index - start, as: UInt64.self)
                    index += 8
                }
            }
            while index < end {
                let byte = utf8[index]
                out[index - start] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                index += 1
            }
            return end - start
        }
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

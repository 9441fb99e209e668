/// Small byte-level helpers shared by the email readers: ASCII case folding, white space tests, line walking
/// and case-insensitive search. Everything here is a linear scan over `[UInt8]`.
enum Bytes {
    /// `byte` lower-cased if it is an ASCII capital letter.
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether `token`, lower-cased, starts with `name` (given in lower case).
    static func startsLowered(_ token: UnsafeBufferPointer<UInt8>, with name: String) -> Bool {
        guard token.count >= name.utf8.count else { return false }
        var position = 0
        for byte in name.utf8 {
            if lower(token[position]) != byte { return false }
            position += 1
        }
        return true
    }

    /// Whether `byte` is a space or a tab.
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Whether `byte` is a space, tab, CR or LF.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Whether `byte` is an ASCII digit.
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether `byte` is an ASCII letter.
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// The end of the line starting at `start` (the index of its LF, or `end`), and the index of the next line.
    @inline(__always) static func line(in bytes: [UInt8], from start: Int, end: Int) -> (contentEnd: Int, next: Int) {
        bytes.withUnsafeBufferPointer { ByteSearch.line(in: $0, from: start, end: end) }
    }

    /// `range` of `bytes` without leading and trailing white space.
    static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Whether `bytes[at...]` starts with `prefix` ignoring ASCII case (`prefix` must be lower-case).
    @inline(__always) static func hasPrefix(_ bytes: [UInt8], at index: Int, end: Int, _ prefix: [UInt8]) -> Bool {
        guard index >= 0, end - index >= prefix.count else { return false }
        var offset = 0
        while offset < prefix.count {
            if lower(bytes[index + offset]) != prefix[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The first index of `needle` (lower-case) in `bytes[range]`, ignoring ASCII case.
    ///
    /// A needle with a byte that is not a letter is found by searching for that byte (case plays no part in
    /// it) a word at a time and comparing the needle around each hit.
    static func find(_ needle: [UInt8], in bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard let first = needle.first, range.count >= needle.count else { return nil }
        let last = range.upperBound - needle.count
        if let anchor = anchorOffset(needle) {
            return bytes.withUnsafeBufferPointer { buffer in
                needle.withUnsafeBufferPointer { needle in
                    let target = needle[anchor]
                    let stop = last + anchor + 1
                    var from = range.lowerBound + anchor
                    while from < stop {
                        let hit = ByteSearch.index(of: target, in: buffer, from: from, to: stop)
                        if hit >= stop { return nil }
                        if hasPrefix(buffer, at: hit - anchor, needle) { return hit - anchor }
                        from = hit + 1
                    }
                    return nil
                }
            }
        }
        let upper = first >= 0x61 && first <= 0x7A ? first - 0x20 : first
        var index = range.lowerBound
        while index <= last {
            let byte = bytes[index]
            if byte == first || byte == upper, hasPrefix(bytes, at: index, end: range.upperBound, needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The offset in `needle` of the byte to search for first: the last byte that is neither a letter nor white
    /// space, else the last space; `nil` when every byte is a letter.
    private static func anchorOffset(_ needle: [UInt8]) -> Int? {
        var space: Int?
        for offset in needle.indices.reversed() {
            let byte = needle[offset]
            if isLetter(byte) { continue }
            if isSpace(byte) {
                if space == nil { space = offset }
                continue
            }
            return offset
        }
        return space
    }

    /// Whether `buffer` holds `needle` (lower-case) at `index`, ignoring ASCII case; the caller ensures that
    /// `needle` fits.
    @inline(__always)
    static func hasPrefix(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, _ needle: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        var offset = 0
        while offset < needle.count {
            if lower(buffer[index + offset]) != needle[offset] { return false }
            offset += 1
        }
        return true
    }

    /// A lower-cased copy of `bytes[range]`.
    static func lowercased(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        for index in range { out.append(lower(bytes[index])) }
        return out
    }

    /// `bytes[range]` as text, decoded as UTF-8 when valid and as Latin-1 otherwise.
    static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        Charset.decode(bytes[range], charset: nil)
    }

    /// Whether `text` lower-cased contains one of `phrases` (lower-case): the answer of
    /// `phrases.contains(where: text.lowercased().contains)`. When `text` is ASCII without carriage returns, every
    /// byte is one `Character` and lower-casing is ASCII lower-casing, so the bytes are compared in place;
    /// otherwise (or for an empty phrase) the characters are compared as that expression does.
    static func lowercasedContainsAny(_ text: String, _ phrases: [String]) -> Bool {
        var copy = text
        let simple: Bool? = copy.withUTF8 { haystack in
            for byte in haystack where byte >= 0x80 || byte == 0x0D { return nil }
            for phrase in phrases {
                let found = phrase.utf8.withContiguousStorageIfAvailable { needle -> Bool? in
                    needle.isEmpty ? nil : containsLowered(haystack, needle)
                }
                switch found {
                case .some(.some(true)): return true
                case .some(.some(false)): continue
                default: return nil
                }
            }
            return false
        }
        if let simple { return simple }
        var lowered = text.lowercased()
        // A phrase of lower-case ASCII without `;` and `` ` `` can only match characters that are exactly its
        // own scalars (no other character is canonically equivalent to one of them), so it is found by the
        // characters only if its bytes occur in the lowered text's UTF-8; only such phrases are compared as
        // characters.
        let candidates = lowered.withUTF8 { haystack in
            phrases.filter { phrase in
                let found = phrase.utf8.withContiguousStorageIfAvailable { needle -> Bool in
                    for byte in needle
                    where byte >= 0x80 || byte == 0x3B || byte == 0x60 || (byte >= 0x41 && byte <= 0x5A) {
                        return true
                    }
                    return needle.isEmpty || containsLowered(haystack, needle)
                }
                return found ?? true
            }
        }
        return candidates.contains(where: lowered.contains)
    }

    /// Whether `haystack` ASCII lower-cased contains `needle` (not empty).
    private static func containsLowered(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        let lastStart = haystack.count - needle.count
        if first >= 0x61 && first <= 0x7A {
            // A small letter: its places (either case) are found sixteen bytes at a time.
            var from = 0
            while from <= lastStart {
                let start = ByteSearch.index(
                    ofLetter: first, orLetter: first, in: haystack, from: from, to: lastStart + 1)
                if start > lastStart { return false }
                var offset = 1
                while offset < needle.count, lower(haystack[start + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
                from = start + 1
            }
            return false
        }
        for start in 0...lastStart where lower(haystack[start]) == first {
            var offset = 1
            while offset < needle.count, lower(haystack[start + offset]) == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }
}

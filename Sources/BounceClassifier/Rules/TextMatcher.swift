/// Matches ``TextRules`` against diagnostic text: lower-cases the text once (ASCII), then tries the reasons
/// in order. Work is bounded: at most ``maximumTextLength`` bytes of text are read.
struct TextMatcher: Sendable {
    /// A compiled pattern: its parts, which must appear in this order.
    private struct Pattern: Sendable {
        let parts: [[UInt8]]
        /// The byte pairs (`first << 8 | second`) inside the parts: a pattern whose pairs are not all in the
        /// text cannot match, which rules most patterns out without scanning.
        let pairs: [Int]

        init(parts: [[UInt8]]) {
            self.parts = parts
            var pairs = Set<Int>()
            for part in parts where part.count >= 2 {
                for index in 1..<part.count { pairs.insert(Int(part[index - 1]) << 8 | Int(part[index])) }
            }
            self.pairs = Array(pairs)
        }
    }

    /// The set of byte pairs present in a text, as a 65,536-bit map.
    private struct PairSet {
        var words = [UInt64](repeating: 0, count: 1024)

        init(_ text: UnsafeBufferPointer<UInt8>) {
            guard text.count >= 2 else { return }
            for index in 1..<text.count {
                let pair = Int(text[index - 1]) << 8 | Int(text[index])
                words[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }

        @inline(__always) func contains(_ pair: Int) -> Bool { words[pair >> 6] & (1 << UInt64(pair & 63)) != 0 }
    }

    /// How much of a diagnostic the matcher reads.
    static let maximumTextLength = 2048

    private let rules: [(reason: BounceReason, patterns: [Pattern])]

    /// The matcher over the built-in ``TextRules``.
    static let standard = TextMatcher(rules: TextRules.ordered)

    /// A matcher for the ``BounceReason/userunknown`` patterns that name the recipient as invalid at any stage
    /// (all but ``TextRules/stageDependentUserUnknown``).
    static let recipientNamedInvalid = TextMatcher(
        rules: TextRules.ordered.filter { $0.reason == .userunknown }.map { rule in
            (rule.reason, rule.patterns.filter { !TextRules.stageDependentUserUnknown.contains($0) })
        })

    init(rules: [(reason: BounceReason, patterns: [String])]) {
        self.rules = rules.map { rule in
            (
                rule.reason,
                rule.patterns.map { pattern in
                    Pattern(
                        parts: pattern.split(separator: "*").map { Array($0.utf8) }.filter { !$0.isEmpty })
                }
            )
        }
    }

    /// The first reason whose pattern occurs in `text`, or `nil`.
    func reason(for text: String) -> BounceReason? {
        let lowered = TextMatcher.lowercasedASCII(text)
        if lowered.isEmpty { return nil }
        return lowered.withUnsafeBufferPointer { haystack in
            let present = PairSet(haystack)
            for rule in rules {
                for pattern in rule.patterns
                where pattern.pairs.allSatisfy(present.contains) && TextMatcher.matches(pattern.parts, in: haystack) {
                    return rule.reason
                }
            }
            return nil
        }
    }

    /// Every reason with a pattern that occurs in `text`, in rule order (the first is ``reason(for:)``).
    func reasons(for text: String) -> [BounceReason] {
        let lowered = TextMatcher.lowercasedASCII(text)
        if lowered.isEmpty { return [] }
        return lowered.withUnsafeBufferPointer { haystack in
            let present = PairSet(haystack)
            var found: [BounceReason] = []
            for rule in rules
            where rule.patterns.contains(where: {
                $0.pairs.allSatisfy(present.contains) && TextMatcher.matches($0.parts, in: haystack)
            }) {
                found.append(rule.reason)
            }
            return found
        }
    }

    /// The patterns of `reason` that occur in `text` (for explanations).
    func matchingPatterns(of reason: BounceReason, in text: String) -> [String] {
        let lowered = TextMatcher.lowercasedASCII(text)
        guard let rule = rules.first(where: { $0.reason == reason }) else { return [] }
        return lowered.withUnsafeBufferPointer { haystack in
            rule.patterns.filter { TextMatcher.matches($0.parts, in: haystack) }.map {
                $0.parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "*")
            }
        }
    }

    static func lowercasedASCII(_ text: String) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(min(text.utf8.count, maximumTextLength))
        var lastWasSpace = true
        // Email addresses are dropped: a local part such as "spam@" or "filtered@" is not a diagnosis.
        var tokenStart = 0
        var tokenHasAt = false
        for byte in text.utf8.prefix(maximumTextLength) {
            // Fold white space runs (folded lines, tabs) into one space.
            let endsToken =
                byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x3C || byte == 0x3E
                || byte == 0x28 || byte == 0x29 || byte == 0x5B || byte == 0x5D || byte == 0x22 || byte == 0x27
                || byte == 0x2C || byte == 0x3B
            if endsToken {
                if tokenHasAt { bytes.removeSubrange(tokenStart...) }
                tokenHasAt = false
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !lastWasSpace, !bytes.isEmpty { bytes.append(0x20) }
                lastWasSpace = true
                tokenStart = bytes.count
                continue
            }
            lastWasSpace = false
            if endsToken {
                bytes.append(byte)
                tokenStart = bytes.count
                continue
            }
            if byte == 0x40 { tokenHasAt = true }
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        if tokenHasAt { bytes.removeSubrange(tokenStart...) }
        return bytes
    }

    private static func matches(_ parts: [[UInt8]], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        for part in parts {
            guard let found = find(part, in: haystack, from: from) else { return false }
            from = found + part.count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let count = needle.count
        guard count > 0, haystack.count - from >= count else { return nil }
        let first = needle[0]
        var index = from
        let last = haystack.count - count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < count, haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == count { return index }
            }
            index += 1
        }
        return nil
    }
}

/// Matches ``TextRules`` against diagnostic text: lower-cases the text once (ASCII, addresses dropped), then
/// reads it in one pass through a ``PhraseAutomaton`` built from every phrase of the tables. Work is bounded:
/// at most ``maximumTextLength`` bytes of text are read.
///
/// The automaton finds the parts of every pattern (a pattern `"a * b"` has the parts `a` and `b`); the rules
/// are then read from what was found in their documented order: the first rule with a matching pattern wins.
/// A pattern of several parts matches when its parts occur in order without overlapping: for two parts, when
/// the first occurrence of the first part ends at or before the last occurrence of the second part starts;
/// longer patterns are checked on the text once all their parts were seen.
final class TextMatcher: Sendable {
    /// A pattern of several parts (they must appear in this order).
    private struct OrderedPattern: Sendable {
        /// The index of the pattern's rule; ``TextMatcher/namedInvalidBit`` is set too when ``namesInvalid``.
        let rule: Int
        let namesInvalid: Bool
        /// The ids of the parts in the automaton.
        let parts: [Int]
        /// The parts' bytes, for patterns of three or more parts.
        let bytes: [[UInt8]]
    }

    /// How much of a diagnostic the matcher reads.
    static let maximumTextLength = 2048

    /// What one text matched.
    struct Matches: Sendable {
        /// The reason of the first rule with a matching pattern, in rule order (``reason(for:)``).
        var first: BounceReason?
        /// The reason of the first matching phrase among the leading ``TextMatcher/init(rules:specificCount:)``
        /// rules (``TextRules/specific``), if any matched.
        var specific: BounceReason?
        /// The first matching reason, in rule order, that ``TextRules/overrideDeadAddressCode`` lists.
        var firstOverridingDeadAddress: BounceReason?
        /// Whether a ``BounceReason/userunknown`` pattern of ``TextRules/ordered`` that names the recipient or
        /// mailbox as invalid at any stage (not one of ``TextRules/stageDependentUserUnknown``) matched.
        var namesRecipientInvalid = false
    }

    /// The reason of each rule, in order.
    private let reasons: [BounceReason]
    /// Whether each rule's reason is one of ``TextRules/overrideDeadAddressCode``.
    private let overrides: [Bool]
    /// How many of the leading rules are ``TextRules/specific`` phrases.
    private let specificCount: Int
    /// The patterns as written, per rule (for explanations).
    private let written: [[String]]
    /// The automaton over every distinct part of every pattern.
    private let automaton: PhraseAutomaton
    /// How many 64-bit words hold one bit per rule and ``namedInvalidBit``.
    private let words: Int
    /// For each part, `words` words: the bits a single-part pattern made of it sets (rule indices and
    /// ``namedInvalidBit``).
    private let partMasks: [UInt64]
    /// For each part: its index among the parts that patterns of several parts use, or -1.
    private let partSlot: [Int]
    /// The patterns of several parts.
    private let orderedPatterns: [OrderedPattern]
    /// The slots of each pattern of several parts, one after the other, starting at ``orderedSlotStart``.
    private let orderedSlots: [Int]
    /// Where each pattern's slots start in ``orderedSlots`` (one entry per pattern, plus the end).
    private let orderedSlotStart: [Int]
    /// The bit that stands for ``Matches/namesRecipientInvalid``: one past the last rule.
    private let namedInvalidBit: Int
    /// How many parts patterns of several parts use.
    private let slotCount: Int
    /// The bits of patterns with no text, which match any non-empty text (`words` words).
    private let alwaysMask: [UInt64]

    /// The matcher over the built-in ``TextRules``: the specific phrases, then the ordered rules.
    static let standard = TextMatcher(
        rules: TextRules.specific + TextRules.ordered, specificCount: TextRules.specific.count)

    /// Compiles `rules`; the leading `specificCount` are ``TextRules/specific`` phrases. A rule after them whose
    /// reason is ``BounceReason/userunknown`` names the recipient as invalid with each of its patterns that is
    /// not one of ``TextRules/stageDependentUserUnknown``.
    init(rules: [(reason: BounceReason, patterns: [String])], specificCount: Int = 0) {
        self.specificCount = specificCount
        reasons = rules.map(\.reason)
        overrides = rules.map { TextRules.overrideDeadAddressCode.contains($0.reason) }
        written = rules.map(\.patterns)
        namedInvalidBit = rules.count

        var partIDs: [[UInt8]: Int] = [:]
        var parts: [[UInt8]] = []
        var bits: [[Int]] = []
        var slots: [Int] = []
        var slotCount = 0
        var ordered: [OrderedPattern] = []
        var always: [Int] = []
        func partID(_ bytes: [UInt8]) -> Int {
            if let id = partIDs[bytes] { return id }
            partIDs[bytes] = parts.count
            parts.append(bytes)
            bits.append([])
            slots.append(-1)
            return parts.count - 1
        }
        for (index, rule) in rules.enumerated() {
            for pattern in rule.patterns {
                let namesInvalid =
                    index >= specificCount && rule.reason == .userunknown
                    && !TextRules.stageDependentUserUnknown.contains(pattern)
                let split = pattern.split(separator: "*").map { Array($0.utf8) }.filter { !$0.isEmpty }
                // A pattern with no text matches every non-empty text.
                guard let first = split.first else {
                    always.append(index)
                    if namesInvalid { always.append(rules.count) }
                    continue
                }
                if split.count == 1 {
                    let id = partID(first)
                    bits[id].append(index)
                    if namesInvalid { bits[id].append(rules.count) }
                    continue
                }
                let ids = split.map(partID)
                for id in ids where slots[id] < 0 {
                    slots[id] = slotCount
                    slotCount += 1
                }
                ordered.append(
                    OrderedPattern(
                        rule: index, namesInvalid: namesInvalid, parts: ids, bytes: split.count > 2 ? split : []))
            }
        }
        automaton = PhraseAutomaton(patterns: parts)
        let words = (rules.count + 64) / 64
        self.words = words
        var masks = [UInt64](repeating: 0, count: parts.count * words)
        for (part, partBits) in bits.enumerated() {
            for bit in partBits { masks[part * words + (bit >> 6)] |= 1 << UInt64(bit & 63) }
        }
        partMasks = masks
        var alwaysMask = [UInt64](repeating: 0, count: words)
        for bit in always { alwaysMask[bit >> 6] |= 1 << UInt64(bit & 63) }
        self.alwaysMask = alwaysMask
        partSlot = slots
        orderedPatterns = ordered
        orderedSlots = ordered.flatMap { $0.parts.map { slots[$0] } }
        var starts = [0]
        for pattern in ordered { starts.append(starts[starts.count - 1] + pattern.parts.count) }
        orderedSlotStart = starts
        self.slotCount = slotCount
    }

    /// The first reason whose pattern occurs in `text`, or `nil`.
    func reason(for text: String) -> BounceReason? { matches(in: text).first }

    /// What `text` matched: the first reason, the specific phrase's reason, the first reason that overrides a
    /// dead-address code, and whether the recipient is named as invalid.
    func matches(in text: String) -> Matches {
        text.withUTF8Bytes { matches(inUTF8: $0) }
    }

    /// What the UTF-8 text `utf8` matched, as ``matches(in:)`` reads a string.
    func matches(inUTF8 utf8: UnsafeBufferPointer<UInt8>) -> Matches {
        // At most one lowered byte per input byte.
        let capacity = min(utf8.count, Self.maximumTextLength)
        if capacity == 0 { return Matches() }
        let input = UnsafeBufferPointer(rebasing: utf8.prefix(capacity))
        // Most diagnostics need no more lowering than the automaton does in passing (no address, no tab or
        // line break); the others are lowered into a buffer first.
        if let matched = collect(lowered: nil, { automaton.scanLowering(input, $0) }) { return matched }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let lowered = UnsafeBufferPointer(rebasing: buffer.prefix(Self.lowercase(input, into: buffer)))
            let matched = collect(lowered: lowered) { report in
                automaton.scan(lowered, report)
                return lowered.count
            }
            return matched ?? Matches()  // never nil: `lowered` is at hand
        }
    }

    /// What one scan of a lowered text matched. `scan` feeds the lowered text through the automaton, reporting
    /// each part found and where it ends, and returns the lowered text's length, or `nil` when it could not
    /// lower the text in passing. `lowered` is the lowered text when the caller has it.
    /// - Returns: `nil` when `scan` returned `nil`, or when a pattern of three or more parts must be checked and
    ///   `lowered` is `nil`.
    private func collect(
        lowered: UnsafeBufferPointer<UInt8>?, _ scan: ((_ part: Int, _ end: Int) -> Void) -> Int?
    ) -> Matches? {
        let words = words
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { found in
            alwaysMask.withUnsafeBufferPointer { always in
                for word in 0..<words { found[word] = always[word] }
            }
            // Per part of a several-part pattern: where its first occurrence ends, where its last one starts.
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, slotCount * 2)) { positions in
                positions.initialize(repeating: -1)
                var sawSlot = false
                let length = partMasks.withUnsafeBufferPointer { masks in
                    partSlot.withUnsafeBufferPointer { partSlot in
                        automaton.lengths.withUnsafeBufferPointer { lengths in
                            scan { part, end in
                                // In bounds: `part` is an automaton pattern id, below the number of parts.
                                let base = part &* words
                                for word in 0..<words { found[word] |= masks[base &+ word] }
                                let slot = partSlot[part]
                                if slot >= 0 {
                                    sawSlot = true
                                    if positions[slot &* 2] < 0 { positions[slot &* 2] = end }
                                    positions[slot &* 2 &+ 1] = end &- lengths[part]
                                }
                            }
                        }
                    }
                }
                guard let length else { return nil }
                if length == 0 { return Matches() }
                if sawSlot {
                    guard matchOrderedPatterns(in: lowered, positions: positions, found: found) else { return nil }
                }
                return decode(found)
            }
        }
    }

    /// Sets the bits of the patterns of several parts whose parts occur in order, given where each part
    /// occurred.
    /// - Returns: `false` when a pattern of three or more parts needed `lowered` and it is `nil`.
    private func matchOrderedPatterns(
        in lowered: UnsafeBufferPointer<UInt8>?, positions: UnsafeMutableBufferPointer<Int>,
        found: UnsafeMutableBufferPointer<UInt64>
    ) -> Bool {
        orderedSlots.withUnsafeBufferPointer { slots in
            orderedSlotStart.withUnsafeBufferPointer { starts in
                for index in 0..<orderedPatterns.count {
                    let first = starts[index]
                    let end = starts[index + 1]
                    var allSeen = true
                    for slot in slots[first..<end] where positions[slot * 2] < 0 {
                        allSeen = false
                        break
                    }
                    guard allSeen else { continue }
                    let pattern = orderedPatterns[index]
                    let matched: Bool
                    if end - first == 2 {
                        matched = positions[slots[first] * 2] <= positions[slots[first + 1] * 2 + 1]
                    } else {
                        guard let lowered else { return false }
                        matched = TextMatcher.matches(pattern.bytes, in: lowered)
                    }
                    guard matched else { continue }
                    found[pattern.rule >> 6] |= 1 << UInt64(pattern.rule & 63)
                    if pattern.namesInvalid { found[namedInvalidBit >> 6] |= 1 << UInt64(namedInvalidBit & 63) }
                }
                return true
            }
        }
    }

    /// The matches that the set bits of `found` stand for.
    private func decode(_ found: UnsafeMutableBufferPointer<UInt64>) -> Matches {
        var result = Matches()
        let ruleCount = reasons.count
        for word in 0..<words {
            var bits = found[word]
            while bits != 0 {
                let rule = word << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                guard rule < ruleCount else { break }
                let reason = reasons[rule]
                if result.first == nil { result.first = reason }
                if rule < specificCount, result.specific == nil { result.specific = reason }
                if overrides[rule], result.firstOverridingDeadAddress == nil {
                    result.firstOverridingDeadAddress = reason
                }
            }
        }
        result.namesRecipientInvalid = found[namedInvalidBit >> 6] & (1 << UInt64(namedInvalidBit & 63)) != 0
        return result
    }

    /// The patterns of `reason` that occur in `text` (for explanations).
    func matchingPatterns(of reason: BounceReason, in text: String) -> [String] {
        let lowered = TextMatcher.lowercasedASCII(text)
        return lowered.withUnsafeBufferPointer { haystack in
            zip(reasons, written).filter { $0.0 == reason }.flatMap(\.1).filter { pattern in
                let parts = pattern.split(separator: "*").map { Array($0.utf8) }.filter { !$0.isEmpty }
                return TextMatcher.matches(parts, in: haystack)
            }.map {
                $0.split(separator: "*").filter { !$0.isEmpty }.joined(separator: "*")
            }
        }
    }

    /// The text as the matcher reads it: at most ``maximumTextLength`` bytes, ASCII lower-cased, white space runs
    /// folded into one space, email addresses dropped.
    static func lowercasedASCII(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8.prefix(maximumTextLength))
        var bytes = [UInt8](repeating: 0, count: utf8.count)
        let count = utf8.withUnsafeBufferPointer { input in
            bytes.withUnsafeMutableBufferPointer { lowercase(input, into: $0) }
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Lowers `input` into `output` (at least as long as `input`) as ``lowercasedASCII(_:)`` describes; returns
    /// how many bytes were written.
    static func lowercase(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        plainLowered.withUnsafeBufferPointer { lowercase(input, into: output, table: $0) }
    }

    /// ``lowercase(_:into:)`` with ``plainLowered`` at hand.
    private static func lowercase(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
        table: UnsafeBufferPointer<UInt8>
    ) -> Int {
        // Each input byte writes at most one output byte, so `count` stays within `output`.
        var count = 0
        var lastWasSpace = true
        // Email addresses are dropped: a local part such as "spam@" or "filtered@" is not a diagnosis.
        var tokenStart = 0
        var tokenHasAt = false
        // `table` has an entry for every byte value.
        for byte in input {
            // Neither white space, nor a token end, nor '@' (letters, digits, most punctuation, non-ASCII).
            let plain = table[Int(byte)]
            if plain != 0 {
                lastWasSpace = false
                output[count] = plain
                count += 1
                continue
            }
            // Fold white space runs (folded lines, tabs) into one space.
            let endsToken =
                byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x3C || byte == 0x3E
                || byte == 0x28 || byte == 0x29 || byte == 0x5B || byte == 0x5D || byte == 0x22 || byte == 0x27
                || byte == 0x2C || byte == 0x3B
            if endsToken {
                if tokenHasAt { count = tokenStart }
                tokenHasAt = false
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !lastWasSpace, count > 0 {
                    output[count] = 0x20
                    count += 1
                }
                lastWasSpace = true
                tokenStart = count
                continue
            }
            lastWasSpace = false
            if endsToken {
                output[count] = byte
                count += 1
                tokenStart = count
                continue
            }
            if byte == 0x40 { tokenHasAt = true }
            output[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            count += 1
        }
        if tokenHasAt { count = tokenStart }
        return count
    }

    /// For each byte value: what ``lowercase(_:into:)`` writes for it when it is plain text (its ASCII lower
    /// case), or 0 when it is white space, a token end, `@` or NUL and needs the full reading. Lives as long
    /// as the program.
    private static let plainLowered: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case 0x00, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x27, 0x28, 0x29, 0x2C, 0x3B, 0x3C, 0x3E, 0x40, 0x5B, 0x5D: return 0
        default: return byte &- 0x41 < 26 ? byte | 0x20 : byte
        }
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

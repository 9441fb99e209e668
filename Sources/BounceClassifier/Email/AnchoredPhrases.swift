/// Finds the first occurrence of each of a set of lower-case phrases (ignoring ASCII case) without looking at
/// every byte closely: each phrase is tied to a keyword it contains, and only the places where the keyword's
/// least common letter occurs (found a word at a time) are compared. Phrases that contain no keyword are searched for
/// one by one.
struct AnchoredPhrases: Sendable {
    /// One phrase tied to a keyword: the phrase's index and where the keyword starts in it, and eight bytes of
    /// the phrase beside the keyword to compare in one step before the whole phrase is.
    private struct Anchor: Sendable {
        let phrase: Int
        let offset: Int
        /// The phrase's length.
        let length: Int
        /// Where the eight bytes start in the phrase, or -1 when the phrase is shorter than eight bytes.
        let window: Int
        /// The eight bytes, lower-case, first byte lowest.
        let value: UInt64
        /// 0x20 at each of the eight bytes that is a letter: OR-ed into text bytes, it lower-cases exactly those
        /// letters; any other byte is compared as it is (``Bytes/lower(_:)`` changes only letters).
        let caseBits: UInt64

        init(phrase: Int, offset: Int, bytes: [UInt8], keywordLength: Int) {
            self.phrase = phrase
            self.offset = offset
            length = bytes.count
            // Prefer the bytes before the keyword, then those after it: they tell the phrases apart.
            var window = -1
            if offset >= 8 {
                window = offset - 8
            } else if bytes.count - (offset + keywordLength) >= 8 {
                window = offset + keywordLength
            } else if bytes.count >= 8 {
                window = 0
            }
            var value: UInt64 = 0
            var caseBits: UInt64 = 0
            if window >= 0 {
                for position in 0..<8 {
                    let byte = bytes[window + position]
                    value |= UInt64(byte) << (8 * position)
                    if Bytes.isLetter(byte) { caseBits |= 0x20 << (8 * position) }
                }
            }
            self.window = window
            self.value = value
            self.caseBits = caseBits
        }
    }

    /// Anchors of one keyword whose eight bytes are the same bytes at the same place around the keyword: they are
    /// compared once for all of them. Anchors without such bytes form groups of their own that always pass.
    private struct Group: Sendable {
        /// Where the eight bytes start, counted from the keyword's start, or `nil` when there are none.
        let window: Int?
        /// The eight bytes and their case bits (as in ``Anchor``).
        let value: UInt64
        let caseBits: UInt64
        /// The anchors, in phrase order.
        var members: [Anchor]
    }

    /// One keyword ready to be compared at a hit: its searched letter and where that letter is in it, and for a
    /// keyword of at most eight bytes its bytes as one word, to compare in one step.
    private struct Probe: Sendable {
        /// The letter searched for (lower-case), and its offset in the keyword.
        let letter: UInt8
        let letterOffset: Int
        /// The keyword's length.
        let length: Int
        /// The keyword's bytes, first byte lowest (zero when it is longer than eight bytes).
        let value: UInt64
        /// 0x20 at each byte of the keyword that is a letter (see ``Anchor/caseBits``).
        let caseBits: UInt64
        /// 0xFF at each byte the keyword covers.
        let mask: UInt64

        init(keyword: [UInt8], letterOffset: Int) {
            letter = keyword.isEmpty ? 0 : keyword[letterOffset]
            self.letterOffset = letterOffset
            length = keyword.count
            var value: UInt64 = 0
            var caseBits: UInt64 = 0
            var mask: UInt64 = 0
            if keyword.count <= 8 {
                for (position, byte) in keyword.enumerated() {
                    value |= UInt64(byte) << (8 * position)
                    if Bytes.isLetter(byte) { caseBits |= 0x20 << (8 * position) }
                    mask |= 0xFF << (8 * position)
                }
            }
            self.value = value
            self.caseBits = caseBits
            self.mask = mask
        }
    }

    /// The phrases, lower-case.
    let phrases: [[UInt8]]
    /// The keywords, lower-case.
    private let keywords: [[UInt8]]
    /// For each keyword, the offset of the letter searched for: its least common letter in English text.
    private let letterOffsets: [Int]
    /// For each keyword, the phrases tied to it, grouped by the bytes they are first compared on.
    private let groups: [[Group]]
    /// Phrases that contain no keyword.
    private let unanchored: [Int]
    /// The two keywords' probes, when there are two keywords whose searched bytes are letters (the one case
    /// searched a word at a time).
    private let probes: (Probe, Probe)?

    /// Letters from least to most common in English text.
    private static let letterRarity = Array("zqxjkvbpygfwmucldrhsnioate".utf8)

    /// Ties each of `phrases` to the first of `keywords` (lower-case) it contains.
    init(phrases: [[UInt8]], keywords: [[UInt8]]) {
        self.phrases = phrases
        self.keywords = keywords
        let letterOffsets = keywords.map { keyword in
            let rank = { (byte: UInt8) in Self.letterRarity.firstIndex(of: byte) ?? Self.letterRarity.count }
            return keyword.indices.min { rank(keyword[$0]) < rank(keyword[$1]) } ?? 0
        }
        self.letterOffsets = letterOffsets
        var anchors = [[Anchor]](repeating: [], count: keywords.count)
        var unanchored: [Int] = []
        for (phrase, bytes) in phrases.enumerated() {
            let tie = keywords.indices.lazy.compactMap { keyword in
                Bytes.find(keywords[keyword], in: bytes, 0..<bytes.count).map { (keyword, $0) }
            }.first
            if let (keyword, offset) = tie {
                anchors[keyword].append(
                    Anchor(phrase: phrase, offset: offset, bytes: bytes, keywordLength: keywords[keyword].count))
            } else {
                unanchored.append(phrase)
            }
        }
        groups = anchors.map { anchors in
            var groups: [Group] = []
            for anchor in anchors {
                let window = anchor.window >= 0 ? anchor.window - anchor.offset : nil
                if let window,
                    let index = groups.firstIndex(where: {
                        $0.window == window && $0.value == anchor.value && $0.caseBits == anchor.caseBits
                    })
                {
                    groups[index].members.append(anchor)
                } else {
                    groups.append(
                        Group(window: window, value: anchor.value, caseBits: anchor.caseBits, members: [anchor]))
                }
            }
            return groups
        }
        self.unanchored = unanchored
        let built = keywords.indices.map { Probe(keyword: keywords[$0], letterOffset: letterOffsets[$0]) }
        if built.count == 2, Bytes.isLetter(built[0].letter), Bytes.isLetter(built[1].letter) {
            probes = (built[0], built[1])
        } else {
            probes = nil
        }
    }

    /// The start of each phrase's first occurrence in `text`, or -1, in phrase order.
    func firstStarts(in text: [UInt8]) -> [Int] {
        var starts = [Int](repeating: -1, count: phrases.count)
        for phrase in unanchored {
            starts[phrase] = Bytes.find(phrases[phrase], in: text, 0..<text.count) ?? -1
        }
        guard let (first, second) = probes else {
            for phrase in phrases.indices where starts[phrase] < 0 {
                starts[phrase] = Bytes.find(phrases[phrase], in: text, 0..<text.count) ?? -1
            }
            return starts
        }
        text.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let hit = ByteSearch.index(
                    ofLetter: first.letter, orLetter: second.letter, in: buffer, from: index, to: buffer.count)
                if hit >= buffer.count { break }
                let letter = Bytes.lower(buffer[hit])
                if letter == first.letter, let keywordStart = keywordStart(first, hit, keyword: 0, in: buffer) {
                    match(groups[0], keywordStart, in: buffer, &starts)
                }
                if letter == second.letter, let keywordStart = keywordStart(second, hit, keyword: 1, in: buffer) {
                    match(groups[1], keywordStart, in: buffer, &starts)
                }
                index = hit + 1
            }
        }
        return starts
    }

    /// Where keyword `keyword` (described by `probe`) starts when its searched letter is at `hit`, if it occurs
    /// there.
    @inline(__always)
    private func keywordStart(_ probe: Probe, _ hit: Int, keyword: Int, in buffer: UnsafeBufferPointer<UInt8>)
        -> Int?
    {
        let start = hit - probe.letterOffset
        guard start >= 0, start + probe.length <= buffer.count else { return nil }
        if probe.length <= 8, start + 8 <= buffer.count, let base = buffer.baseAddress {
            // In bounds: eight bytes from `start` lie inside the text.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            return (word | probe.caseBits) & probe.mask == probe.value ? start : nil
        }
        return keywords[keyword].withUnsafeBufferPointer { Bytes.hasPrefix(buffer, at: start, $0) } ? start : nil
    }

    /// Records the phrases of `groups` not yet found that occur around the keyword at `keywordStart`.
    @inline(__always)
    private func match(
        _ groups: [Group], _ keywordStart: Int, in buffer: UnsafeBufferPointer<UInt8>, _ starts: inout [Int]
    ) {
        guard let base = buffer.baseAddress else { return }
        for group in groups {
            if let window = group.window {
                let windowStart = keywordStart + window
                // A phrase of the group fits in the text only where its eight bytes do.
                guard windowStart >= 0, windowStart + 8 <= buffer.count else { continue }
                let word = UInt64(littleEndian: UnsafeRawPointer(base + windowStart).loadUnaligned(as: UInt64.self))
                if word | group.caseBits != group.value { continue }
            }
            for anchor in group.members where starts[anchor.phrase] < 0 {
                let start = keywordStart - anchor.offset
                guard start >= 0, start + anchor.length <= buffer.count else { continue }
                if phrases[anchor.phrase].withUnsafeBufferPointer({ Bytes.hasPrefix(buffer, at: start, $0) }) {
                    starts[anchor.phrase] = start
                }
            }
        }
    }
}

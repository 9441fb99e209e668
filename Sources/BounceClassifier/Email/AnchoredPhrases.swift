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

    /// The phrases, lower-case.
    let phrases: [[UInt8]]
    /// The keywords, lower-case.
    private let keywords: [[UInt8]]
    /// For each keyword, the offset of the letter searched for: its least common letter in English text.
    private let letterOffsets: [Int]
    /// For each keyword, the phrases tied to it.
    private let anchors: [[Anchor]]
    /// Phrases that contain no keyword.
    private let unanchored: [Int]

    /// Letters from least to most common in English text.
    private static let letterRarity = Array("zqxjkvbpygfwmucldrhsnioate".utf8)

    /// Ties each of `phrases` to the first of `keywords` (lower-case) it contains.
    init(phrases: [[UInt8]], keywords: [[UInt8]]) {
        self.phrases = phrases
        self.keywords = keywords
        letterOffsets = keywords.map { keyword in
            let rank = { (byte: UInt8) in Self.letterRarity.firstIndex(of: byte) ?? Self.letterRarity.count }
            return keyword.indices.min { rank(keyword[$0]) < rank(keyword[$1]) } ?? 0
        }
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
        self.anchors = anchors
        self.unanchored = unanchored
    }

    /// The start of each phrase's first occurrence in `text`, or -1, in phrase order.
    func firstStarts(in text: [UInt8]) -> [Int] {
        var starts = [Int](repeating: -1, count: phrases.count)
        for phrase in unanchored {
            starts[phrase] = Bytes.find(phrases[phrase], in: text, 0..<text.count) ?? -1
        }
        let letters = keywords.indices.map { keywords[$0].isEmpty ? 0 : keywords[$0][letterOffsets[$0]] }
        guard keywords.count == 2, letters.allSatisfy(Bytes.isLetter) else {
            for phrase in phrases.indices where starts[phrase] < 0 {
                starts[phrase] = Bytes.find(phrases[phrase], in: text, 0..<text.count) ?? -1
            }
            return starts
        }
        text.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let hit = ByteSearch.index(
                    ofLetter: letters[0], orLetter: letters[1], in: buffer, from: index, to: buffer.count)
                if hit >= buffer.count { break }
                let letter = Bytes.lower(buffer[hit])
                for keyword in keywords.indices where letters[keyword] == letter {
                    let keywordStart = hit - letterOffsets[keyword]
                    guard keywordStart >= 0, keywordStart + keywords[keyword].count <= buffer.count,
                        keywords[keyword].withUnsafeBufferPointer({ Bytes.hasPrefix(buffer, at: keywordStart, $0) })
                    else { continue }
                    for anchor in anchors[keyword] where starts[anchor.phrase] < 0 {
                        let start = keywordStart - anchor.offset
                        guard start >= 0, start + anchor.length <= buffer.count else { continue }
                        if anchor.window >= 0, let base = buffer.baseAddress {
                            // In bounds: the window lies inside the phrase, which fits in the text here.
                            let word = UInt64(
                                littleEndian: UnsafeRawPointer(base + start + anchor.window).loadUnaligned(
                                    as: UInt64.self))
                            if word | anchor.caseBits != anchor.value { continue }
                        }
                        if phrases[anchor.phrase].withUnsafeBufferPointer({ Bytes.hasPrefix(buffer, at: start, $0) }) {
                            starts[anchor.phrase] = start
                        }
                    }
                }
                index = hit + 1
            }
        }
        return starts
    }
}

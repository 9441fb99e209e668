/// Finds the first occurrence of each of a set of lower-case phrases (ignoring ASCII case) without looking at
/// every byte closely: each phrase is tied to a keyword it contains, and only the places where a keyword's
/// first letter occurs (found a word at a time) are compared. Phrases that contain no keyword are searched for
/// one by one.
struct AnchoredPhrases: Sendable {
    /// One phrase tied to a keyword: the phrase's index and where the keyword starts in it.
    private struct Anchor: Sendable {
        let phrase: Int
        let offset: Int
    }

    /// The phrases, lower-case.
    let phrases: [[UInt8]]
    /// The keywords, lower-case, each starting with a letter.
    private let keywords: [[UInt8]]
    /// For each keyword, the phrases tied to it.
    private let anchors: [[Anchor]]
    /// Phrases that contain no keyword.
    private let unanchored: [Int]

    /// Ties each of `phrases` to the first of `keywords` (lower-case, starting with distinct letters) it contains.
    init(phrases: [[UInt8]], keywords: [[UInt8]]) {
        self.phrases = phrases
        self.keywords = keywords
        var anchors = [[Anchor]](repeating: [], count: keywords.count)
        var unanchored: [Int] = []
        for (phrase, bytes) in phrases.enumerated() {
            let tie = keywords.indices.lazy.compactMap { keyword in
                Bytes.find(keywords[keyword], in: bytes, 0..<bytes.count).map { (keyword, $0) }
            }.first
            if let (keyword, offset) = tie {
                anchors[keyword].append(Anchor(phrase: phrase, offset: offset))
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
        guard keywords.count == 2, let first = keywords[0].first, let second = keywords[1].first else {
            for phrase in phrases.indices where starts[phrase] < 0 {
                starts[phrase] = Bytes.find(phrases[phrase], in: text, 0..<text.count) ?? -1
            }
            return starts
        }
        text.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let hit = ByteSearch.index(ofLetter: first, orLetter: second, in: buffer, from: index, to: buffer.count)
                if hit >= buffer.count { break }
                let keyword = Bytes.lower(buffer[hit]) == first ? 0 : 1
                if keywords[keyword].withUnsafeBufferPointer({
                    hit + $0.count <= buffer.count
                        && Bytes.hasPrefix(buffer, at: hit, $0)
                }) {
                    for anchor in anchors[keyword] where starts[anchor.phrase] < 0 {
                        let start = hit - anchor.offset
                        let phrase = phrases[anchor.phrase]
                        guard start >= 0, start + phrase.count <= buffer.count else { continue }
                        if phrase.withUnsafeBufferPointer({ Bytes.hasPrefix(buffer, at: start, $0) }) {
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

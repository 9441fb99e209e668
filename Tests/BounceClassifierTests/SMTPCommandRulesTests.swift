import Testing

@testable import BounceClassifier

/// ``SMTPCommandRules`` against the rule it implements, read directly: lower-case the text, fold white space runs
/// into one space, and take the phrase that starts last (the first in table order on a tie).
@Suite struct SMTPCommandRulesTests {
    /// The command by the rule's definition.
    static func reference(_ text: [UInt8], limit: Int = 16_384) -> String? {
        var folded: [UInt8] = []
        var lastWasSpace = false
        for byte in text.prefix(limit) {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !lastWasSpace { folded.append(0x20) }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            folded.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        var best: (start: Int, id: Int, command: String)?
        var id = 0
        for rule in SMTPCommandRules.phrases {
            for pattern in rule.patterns {
                let needle = Array(pattern.utf8)
                var start = folded.count - needle.count
                while start >= 0, Array(folded[start..<(start + needle.count)]) != needle { start -= 1 }
                if start >= 0, best.map({ start > $0.start || (start == $0.start && id < $0.id) }) ?? true {
                    best = (start, id, rule.command)
                }
                id += 1
            }
        }
        return best?.command
    }

    /// A deterministic generator (SplitMix64), so failures repeat.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((value ^ (value >> 31)) % UInt64(bound))
        }
    }

    @Test func matchesTheRuleOnPhraseSoup() {
        let pieces: [[UInt8]] =
            SMTPCommandRules.phrases.flatMap(\.patterns).map { Array($0.utf8) }
            + ["  ", "\t", "\r\n", "\n\n", " ", "x", "550 ", "AFTER ", "Data", "RCPT", "to", "in reply", ">>>", "["]
            .map { Array($0.utf8) }
        var generator = Generator(state: 42)
        for _ in 0..<3_000 {
            var text: [UInt8] = []
            for _ in 0..<generator.next(12) {
                var piece = pieces[generator.next(pieces.count)]
                // Cut phrases, change their case, and widen their spaces now and then.
                if generator.next(4) == 0, !piece.isEmpty { piece = Array(piece.prefix(generator.next(piece.count))) }
                if generator.next(3) == 0 { piece = piece.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 } }
                if generator.next(3) == 0 { piece = piece.flatMap { $0 == 0x20 ? [0x20, 0x09, 0x0D, 0x0A] : [$0] } }
                text += piece
            }
            let limit = generator.next(3) == 0 ? generator.next(text.count + 1) : 16_384
            #expect(
                SMTPCommandRules.command(in: text, limit: limit) == Self.reference(text, limit: limit),
                "\(String(decoding: text, as: UTF8.self).debugDescription) limit \(limit)")
            let string = String(decoding: text, as: UTF8.self)
            #expect(
                SMTPCommandRules.command(in: string, limit: limit) == Self.reference(Array(string.utf8), limit: limit))
        }
    }

    @Test func laterPhraseWinsAndTiesGoToTableOrder() {
        #expect(SMTPCommandRules.command(in: "after RCPT TO:<a@b> ... after  end\tof\r\ndata") == "DATA")
        #expect(SMTPCommandRules.command(in: "in reply to RCPT TO command") == "RCPT")
        #expect(SMTPCommandRules.command(in: "nothing here") == nil)
        #expect(SMTPCommandRules.command(in: "") == nil)
    }
}

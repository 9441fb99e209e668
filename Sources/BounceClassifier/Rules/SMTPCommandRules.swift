/// Reads which SMTP command a failure happened at from transcript and diagnostic wording
/// (`(in reply to RCPT TO command)`, `SMTP error from remote mail server after end of data`, `>>> DATA`,
/// `did not like our RCPT TO`, `[RCPT_TO]`, ...).
///
/// The rules are data: lower-case phrases per command. When several phrases occur, the one that starts
/// last wins, because a transcript lists the commands in order and the failure follows the last one sent.
/// The scan is one linear pass through an automaton built from the phrases (``PhraseAutomaton``).
public enum SMTPCommandRules {
    /// The phrases per command (lower-case).
    public static let phrases: [(command: String, patterns: [String])] = [
        (
            "CONN",
            [
                "after initial connection", "refused to talk to me", "in reply to initial greeting",
                "not accepting connections", "during initial connection",
            ]
        ),
        (
            "HELO",
            [
                "in reply to ehlo command", "in reply to helo command", "after ehlo", "after helo", ">>> ehlo",
                ">>> helo", "my name was rejected", "did not like our ehlo", "did not like our helo",
            ]
        ),
        (
            "MAIL",
            [
                "in reply to mail from command", "after mail from", ">>> mail from", "[mail_from]",
                "sender was rejected", "did not like our mail from", "in reply to mail command",
            ]
        ),
        (
            "RCPT",
            [
                "in reply to rcpt to command", "after rcpt to", "after rcpt command", "did not like our rcpt to",
                "does not like recipient", ">>> rcpt to", "[rcpt_to]", "in reply to rcpt command",
                "rcpt to command",
            ]
        ),
        (
            "DATA",
            [
                "in reply to end of data command", "in reply to data command", "after end of data", "after data",
                ">>> data", "[data]", "for text command", "did not like our final data", "did not like our data",
                "after pipelined data", "smtp command data", "command: data",
            ]
        ),
    ]

    /// Every phrase in table order, with its command.
    private static let flattened: [(command: String, bytes: [UInt8])] = phrases.flatMap { rule in
        rule.patterns.map { (rule.command, Array($0.utf8)) }
    }

    /// The automaton over ``phrases``; a phrase's id is its index in table order.
    private static let automaton = PhraseAutomaton(patterns: flattened.map(\.bytes))

    /// The command named last in `lowered` (lower-cased bytes with white space folded), or `nil`: the phrase
    /// that starts last wins, and of phrases starting at the same byte the first in table order.
    private static func command<Lowered: Sequence>(inLowered lowered: Lowered) -> String?
    where Lowered.Element == UInt8 {
        var best = -1
        var bestStart = -1
        automaton.scan(lowered) { id, end in
            let start = end - automaton.lengths[id]
            if start > bestStart || (start == bestStart && id < best) {
                best = id
                bestStart = start
            }
        }
        return best < 0 ? nil : flattened[best].command
    }

    /// The command named last in `text` (any case), reading at most `limit` bytes.
    public static func command(in text: String, limit: Int = 16_384) -> String? {
        var text = text
        return text.withUTF8 { command(inLowered: Folded(UnsafeBufferPointer(rebasing: $0.prefix(max(0, limit))))) }
    }

    /// The command named last in `bytes` (any case), reading at most `limit` bytes.
    static func command(in bytes: [UInt8], limit: Int = 16_384) -> String? {
        bytes.withUnsafeBufferPointer {
            command(inLowered: Folded(UnsafeBufferPointer(rebasing: $0.prefix(max(0, limit)))))
        }
    }

    /// `bytes` lower-cased (ASCII) with white space runs folded into one space, read lazily.
    private struct Folded: Sequence {
        let bytes: UnsafeBufferPointer<UInt8>

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func makeIterator() -> Iterator { Iterator(bytes: bytes) }

        struct Iterator: IteratorProtocol {
            let bytes: UnsafeBufferPointer<UInt8>
            var index = 0
            var lastWasSpace = false

            mutating func next() -> UInt8? {
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                        if lastWasSpace { continue }
                        lastWasSpace = true
                        return 0x20
                    }
                    lastWasSpace = false
                    return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return nil
            }
        }
    }
}

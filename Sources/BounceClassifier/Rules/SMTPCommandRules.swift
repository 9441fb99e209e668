/// Reads which SMTP command a failure happened at from transcript and diagnostic wording
/// (`(in reply to RCPT TO command)`, `SMTP error from remote mail server after end of data`, `>>> DATA`,
/// `did not like our RCPT TO`, `[RCPT_TO]`, ...).
///
/// The rules are data: lower-case phrases per command. When several phrases occur, the one that starts
/// last wins, because a transcript lists the commands in order and the failure follows the last one sent.
/// The scan is one pass backwards through an automaton built from the reversed phrases (``PhraseAutomaton``),
/// which stops where the last phrase starts.
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

    /// The automaton over ``phrases`` reversed, reading raw text backwards as lower-cased text with white space
    /// runs folded into one space; a phrase's id is its index in table order.
    private static let automaton = PhraseAutomaton(
        patterns: flattened.map { Array($0.bytes.reversed()) }, readsFoldedText: true)

    /// The command named last in `bytes` read as lower-cased text with white space runs folded into one space,
    /// or `nil`: the phrase that starts last wins, and of phrases starting at the same byte the first in table
    /// order. Reading backwards, the first place where phrases are recognised is where the last ones start.
    private static func command(inRaw bytes: UnsafeBufferPointer<UInt8>) -> String? {
        automaton.smallestIDStartingLast(in: bytes).map { flattened[$0].command }
    }

    /// The command named last in `text` (any case), reading at most `limit` bytes.
    public static func command(in text: String, limit: Int = 16_384) -> String? {
        text.withUTF8Bytes { command(inUTF8: $0, limit: limit) }
    }

    /// The command named last in the UTF-8 text `utf8` (any case), reading at most `limit` bytes.
    static func command(inUTF8 utf8: UnsafeBufferPointer<UInt8>, limit: Int = 16_384) -> String? {
        command(inRaw: UnsafeBufferPointer(rebasing: utf8.prefix(max(0, limit))))
    }

    /// The command named last in `bytes` (any case), reading at most `limit` bytes.
    static func command(in bytes: [UInt8], limit: Int = 16_384) -> String? {
        bytes.withUnsafeBufferPointer { command(inRaw: UnsafeBufferPointer(rebasing: $0.prefix(max(0, limit)))) }
    }
}

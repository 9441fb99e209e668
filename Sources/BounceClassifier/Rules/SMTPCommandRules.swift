/// Reads which SMTP command a failure happened at from transcript and diagnostic wording
/// (`(in reply to RCPT TO command)`, `SMTP error from remote mail server after end of data`, `>>> DATA`,
/// `did not like our RCPT TO`, `[RCPT_TO]`, ...).
///
/// The rules are data: lower-case phrases per command. When several phrases occur, the one that starts
/// last wins, because a transcript lists the commands in order and the failure follows the last one sent.
/// The scan is one linear pass; at each byte only the phrases that begin with that byte are compared.
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

    private struct Phrase: Sendable {
        let bytes: [UInt8]
        let command: String
    }

    /// The phrases bucketed by their first byte.
    private static let buckets: [[Phrase]] = {
        var table = [[Phrase]](repeating: [], count: 256)
        for (command, patterns) in phrases {
            for pattern in patterns {
                let bytes = Array(pattern.utf8)
                guard let first = bytes.first else { continue }
                table[Int(first)].append(Phrase(bytes: bytes, command: command))
            }
        }
        return table
    }()

    /// The command named last in `lowered` (ASCII lower-case bytes), or `nil`.
    static func command(inLowered lowered: UnsafeBufferPointer<UInt8>) -> String? {
        var found: String?
        var index = 0
        let count = lowered.count
        while index < count {
            let bucket = buckets[Int(lowered[index])]
            if !bucket.isEmpty {
                for phrase in bucket where phrase.bytes.count <= count - index {
                    var offset = 1
                    let length = phrase.bytes.count
                    while offset < length, lowered[index + offset] == phrase.bytes[offset] { offset += 1 }
                    if offset == length {
                        found = phrase.command
                        break
                    }
                }
            }
            index += 1
        }
        return found
    }

    /// The command named last in `text` (any case), reading at most `limit` bytes.
    public static func command(in text: String, limit: Int = 16_384) -> String? {
        command(inBytes: text.utf8.prefix(limit))
    }

    /// The command named last in `bytes` (any case), reading at most `limit` bytes.
    static func command(in bytes: [UInt8], limit: Int = 16_384) -> String? {
        command(inBytes: bytes.prefix(limit))
    }

    /// Lower-cases `bytes` with white space runs folded into one space, then scans them.
    private static func command<Input: Sequence>(inBytes bytes: Input) -> String? where Input.Element == UInt8 {
        var lowered = [UInt8]()
        lowered.reserveCapacity(bytes.underestimatedCount)
        var lastWasSpace = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !lastWasSpace { lowered.append(0x20) }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            lowered.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return lowered.withUnsafeBufferPointer { command(inLowered: $0) }
    }
}

/// The data the readers use to recognise bounce mail and its parts: marker phrases as lower-case text.
/// Adding an MTA's wording here is how the readers learn it; no reader special-cases an MTA in code.
enum BounceMarkers {
    /// Lines that start the returned original message inside a bounce's text (what follows is not the error).
    static let originalMessage: [[UInt8]] = [
        "below this line is a copy of the message",  // qmail
        "this is a copy of the message, including all the headers",  // Exim
        "this is a copy of the headers that were received",  // Exim
        "----- original message -----",  // Gmail
        "------ original message ------",
        "-----original message-----",
        "original message follows",
        "original message headers",  // Exchange
        "----- unsent message below -----",
        "--- the header of the original message is following",
        "----- the following is the original message",
        "------ the original message ------",
        "original message header follows",
        "the header of the original message",
        "----- message header follows -----",
        "----- returned message follows -----",
        "------- returned message --------",
        "-------- original message --------",
        "----- original message follows -----",
        "--- original message follows",
        "------ original message follows",
        "this is a copy of the original message",
        "content-type: message/rfc822",
        "---------- forwarded message ----------",
        "-- the header and top 20 lines of the message follows --",
        "----- the header of the original message",
        "original message --",
        "message headers follow",
        "header of the original message",
        "a copy of the original message below this line",
        "below is a copy of the original message",
        "included is a copy of the message header",
        "----- unsent message follows -----",
    ].map { Array($0.utf8) }

    /// Local parts of the addresses bounces come from.
    static let bounceSenderLocalParts: Set<String> = [
        "mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster", "mdaemon", "mmdf", "smtp", "mail",
        "double-bounce", "bounce", "bounces", "nobody", "mailerdaemon", "root", "daemon",
    ]

    /// Local parts of mail systems' own addresses, never taken for a failed recipient.
    static let serviceLocalParts: Set<String> = [
        "mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster", "double-bounce", "mdaemon",
    ]

    /// Display names or words in the `From:` of bounces.
    static let bounceSenderWords: [String] = [
        "mail delivery", "mailer-daemon", "mailer daemon", "postmaster", "mail administrator", "delivery subsystem",
        "mail system", "mailadmin", "delivery notification", "mail router",
    ]

    /// Words in the subjects of bounces (lower-case).
    static let bounceSubjects: [String] = [
        "undeliver", "undelivered", "delivery status", "returned mail", "mail delivery failed", "failure notice",
        "delivery failure", "delivery failed", "non-delivery", "nondeliver", "non delivery", "could not be delivered",
        "not delivered", "delivery problem", "mail system error", "delivery notification", "returned to sender",
        "return receipt", "delivery report", "delivery has failed", "warning: could not send", "delayed mail",
        "delivery delayed", "mail could not", "bounce", "rejected", "failed delivery", "message not delivered",
        "error sending", "permanent error", "delivery final failure", "delivery error", "mail failure",
        "message delivery", "returned message", "unzustellbar", "non remis", "nicht zustellbar", "fallo",
        "no se pudo", "系统退信", "error", "failure", "failed",
    ]

    /// Phrases in a bounce's text that say it is a bounce, whoever sent it.
    static let bounceBodyPhrases: [[UInt8]] = [
        "could not be delivered", "undeliverable", "delivery has failed", "permanent error", "following address",
        "following recipient", "user unknown", "unable to deliver", "delivery to the following", "was not delivered",
        "failed permanently", "not be delivered", "message delivery failed", "couldn't be delivered",
        "delivery failed", "wasn't delivered", "delivery status notification", "could not deliver",
        "returned to the sender", "mail delivery system", "i'm afraid i wasn't able to deliver",
        "error occurred while trying to deliver", "delivery attempts", "rejected your message",
        "message you sent", "giving up", "has not been delivered",
    ].map { Array($0.utf8) }

    /// Line beginnings (after blanks and `>` quote marks) of quoted header lines: an address there (`To:`,
    /// a `Received:` continuation's `for <x>`) is only taken when the text names no other candidate.
    static let quotedHeaderLines: [[UInt8]] = [
        "to:", "cc:", "for <", "delivered-to:", "x-original-to:", "envelope-to:",
    ].map { Array($0.utf8) }

    /// Text on a line before an address that says the address is a sender, not a failed recipient.
    static let senderContexts: [[UInt8]] = [
        "from:<", "from: <", "from:", "from <", "from=<", "from=", "sender:", "sender <", "sender=", "return-path",
        "reply-to", "message-id", "references:", "in-reply-to", "envelope-from", "errors-to", "sent by",
    ].map { Array($0.utf8) }
}

/// What the parts of an enhanced status code mean (RFC 3463 and the IANA registry of enhanced status codes).
public enum StatusCodeMeaning {
    /// The meaning of a class digit.
    public static func ofClass(_ klass: UInt8) -> String {
        switch klass {
        case 2: return "success"
        case 4: return "persistent transient failure (temporary: a later attempt may succeed)"
        case 5: return "permanent failure (sending again will not help as is)"
        default: return "unknown class"
        }
    }

    /// The meaning of a subject digit.
    public static func ofSubject(_ subject: UInt16) -> String {
        switch subject {
        case 0: return "other or undefined status"
        case 1: return "addressing status (the address itself)"
        case 2: return "mailbox status (the mailbox exists but cannot take the message now)"
        case 3: return "mail system status (the receiving server itself)"
        case 4: return "network and routing status"
        case 5: return "mail delivery protocol status (SMTP)"
        case 6: return "message content or media status"
        case 7: return "security or policy status (authentication, policy, spam filtering)"
        default: return "unknown subject"
        }
    }

    /// The meaning of the whole `subject.detail`, where it is registered.
    public static func ofDetail(subject: UInt16, detail: UInt16) -> String? {
        details[Int(subject) * 1000 + Int(detail)]
    }

    private static let details: [Int: String] = [
        0: "other undefined status",
        1000: "other address status", 1001: "bad destination mailbox address",
        1002: "bad destination system address", 1003: "bad destination mailbox address syntax",
        1004: "destination mailbox address ambiguous", 1005: "destination address valid",
        1006: "destination mailbox has moved, no forwarding address", 1007: "bad sender's mailbox address syntax",
        1008: "bad sender's system address", 1009: "message relayed to non-compliant mailer",
        1010: "recipient address has null MX",
        2000: "other or undefined mailbox status", 2001: "mailbox disabled, not accepting messages",
        2002: "mailbox full", 2003: "message length exceeds administrative limit",
        2004: "mailing list expansion problem",
        3000: "other or undefined mail system status", 3001: "mail system full",
        3002: "system not accepting network messages", 3003: "system not capable of selected features",
        3004: "message too big for system", 3005: "system incorrectly configured",
        3006: "requested priority was changed",
        4000: "other or undefined network or routing status", 4001: "no answer from host",
        4002: "bad connection", 4003: "directory server failure", 4004: "unable to route",
        4005: "mail system congestion", 4006: "routing loop detected", 4007: "delivery time expired",
        4008: "recipient address has null MX",
        5000: "other or undefined protocol status", 5001: "invalid command", 5002: "syntax error",
        5003: "too many recipients", 5004: "invalid command arguments", 5005: "wrong protocol version",
        5006: "authentication exchange line is too long",
        6000: "other or undefined media error", 6001: "media not supported",
        6002: "conversion required and prohibited", 6003: "conversion required but not supported",
        6004: "conversion with loss performed", 6005: "conversion failed", 6006: "message content not available",
        6007: "non-ASCII addresses not permitted for that sender/recipient",
        6008: "UTF-8 string reply is required, but not permitted by the SMTP client",
        6009: "UTF-8 header message cannot be transferred to one or more recipients",
        6010: "the message contains a UTF-8 envelope address the server cannot accept",
        7000: "other or undefined security status", 7001: "delivery not authorized, message refused",
        7002: "mailing list expansion prohibited", 7003: "security conversion required but not possible",
        7004: "security features not supported", 7005: "cryptographic failure",
        7006: "cryptographic algorithm not supported", 7007: "message integrity failure",
        7008: "authentication credentials invalid", 7009: "authentication mechanism is too weak",
        7010: "encryption needed", 7011: "encryption required for requested authentication mechanism",
        7012: "a password transition is needed", 7013: "user account disabled",
        7014: "trust relationship required", 7015: "priority level is too low",
        7016: "message is too big for the specified priority", 7017: "mailbox owner has changed",
        7018: "domain owner has changed", 7019: "RRVS test cannot be completed",
        7020: "no passing DKIM signature found", 7021: "no acceptable DKIM signature found",
        7022: "no valid author-matched DKIM signature found", 7023: "SPF validation failed",
        7024: "SPF validation error", 7025: "reverse DNS validation failed",
        7026: "multiple authentication checks failed", 7027: "sender address has null MX",
        7028: "mail flood detected", 7029: "ARC validation failure", 7030: "REQUIRETLS support required",
    ]
}

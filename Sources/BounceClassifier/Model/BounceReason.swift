/// Why a message bounced (or what a non-bounce result is), in a vocabulary shared with common bounce parsers.
public enum BounceReason: String, Sendable, Hashable, CaseIterable {
    /// The mailbox does not exist.
    case userunknown
    /// The domain does not exist or has no usable MX/A record.
    case hostunknown
    /// The recipient has moved and left no forwarding address.
    case hasmoved
    /// The destination does not accept mail at all (null MX, no mail service).
    case notaccept
    /// The mailbox is over quota.
    case mailboxfull
    /// The mailbox exists but is disabled, suspended or inactive.
    case suspend
    /// Delivery time expired: the sending server gave up after retrying.
    case expired
    /// Rejected after the recipient address was accepted (a filter on the recipient's side).
    case filtered
    /// The envelope sender was rejected.
    case rejected
    /// The sending IP address or host was blocked (block list, no reverse DNS, policy on the client).
    case blocked
    /// SPF, DKIM or DMARC authentication failed.
    case authfailure
    /// A network error: connection refused, timed out, DNS lookup failure, routing loop.
    case networkerror
    /// The message violated a local policy of the receiving side.
    case policyviolation
    /// The sending host has no valid reverse DNS (PTR) record.
    case requireptr
    /// The message was judged to be spam.
    case spamdetected
    /// The receiving mail system had an error.
    case systemerror
    /// A security error: authentication required, encryption, or another security policy.
    case securityerror
    /// A local mailer program (e.g. a pipe to a program) failed.
    case mailererror
    /// Relaying was denied.
    case norelaying
    /// The message does not comply with the RFCs (headers, line length, MIME).
    case notcompliantrfc
    /// The bounce could not be decided yet: kept on hold.
    case onhold
    /// Too many connections or recipients from the sender.
    case toomanyconn
    /// The sender's IP or domain reputation is too low.
    case badreputation
    /// A message or recipient count limit was exceeded.
    case exceedlimit
    /// The message is too big.
    case mesgtoobig
    /// The message content was rejected.
    case contenterror
    /// An SMTP syntax error or unsupported command.
    case syntaxerror
    /// A virus was found in the message.
    case virusdetected
    /// The sender was rate limited for sending too fast.
    case speeding
    /// No reason could be read.
    case undefined
    /// STARTTLS could not be established.
    case failedstarttls
    /// The receiving system is out of disk space.
    case systemfull
    /// The sending service suppressed the message because the address is on its suppression list.
    case suppressed
    /// A spam complaint (feedback loop, ARF).
    case feedback
    /// An automatic reply (vacation, out of office).
    case vacation
    /// The message was delivered.
    case delivered

    /// Whether this reason says the address itself is dead (the only reasons the `standard` policy blacklists).
    public var meansDeadAddress: Bool {
        switch self {
        case .userunknown, .hostunknown, .hasmoved, .notaccept: return true
        default: return false
        }
    }

    /// Whether the problem usually lies with the sender (authentication, reputation, content, policy)
    /// rather than with the recipient's address: "a deliverability problem to fix, not a list to clean".
    public var isSenderSide: Bool {
        switch self {
        case .blocked, .policyviolation, .authfailure, .spamdetected, .securityerror, .badreputation,
            .requireptr, .norelaying, .rejected, .filtered, .contenterror, .virusdetected, .notcompliantrfc,
            .failedstarttls, .speeding, .toomanyconn, .mesgtoobig, .exceedlimit:
            return true
        default:
            return false
        }
    }

    /// The status code the `standard` policy assumes when the reason was read from text but the input carried no code.
    /// `nil` where the reason says nothing about permanence.
    public var representativeStatus: StatusCode? {
        switch self {
        case .userunknown: return StatusCode(5, 1, 1)
        case .hostunknown: return StatusCode(5, 1, 2)
        case .hasmoved: return StatusCode(5, 1, 6)
        case .notaccept: return StatusCode(5, 3, 2)
        case .mailboxfull: return StatusCode(4, 2, 2)
        case .suspend: return StatusCode(5, 2, 1)
        case .expired: return StatusCode(4, 4, 7)
        case .filtered, .rejected, .blocked, .spamdetected, .norelaying, .badreputation, .virusdetected,
            .suppressed:
            return StatusCode(5, 7, 1)
        case .authfailure: return StatusCode(5, 7, 26)
        case .networkerror: return StatusCode(4, 4, 1)
        case .policyviolation, .securityerror: return StatusCode(5, 7, 0)
        case .requireptr: return StatusCode(5, 7, 25)
        case .systemerror: return StatusCode(4, 3, 0)
        case .mailererror: return StatusCode(5, 3, 0)
        case .notcompliantrfc, .contenterror: return StatusCode(5, 6, 0)
        case .toomanyconn: return StatusCode(4, 3, 2)
        case .exceedlimit: return StatusCode(5, 2, 3)
        case .mesgtoobig: return StatusCode(5, 3, 4)
        case .syntaxerror: return StatusCode(5, 5, 2)
        case .speeding: return StatusCode(4, 7, 1)
        case .failedstarttls: return StatusCode(5, 7, 10)
        case .systemfull: return StatusCode(4, 3, 1)
        case .onhold, .undefined, .feedback, .vacation, .delivered: return nil
        }
    }
}

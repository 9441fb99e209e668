/// The table that maps an enhanced status code to a reason: rules as data, read by ``ReasonDecider``.
///
/// Each entry names a code by subject and detail (`"1.1"` covers 4.1.1 and 5.1.1) or by the whole code
/// (`"5.4.1"`, which wins over `"4.1"`). A *decisive* entry settles the reason on its own; a non-decisive
/// one is only the fallback when no text pattern matched, because real servers use that code for many
/// different causes (5.7.1 is used for spam, relaying, DMARC, policy and block lists alike).
public enum StatusCodeRules {
    /// One row of the table.
    public struct Entry: Sendable {
        /// The reason the code stands for.
        public let reason: BounceReason
        /// Whether the code alone decides the reason.
        public let decisive: Bool
    }

    /// Rows keyed by the full code; consulted before ``bySubjectDetail``.
    public static let byFullCode: [String: Entry] = [
        "5.4.1": Entry(reason: .userunknown, decisive: false),  // Exchange Online: recipient address rejected
        "4.4.1": Entry(reason: .networkerror, decisive: false),
        "4.4.5": Entry(reason: .systemfull, decisive: false),
        "4.7.0": Entry(reason: .blocked, decisive: false),
        "4.7.1": Entry(reason: .blocked, decisive: false),
        "5.7.509": Entry(reason: .authfailure, decisive: true),  // Exchange Online: DMARC reject
        "5.7.510": Entry(reason: .authfailure, decisive: true),
        "5.7.511": Entry(reason: .blocked, decisive: true),
        "5.7.606": Entry(reason: .blocked, decisive: true),  // Exchange Online: banned sending IP
        "5.7.607": Entry(reason: .blocked, decisive: true),
        "5.7.708": Entry(reason: .badreputation, decisive: true),
        "4.7.650": Entry(reason: .badreputation, decisive: true),
        "4.7.651": Entry(reason: .badreputation, decisive: true),
        "5.7.750": Entry(reason: .blocked, decisive: true),
    ]

    /// Rows keyed by `subject.detail`, valid for both classes 4 and 5 (RFC 3463 and the IANA registry).
    public static let bySubjectDetail: [String: Entry] = [
        "1.0": Entry(reason: .userunknown, decisive: false),  // other address status
        "1.1": Entry(reason: .userunknown, decisive: true),  // bad destination mailbox address
        "1.2": Entry(reason: .hostunknown, decisive: true),  // bad destination system address
        "1.3": Entry(reason: .userunknown, decisive: false),  // bad destination mailbox address syntax
        "1.4": Entry(reason: .userunknown, decisive: false),  // destination mailbox address ambiguous
        "1.6": Entry(reason: .hasmoved, decisive: true),  // destination mailbox has moved
        "1.7": Entry(reason: .rejected, decisive: true),  // bad sender's mailbox address syntax
        "1.8": Entry(reason: .rejected, decisive: true),  // bad sender's system address
        "1.10": Entry(reason: .notaccept, decisive: true),  // recipient address has null MX (RFC 7505)
        "2.0": Entry(reason: .filtered, decisive: false),  // other or undefined mailbox status
        "2.1": Entry(reason: .suspend, decisive: false),  // mailbox disabled, not accepting messages
        "2.2": Entry(reason: .mailboxfull, decisive: true),  // mailbox full
        "2.3": Entry(reason: .exceedlimit, decisive: true),  // message length exceeds administrative limit
        "2.4": Entry(reason: .systemerror, decisive: false),  // mailing list expansion problem
        "3.0": Entry(reason: .systemerror, decisive: false),  // other or undefined mail system status
        "3.1": Entry(reason: .systemfull, decisive: true),  // mail system full
        "3.2": Entry(reason: .notaccept, decisive: false),  // system not accepting network messages
        "3.3": Entry(reason: .systemerror, decisive: false),  // system not capable of selected features
        "3.4": Entry(reason: .mesgtoobig, decisive: true),  // message too big for system
        "3.5": Entry(reason: .systemerror, decisive: false),  // system incorrectly configured
        "4.0": Entry(reason: .networkerror, decisive: false),  // other or undefined network or routing status
        "4.1": Entry(reason: .networkerror, decisive: false),  // no answer from host
        "4.2": Entry(reason: .networkerror, decisive: false),  // bad connection
        "4.3": Entry(reason: .systemerror, decisive: false),  // directory server failure
        "4.4": Entry(reason: .hostunknown, decisive: false),  // unable to route
        "4.5": Entry(reason: .systemerror, decisive: false),  // mail system congestion
        "4.6": Entry(reason: .networkerror, decisive: true),  // routing loop detected
        "4.7": Entry(reason: .expired, decisive: false),  // delivery time expired: the cause may be in the text
        "5.0": Entry(reason: .syntaxerror, decisive: false),  // other or undefined protocol status
        "5.1": Entry(reason: .syntaxerror, decisive: false),  // invalid command
        "5.2": Entry(reason: .syntaxerror, decisive: false),  // syntax error
        "5.3": Entry(reason: .exceedlimit, decisive: false),  // too many recipients
        "5.4": Entry(reason: .syntaxerror, decisive: false),  // invalid command arguments
        "5.5": Entry(reason: .syntaxerror, decisive: false),  // wrong protocol version
        "5.6": Entry(reason: .syntaxerror, decisive: false),  // authentication exchange line too long
        "6.0": Entry(reason: .contenterror, decisive: false),  // other or undefined media error
        "6.1": Entry(reason: .contenterror, decisive: false),  // media not supported
        "6.2": Entry(reason: .contenterror, decisive: false),  // conversion required and prohibited
        "6.3": Entry(reason: .contenterror, decisive: false),  // conversion required but not supported
        "6.4": Entry(reason: .contenterror, decisive: false),  // conversion with loss performed
        "6.5": Entry(reason: .contenterror, decisive: false),  // conversion failed
        "6.6": Entry(reason: .contenterror, decisive: false),  // message content not available
        "6.7": Entry(reason: .contenterror, decisive: false),  // non-ASCII addresses not permitted
        "6.8": Entry(reason: .contenterror, decisive: false),
        "6.9": Entry(reason: .contenterror, decisive: false),
        "6.10": Entry(reason: .contenterror, decisive: false),
        "7.0": Entry(reason: .securityerror, decisive: false),  // other or undefined security status
        "7.1": Entry(reason: .securityerror, decisive: false),  // delivery not authorized, message refused
        "7.2": Entry(reason: .securityerror, decisive: false),  // mailing list expansion prohibited
        "7.3": Entry(reason: .securityerror, decisive: false),  // security conversion required
        "7.4": Entry(reason: .securityerror, decisive: false),  // security features not supported
        "7.5": Entry(reason: .securityerror, decisive: false),  // cryptographic failure
        "7.6": Entry(reason: .securityerror, decisive: false),  // cryptographic algorithm not supported
        "7.7": Entry(reason: .securityerror, decisive: false),  // message integrity failure
        "7.8": Entry(reason: .securityerror, decisive: false),  // authentication credentials invalid
        "7.9": Entry(reason: .securityerror, decisive: false),  // authentication mechanism is too weak
        "7.10": Entry(reason: .failedstarttls, decisive: true),  // encryption needed
        "7.11": Entry(reason: .failedstarttls, decisive: true),  // encryption required for requested mechanism
        "7.12": Entry(reason: .securityerror, decisive: false),  // a password transition is needed
        "7.13": Entry(reason: .suspend, decisive: true),  // user account disabled
        "7.14": Entry(reason: .securityerror, decisive: false),  // trust relationship required
        "7.15": Entry(reason: .securityerror, decisive: false),  // priority level is too low
        "7.16": Entry(reason: .mesgtoobig, decisive: false),  // message too big for the specified priority
        "7.17": Entry(reason: .hasmoved, decisive: true),  // mailbox owner has changed
        "7.18": Entry(reason: .hasmoved, decisive: true),  // domain owner has changed
        "7.19": Entry(reason: .securityerror, decisive: false),  // RRVS test cannot be completed
        "7.20": Entry(reason: .authfailure, decisive: true),  // no passing DKIM signature found
        "7.21": Entry(reason: .authfailure, decisive: true),  // no acceptable DKIM signature found
        "7.22": Entry(reason: .authfailure, decisive: true),  // no valid author-matched DKIM signature
        "7.23": Entry(reason: .authfailure, decisive: true),  // SPF validation failed
        "7.24": Entry(reason: .authfailure, decisive: true),  // SPF validation error
        "7.25": Entry(reason: .requireptr, decisive: true),  // reverse DNS validation failed
        "7.26": Entry(reason: .authfailure, decisive: true),  // multiple authentication checks failed
        "7.27": Entry(reason: .rejected, decisive: true),  // sender address has null MX
        "7.28": Entry(reason: .speeding, decisive: false),  // mail flood detected
        "7.29": Entry(reason: .authfailure, decisive: true),  // ARC validation failure
        "7.30": Entry(reason: .securityerror, decisive: false),  // REQUIRETLS support required
    ]

    /// The row for `code`, if the table has one.
    public static func entry(for code: StatusCode) -> Entry? {
        let lookup = lookup
        let packed = packedCode(code)
        for row in lookup.fullCodeRows where row.code == packed { return row.entry }
        let subject = Int(code.subject)
        let detail = Int(code.detail)
        guard subject < lookup.subjectRows, detail < lookup.detailColumns else { return nil }
        return lookup.subjectDetailRows[subject &* lookup.detailColumns &+ detail]
    }

    /// A code as one number: class, subject and detail in separate bit fields.
    private static func packedCode(_ code: StatusCode) -> UInt32 {
        UInt32(code.klass) << 24 | UInt32(code.subject) << 12 | UInt32(code.detail)
    }

    /// The same tables as plain arrays, so that a lookup neither allocates nor hashes; built once, together, so
    /// that a lookup reaches them through one lazily initialised global.
    private struct Lookup {
        /// ``byFullCode`` as a list (it has a handful of rows).
        let fullCodeRows: [(code: UInt32, entry: Entry)]
        /// ``bySubjectDetail`` keyed by `subject * detailColumns + detail`.
        let subjectDetailRows: [Entry?]
        /// One more than the largest subject of ``bySubjectDetail``.
        let subjectRows: Int
        /// One more than the largest detail of ``bySubjectDetail``.
        let detailColumns: Int

        init() {
            fullCodeRows = byFullCode.compactMap { key, entry in
                StatusCode(key).map { (packedCode($0), entry) }
            }
            let codes = bySubjectDetail.compactMap { key, entry in StatusCode("5." + key).map { ($0, entry) } }
            subjectRows = 1 + codes.map { Int($0.0.subject) }.reduce(0, max)
            detailColumns = 1 + codes.map { Int($0.0.detail) }.reduce(0, max)
            var rows = [Entry?](repeating: nil, count: subjectRows * detailColumns)
            for (code, entry) in codes { rows[Int(code.subject) * detailColumns + Int(code.detail)] = entry }
            subjectDetailRows = rows
        }
    }

    /// The lookup tables.
    private static let lookup = Lookup()
}

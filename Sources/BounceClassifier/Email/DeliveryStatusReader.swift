/// Reads RFC 3464 delivery-status fields: the per-message group (`Reporting-MTA`, `Arrival-Date`) and one group
/// per recipient (`Final-Recipient`, `Original-Recipient`, `Action`, `Status`, `Diagnostic-Code`, `Remote-MTA`).
///
/// Groups are normally separated by empty lines; reports that omit them are read too: a second
/// `Final-Recipient` (or an `Original-Recipient` after one) starts a new recipient.
struct DeliveryStatusReader {
    /// One recipient group.
    struct Recipient: Sendable {
        var finalRecipient: String?
        var originalRecipient: String?
        var action: String?
        var status: StatusCode?
        var diagnostic: String?
        var remoteMTA: String?
        var lastAttempt: String?

        /// Whether fields were read after the recipient lines (so a new recipient line starts a new group);
        /// an `Action:` written before `Final-Recipient:` does not count.
        var hasDetailsAfterAddress = false

        /// The address the group is about.
        var address: String? { finalRecipient ?? originalRecipient }
    }

    /// The per-message `Reporting-MTA`, without its type.
    private(set) var reportingMTA: String?
    /// The per-message `Arrival-Date`.
    private(set) var arrivalDate: String?
    /// The recipient groups, in order.
    private(set) var recipients: [Recipient] = []

    /// Reads the fields in `bytes`; at most `maximumRecipients` groups are kept.
    init(_ bytes: [UInt8], maximumRecipients: Int) {
        var current = Recipient()
        var index = 0
        while index < bytes.count, recipients.count < maximumRecipients {
            let (group, next) = HeaderFields.parse(bytes, from: index, to: bytes.count)
            for field in group.fields {
                let name = group.lowercasedName(of: field)
                let value = group.text(of: field.value)
                switch String(decoding: name, as: UTF8.self) {
                case "final-recipient":
                    if current.finalRecipient != nil
                        || current.originalRecipient != nil && current.hasDetailsAfterAddress
                    {
                        push(&current)
                    }
                    current.finalRecipient = Self.withoutType(value)
                case "original-recipient":
                    if current.originalRecipient != nil
                        || current.finalRecipient != nil && current.hasDetailsAfterAddress
                    {
                        push(&current)
                    }
                    current.originalRecipient = Self.withoutType(value)
                case "action":
                    current.action = value.lowercased()
                    current.hasDetailsAfterAddress = current.address != nil
                case "status":
                    current.status = Self.statusCode(in: value)
                    current.hasDetailsAfterAddress = current.address != nil
                case "diagnostic-code":
                    current.diagnostic = Self.withoutType(value)
                    current.hasDetailsAfterAddress = current.address != nil
                case "remote-mta": current.remoteMTA = Self.withoutType(value)
                case "last-attempt-date": current.lastAttempt = value
                case "reporting-mta": reportingMTA = reportingMTA ?? Self.withoutType(value)
                case "arrival-date": arrivalDate = arrivalDate ?? value
                default: break
                }
            }
            if current.address != nil { push(&current) }
            if next <= index { break }
            index = next
        }
        if current.address != nil, recipients.count < maximumRecipients { push(&current) }
    }

    private mutating func push(_ recipient: inout Recipient) {
        if recipient.address != nil { recipients.append(recipient) }
        recipient = Recipient()
    }

    /// `"rfc822; x@y"` → `"x@y"`, `"smtp; 550 ..."` → `"550 ..."`: drops a leading type token and its `;`.
    static func withoutType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        let type = value[..<semicolon]
        guard !type.isEmpty, !type.contains(" "), type.count <= 24, !type.contains("@") else { return value }
        return String(value[value.index(after: semicolon)...]).trimmingBlanks()
    }

    /// The enhanced code in a `Status:` value (`5.1.1`, `5.1.1 (user unknown)`, `#5.1.1`).
    static func statusCode(in value: String) -> StatusCode? {
        for token in value.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\t" }) {
            if let code = StatusCode(token) { return code }
        }
        return DiagnosticCodes.scan(value).status
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingBlanks() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r\n" || first == "\n" {
            text = text.dropFirst()
        }
        while let last = text.last, last == " " || last == "\t" || last == "\r\n" || last == "\n" {
            text = text.dropLast()
        }
        return String(text)
    }
}

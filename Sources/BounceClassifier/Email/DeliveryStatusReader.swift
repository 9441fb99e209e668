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
                switch Self.fieldName(group, field) {
                case .finalRecipient:
                    if current.finalRecipient != nil
                        || current.originalRecipient != nil && current.hasDetailsAfterAddress
                    {
                        push(&current)
                    }
                    current.finalRecipient = Self.withoutType(group, field.value)
                case .originalRecipient:
                    if current.originalRecipient != nil
                        || current.finalRecipient != nil && current.hasDetailsAfterAddress
                    {
                        push(&current)
                    }
                    current.originalRecipient = Self.withoutType(group, field.value)
                case .action:
                    current.action = Self.lowercased(group.text(of: field.value))
                    current.hasDetailsAfterAddress = current.address != nil
                case .status:
                    current.status = Self.statusCode(in: group.text(of: field.value))
                    current.hasDetailsAfterAddress = current.address != nil
                case .diagnosticCode:
                    current.diagnostic = Self.withoutType(group, field.value)
                    current.hasDetailsAfterAddress = current.address != nil
                case .remoteMTA: current.remoteMTA = Self.withoutType(group, field.value)
                case .lastAttemptDate: current.lastAttempt = group.text(of: field.value)
                case .reportingMTA: reportingMTA = reportingMTA ?? Self.withoutType(group, field.value)
                case .arrivalDate: arrivalDate = arrivalDate ?? group.text(of: field.value)
                case nil: break
                }
            }
            if current.address != nil { push(&current) }
            if next <= index { break }
            index = next
        }
        if current.address != nil, recipients.count < maximumRecipients { push(&current) }
    }

    /// The delivery-status fields the reader uses.
    private enum FieldName: CaseIterable {
        case finalRecipient, originalRecipient, action, status, diagnosticCode, remoteMTA, lastAttemptDate
        case reportingMTA, arrivalDate

        /// The field name, lower-case.
        var name: String {
            switch self {
            case .finalRecipient: "final-recipient"
            case .originalRecipient: "original-recipient"
            case .action: "action"
            case .status: "status"
            case .diagnosticCode: "diagnostic-code"
            case .remoteMTA: "remote-mta"
            case .lastAttemptDate: "last-attempt-date"
            case .reportingMTA: "reporting-mta"
            case .arrivalDate: "arrival-date"
            }
        }
    }

    /// The names of ``FieldName`` as bytes, in case order.
    private static let fieldNames: [(FieldName, [UInt8])] = FieldName.allCases.map { ($0, Array($0.name.utf8)) }

    /// Which of the used fields `field` is (its name compared ignoring case), or `nil`.
    private static func fieldName(_ group: HeaderFields, _ field: HeaderFields.Field) -> FieldName? {
        for (name, bytes) in fieldNames where group.field(field, isNamed: bytes) { return name }
        return nil
    }

    private mutating func push(_ recipient: inout Recipient) {
        if recipient.address != nil { recipients.append(recipient) }
        recipient = Recipient()
    }

    /// `value.lowercased()`; an ASCII value is lower-cased byte by byte (which is what `lowercased()` does to
    /// ASCII).
    static func lowercased(_ value: String) -> String {
        let ascii: String? = value.withUTF8Bytes { utf8 in
            for byte in utf8 where byte >= 0x80 { return nil }
            return String(unsafeUninitializedCapacity: utf8.count) { out in
                for index in 0..<utf8.count { out[index] = Bytes.lower(utf8[index]) }
                return utf8.count
            }
        }
        return ascii ?? value.lowercased()
    }

    /// ``withoutType(_:)-(String)`` of a field value: a value that ``HeaderFields/text(of:)`` leaves as its bytes
    /// (plain ASCII on one line) is cut from those bytes, making one string instead of two.
    private static func withoutType(_ group: HeaderFields, _ range: Range<Int>) -> String {
        let trimmed = Bytes.trimmed(group.bytes, range)
        let direct: String? = group.bytes.withUnsafeBufferPointer { buffer in
            guard ByteSearch.isPlainASCIILine(buffer, trimmed) else { return nil }
            let utf8 = UnsafeBufferPointer(rebasing: buffer[trimmed])
            let cut = withoutType(ascii: utf8) ?? 0..<utf8.count
            return String(decoding: UnsafeBufferPointer(rebasing: utf8[cut]), as: UTF8.self)
        }
        return direct ?? withoutType(group.text(of: range))
    }

    /// The part of the ASCII text `utf8` (without carriage returns) that ``withoutType(_:)-(String)`` keeps, or
    /// `nil` when it keeps all of it.
    private static func withoutType(ascii utf8: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var semicolon = -1
        for (index, byte) in utf8.enumerated() where byte == 0x3B {
            semicolon = index
            break
        }
        guard semicolon > 0, semicolon <= 24 else { return nil }
        for byte in utf8[0..<semicolon] where byte == 0x20 || byte == 0x40 { return nil }
        var start = semicolon + 1
        var end = utf8.count
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 || utf8[start] == 0x0A { start += 1 }
        while end > start, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 || utf8[end - 1] == 0x0A { end -= 1 }
        return start..<end
    }

    /// `"rfc822; x@y"` → `"x@y"`, `"smtp; 550 ..."` → `"550 ..."`: drops a leading type token and its `;`.
    static func withoutType(_ value: String) -> String {
        var copy = value
        // ASCII without carriage returns: every byte is one `Character`, so bytes are cut as characters are.
        let simple: String?? = copy.withUTF8 { utf8 in
            for byte in utf8 where byte >= 0x80 || byte == 0x0D { return nil }
            guard let cut = withoutType(ascii: utf8) else { return .some(nil) }
            return String(decoding: UnsafeBufferPointer(rebasing: utf8[cut]), as: UTF8.self)
        }
        if let simple { return simple ?? value }
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        let type = value[..<semicolon]
        guard !type.isEmpty, !type.contains(" "), type.count <= 24, !type.contains("@") else { return value }
        return String(value[value.index(after: semicolon)...]).trimmingBlanks()
    }

    /// The enhanced code in a `Status:` value (`5.1.1`, `5.1.1 (user unknown)`, `#5.1.1`).
    static func statusCode(in value: String) -> StatusCode? {
        // ASCII without carriage returns: every byte is one `Character`, so the tokens are read as bytes.
        let simple: StatusCode?? = value.withUTF8Bytes { utf8 in
            for byte in utf8 where byte >= 0x80 || byte == 0x0D { return .none }
            var index = 0
            while index < utf8.count {
                if isTokenSeparator(utf8[index]) {
                    index += 1
                    continue
                }
                var end = index
                while end < utf8.count, !isTokenSeparator(utf8[end]) { end += 1 }
                if let code = StatusCode(utf8: UnsafeBufferPointer(rebasing: utf8[index..<end])) { return code }
                index = end
            }
            return .some(nil)
        }
        switch simple {
        case .some(.some(let code)): return code
        case .some(.none): return DiagnosticCodes.scan(value).status
        case .none: break
        }
        for token in value.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\t" }) {
            if let code = StatusCode(token) { return code }
        }
        return DiagnosticCodes.scan(value).status
    }

    /// Whether `byte` separates the tokens of a `Status:` value (space, `(`, tab).
    private static func isTokenSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x28 || byte == 0x09 }
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

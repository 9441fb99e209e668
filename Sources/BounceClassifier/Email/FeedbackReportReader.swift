/// Reads complaint reports: RFC 5965 ARF (`message/feedback-report` with `Feedback-Type`, `Original-Rcpt-To`,
/// `Removal-Recipient`), ARF fields written straight into a text body, and the one-click unsubscribe notices
/// some mailbox providers send in place of a report.
enum FeedbackReportReader {
    /// Headers that make a message a complaint on their own, with the value they must have (lower-case).
    static let complaintHeaders: [(name: String, value: String)] = [("X-Apple-Unsubscribe", "true")]

    /// The complained recipients of a report whose fields are `fields`, falling back to the attached original's
    /// recipients. Addresses are lower-cased and de-duplicated, in order.
    static func recipients(fields: HeaderFields?, original: OriginalMessage) -> [String] {
        var found: [String] = []
        if let fields {
            for name in ["Original-Rcpt-To", "Removal-Recipient"] {
                for value in fields.values(name) { found.append(contentsOf: AddressScanner.all(in: value)) }
                if !found.isEmpty { break }
            }
        }
        if found.isEmpty { found = original.recipients }
        var seen = Set<String>()
        return found.filter { seen.insert($0).inserted }
    }

    /// Whether `headers` mark a complaint without a report part.
    static func isComplaintNotice(_ headers: HeaderFields) -> Bool {
        complaintHeaders.contains { header in
            headers.value(header.name)?.lowercased() == header.value
        }
    }
}

import BounceClassifier

/// Renders results as the bounce-log table of the AcelleMail article: recipient, type, reason, action,
/// status and diagnostic.
struct BounceLogTable {
    /// The column titles.
    static let headers = ["RECIPIENT", "KIND", "TYPE", "REASON", "ACTION", "STATUS", "DIAGNOSTIC"]

    private var rows: [[String]] = []

    /// Adds a result.
    mutating func append(_ result: BounceResult) {
        var status = result.status?.description ?? "-"
        if let reply = result.replyCode { status = "\(reply) \(status)" }
        rows.append([
            result.recipient, result.kind.rawValue, result.type.rawValue, result.reason.rawValue,
            result.action.rawValue, status, result.diagnostic.isEmpty ? "-" : result.diagnostic,
        ])
    }

    /// The table as lines of text, with the diagnostic cut to `diagnosticWidth` characters.
    func render(diagnosticWidth: Int = 60) -> [String] {
        TextTable.render(headers: Self.headers, rows: rows, lastColumnWidth: diagnosticWidth)
    }
}

/// Plain fixed-width text tables.
enum TextTable {
    /// Lines of a table whose columns are as wide as their widest cell; the last column is cut to `lastColumnWidth`.
    static func render(headers: [String], rows: [[String]], lastColumnWidth: Int = 60) -> [String] {
        let cut = rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 && cell.count > lastColumnWidth
                    ? String(cell.prefix(lastColumnWidth - 1)) + "…" : cell
            }
        }
        var widths = headers.map(\.count)
        for row in cut {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return [line(headers), line(widths.map { String(repeating: "-", count: $0) })] + cut.map(line)
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}

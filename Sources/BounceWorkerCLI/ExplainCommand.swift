import ArgumentParser
import BounceClassifier

/// `bounce-worker explain`: explains how an SMTP reply or diagnostic text is classified.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an SMTP reply: code meanings, type, reason, action under both policies, advice."
    )

    @Argument(help: "The SMTP reply or diagnostic text, e.g. \"550 5.7.1 Message rejected as spam\".")
    var text: [String]

    func run() {
        let explanation = BounceExplanation(explaining: text.joined(separator: " "))
        var out = OutputStream.standardOutput()
        for line in Self.render(explanation) { out.line(line) }
        out.flush()
    }

    /// The explanation as lines of text.
    static func render(_ explanation: BounceExplanation) -> [String] {
        var lines = ["Reply:        \(explanation.text)"]
        if let reply = explanation.replyCode {
            lines.append("Reply code:   \(reply) (\(replyMeaning(reply)))")
        } else {
            lines.append("Reply code:   none found")
        }
        if let status = explanation.status, explanation.statusSource != .inferred {
            lines.append("Status:       \(status) (from \(sourceWords(explanation.statusSource)))")
            lines.append("  class \(status.klass)     \(StatusCodeMeaning.ofClass(status.klass))")
            lines.append("  subject \(status.subject)   \(StatusCodeMeaning.ofSubject(status.subject))")
            let detail =
                StatusCodeMeaning.ofDetail(subject: status.subject, detail: status.detail) ?? "not a registered code"
            lines.append("  detail \(status.detail)    \(detail)")
            if status.klass == 5, status.seedType == .soft {
                lines.append("  note        the seed's code table calls \(status) soft despite its class 5")
            }
        } else {
            lines.append("Status:       no enhanced status code in the text")
        }
        var reasonLine = "Reason:       \(explanation.reason.rawValue)"
        if !explanation.matchedPatterns.isEmpty {
            reasonLine += " (text matched: \(explanation.matchedPatterns.map { "\"\($0)\"" }.joined(separator: ", ")))"
        }
        lines.append(reasonLine)
        for (policy, result) in explanation.results {
            var line =
                "Policy \(policy.rawValue.padding(8)) type \(result.type.rawValue.padding(8)) action \(result.action.rawValue)"
            if result.statusSource == .inferred, let status = result.status {
                line += " (class inferred from the reason: \(status))"
            }
            lines.append(line)
        }
        lines.append("Advice:       \(explanation.advice)")
        return lines
    }

    private static func replyMeaning(_ code: Int) -> String {
        switch code / 100 {
        case 2: return "positive completion"
        case 4: return "transient negative completion: try again later"
        case 5: return "permanent negative completion"
        default: return "not an SMTP reply class"
        }
    }

    private static func sourceWords(_ source: StatusSource?) -> String {
        switch source {
        case .dsn: return "a status field"
        case .reply: return "the reply code alone"
        case .text: return "the text"
        case .inferred: return "the reason"
        case nil: return "nowhere"
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

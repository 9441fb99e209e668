/// Recognises automatic replies (RFC 3834): vacation notices and out-of-office messages. They are never bounces;
/// the reader checks for bounce signals first, because some MTAs mark their bounces `Auto-Submitted: auto-replied`.
enum AutoReplyDetector {
    /// Header names whose presence alone marks an automatic reply.
    static let markerHeaders = ["X-Autoreply", "X-Autorespond", "X-Mail-Autoreply", "X-Autoreply-From", "X-Vacation"]

    /// Subject beginnings and phrases of automatic replies (lower-case).
    static let subjectPhrases = [
        "auto:", "automatic reply", "autoreply", "auto reply", "auto-reply", "auto response", "autoresponse",
        "out of office", "out of the office", "vacation", "away from", "away until", "on holiday", "abwesend",
        "abwesenheit", "absence", "réponse automatique", "risposta automatica", "respuesta automática",
        "automatisch antwoord", "automatische antwort",
    ]

    /// Whether `headers` say the message is an automatic reply.
    static func isAutoReply(_ headers: HeaderFields) -> Bool {
        if let submitted = headers.value("Auto-Submitted")?.lowercased(), submitted.hasPrefix("auto-replied") {
            return true
        }
        for name in ["Precedence", "X-Precedence"] {
            if let value = headers.value(name)?.lowercased(),
                value.contains("auto_reply") || value.contains("auto-reply")
            {
                return true
            }
        }
        if markerHeaders.contains(where: headers.contains) { return true }
        if let subject = headers.value("Subject") {
            return Bytes.lowercasedContainsAny(subject, subjectPhrases)
        }
        return false
    }
}

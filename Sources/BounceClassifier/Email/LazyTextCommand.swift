/// ``ParsedEmail/textCommand`` read at most once for the recipients of one email: the bounce's own text is
/// scanned when the first recipient's diagnostic names no command, and the answer is kept for the others.
struct LazyTextCommand {
    /// The command once read (`.some(nil)` when the text names none).
    private var cached: String??

    /// The command the bounce's text names, scanning `email.text` on the first call only.
    mutating func value(_ email: ParsedEmail) -> String? {
        if let cached { return cached }
        let command = email.textCommand
        cached = .some(command)
        return command
    }
}

/// Where a result's enhanced status code came from.
public enum StatusSource: String, Sendable, Hashable, CaseIterable {
    /// A structured status field: a DSN `Status:` line, a webhook's status field, the canonical event's `status`.
    case dsn
    /// Derived from the 3-digit SMTP reply code alone (`550` → `5.0.0`).
    case reply
    /// Found in the server's diagnostic text (`... said: 550 5.1.1 <x@y> ...`).
    case text
    /// No code at all: the class was inferred from the reason read from the text (the `standard` policy only).
    case inferred
}

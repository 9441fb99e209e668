/// What an input reports about one recipient.
public enum BounceKind: String, Sendable, Hashable, CaseIterable {
    /// The message could not be delivered (permanently or temporarily).
    case bounce
    /// The recipient reported the message as spam (feedback loop, ARF).
    case complaint
    /// An automatic reply such as a vacation notice (RFC 3834); never a bounce.
    case autoReply = "auto_reply"
    /// A delivery confirmation (DSN action `delivered`, `relayed` or `expanded`, status 2.x.x).
    case delivered
    /// A delay notice: delivery is still being retried (DSN action `delayed`).
    case delayed
}

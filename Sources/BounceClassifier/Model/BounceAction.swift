/// What must happen to the address after a result, under a ``SuppressionPolicy``.
public enum BounceAction: String, Sendable, Hashable, CaseIterable {
    /// Record the bounce-log row only.
    case none
    /// Record the row, set the subscriber status to `blacklisted` and add the address to the global blacklist.
    case blacklist
    /// Record the row and set the subscriber status to `spam-reported`.
    case spamReported = "spam_reported"
}

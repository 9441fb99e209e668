/// The bounce-log type badge: permanent, temporary, or not readable.
public enum BounceType: String, Sendable, Hashable, CaseIterable {
    /// Permanent failure (status class 5, except the mailbox-status codes the seed table calls soft).
    case hard
    /// Temporary failure (status class 4, and 5.2.0, 5.2.1, 5.2.2, 5.3.1, 5.4.5, 5.5.3).
    case soft
    /// No readable status code, and nothing the policy may infer one from.
    case unknown
}

/// A subscriber's status as the ESP's application knows it (AcelleMail's vocabulary).
public enum SubscriberStatus: String, Sendable, Hashable, CaseIterable {
    /// Mail may be sent.
    case active
    /// The address is dead (or was suppressed by an operator): it is on the global blacklist.
    case blacklisted
    /// The subscriber complained: no further campaigns.
    case spamReported = "spam-reported"
}

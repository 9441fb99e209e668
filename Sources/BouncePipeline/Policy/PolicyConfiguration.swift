import BounceClassifier

/// How the policy stage turns classified results into status changes and blacklist entries.
public struct PolicyConfiguration: Sendable, Hashable {
    /// The suppression policy that decided each result's action. Default ``SuppressionPolicy/standard``.
    public var policy: SuppressionPolicy
    /// Soft-bounce escalation; `nil` turns it off. Default: on (5 / 3 / 30) under `standard`, off under `acelle`.
    public var softBounceEscalation: SoftBounceEscalation?
    /// How many recent event ids are remembered per address to drop duplicates. Default 64.
    public var recentEventLimit: Int
    /// Two reports of the same bounce (same recipient, original message id and status) within this many
    /// milliseconds count as one. Default one day.
    public var duplicateWindowMilliseconds: Int64

    /// Creates a configuration; `softBounceEscalation` defaults by policy as documented.
    public init(
        policy: SuppressionPolicy = .standard, softBounceEscalation: SoftBounceEscalation?? = nil,
        recentEventLimit: Int = 64, duplicateWindowMilliseconds: Int64 = 86_400_000
    ) {
        self.policy = policy
        self.softBounceEscalation =
            softBounceEscalation ?? (policy == .standard ? SoftBounceEscalation() : nil)
        self.recentEventLimit = max(1, recentEventLimit)
        self.duplicateWindowMilliseconds = duplicateWindowMilliseconds
    }
}

/// Blacklists an address that keeps soft-bouncing for recipient-side reasons: `count` soft bounces spread
/// over at least `distinctDays` different days within `windowDays` days.
///
/// Only soft bounces whose reason is about the recipient count (a full or disabled mailbox, an unreachable
/// domain, an expired delivery); greylisting, rate limits, blocks and other sender-side reasons never do,
/// because suppressing on them would clean the list instead of fixing the sending.
public struct SoftBounceEscalation: Sendable, Hashable {
    /// Soft bounces needed. Default 5.
    public var count: Int
    /// Distinct days they must be spread over. Default 3.
    public var distinctDays: Int
    /// The window, in days. Default 30.
    public var windowDays: Int

    /// Creates the rule; defaults 5 / 3 / 30.
    public init(count: Int = 5, distinctDays: Int = 3, windowDays: Int = 30) {
        self.count = max(1, count)
        self.distinctDays = max(1, distinctDays)
        self.windowDays = max(1, windowDays)
    }
}

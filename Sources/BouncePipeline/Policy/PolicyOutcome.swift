import BounceClassifier

/// A subscriber status change, published on `subscribers.status`.
public struct StatusChange: Sendable, Hashable {
    /// The address.
    public var address: String
    /// The new status.
    public var status: SubscriberStatus
    /// The status before.
    public var previousStatus: SubscriberStatus
    /// Why: a bounce reason, `soft-bounce-threshold`, `spam-complaint`, or the operator's words.
    public var reason: String
    /// The event (or operator command) that caused the change.
    public var causeEventID: String
    /// The campaign of the causing event.
    public var campaignID: String?
    /// The subscriber of the causing event.
    public var subscriberID: String?
    /// When (ms since the epoch): the causing event's time.
    public var atMilliseconds: Int64
}

/// A blacklist change, published on the compacted `blacklist` topic keyed by address.
public struct BlacklistChange: Sendable, Hashable {
    /// Whether the address joins or leaves the blacklist.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// Added to the blacklist.
        case add
        /// Removed from the blacklist.
        case remove
    }

    /// The address.
    public var address: String
    /// Added or removed.
    public var action: Action
    /// Why.
    public var reason: String
    /// The event (or operator command) that caused the change.
    public var causeEventID: String
    /// When (ms since the epoch).
    public var atMilliseconds: Int64
}

/// What one policy input produced.
public struct PolicyOutcome: Sendable, Hashable {
    /// The input repeats one already seen: it produces nothing.
    public var duplicate = false
    /// The bounce-log row to publish (unique bounces and complaints).
    public var bounceLog: ClassifiedEvent?
    /// The status change to publish, if the status changed.
    public var statusChange: StatusChange?
    /// The blacklist change to publish, if the blacklist changed.
    public var blacklistChange: BlacklistChange?
    /// Whether the address's state changed (and must be written to the changelog).
    public var stateChanged = false

    /// An outcome that produced nothing.
    public init() {}
}

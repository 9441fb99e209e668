/// The topics the worker reads and writes. Every name is configurable; the defaults are documented in
/// `docs/events.md`.
public struct TopicNames: Sendable, Hashable {
    /// Raw bounce events, any format. Default `bounces.raw`.
    public var raw: String
    /// Operator blacklist commands, keyed by address. Default `blacklist.commands`.
    public var commands: String
    /// Internal: one record per recipient result (and forwarded commands), keyed by address.
    /// Default `bounce-worker.classified`.
    public var classified: String
    /// Bounce-log rows. Default `bounces.log`.
    public var bounceLog: String
    /// Subscriber status changes. Default `subscribers.status`.
    public var subscriberStatus: String
    /// Blacklist changes (compacted, keyed by address). Default `blacklist`.
    public var blacklist: String
    /// The policy stage's state changelog (compacted, keyed by address). Default `bounce-worker.policy-state`.
    public var policyState: String
    /// Inputs that could not be processed, with the reason and their origin. Default `bounces.dlq`.
    public var deadLetter: String

    /// Creates topic names; every parameter has the documented default.
    public init(
        raw: String = "bounces.raw", commands: String = "blacklist.commands",
        classified: String = "bounce-worker.classified", bounceLog: String = "bounces.log",
        subscriberStatus: String = "subscribers.status", blacklist: String = "blacklist",
        policyState: String = "bounce-worker.policy-state", deadLetter: String = "bounces.dlq"
    ) {
        self.raw = raw
        self.commands = commands
        self.classified = classified
        self.bounceLog = bounceLog
        self.subscriberStatus = subscriberStatus
        self.blacklist = blacklist
        self.policyState = policyState
        self.deadLetter = deadLetter
    }
}

/// The topics of BounceWorker and their default partition counts (used by
/// `bounce-worker dev-broker` and by the pipeline).
public enum BounceWorkerTopics {
    /// Raw bounce notifications as received.
    public static let bouncesRaw = "bounces.raw"
    /// Classified bounces.
    public static let classified = "bounce-worker.classified"
    /// Commands that add or remove blacklist entries.
    public static let blacklistCommands = "blacklist.commands"
    /// Log of processed bounces.
    public static let bouncesLog = "bounces.log"
    /// Subscriber status changes.
    public static let subscribersStatus = "subscribers.status"
    /// The blacklist itself (compacted).
    public static let blacklist = "blacklist"
    /// Per-key policy state (compacted).
    public static let policyState = "bounce-worker.policy-state"
    /// Records that could not be processed.
    public static let deadLetters = "bounces.dlq"

    /// Every topic with its default partition count, in a stable order.
    public static let defaultPartitions: [(name: String, partitions: Int)] = [
        (bouncesRaw, 12),
        (classified, 12),
        (blacklistCommands, 12),
        (bouncesLog, 6),
        (subscribersStatus, 6),
        (blacklist, 6),
        (policyState, 12),
        (deadLetters, 3),
    ]
}

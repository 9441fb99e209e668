/// What the policy stage remembers about one address: its status, the soft bounces that count towards
/// escalation, and recent event ids and fingerprints for dropping duplicates. Written to the changelog
/// topic on every change and restored from it on partition assignment.
public struct AddressState: Sendable, Hashable {
    /// A remembered report, for the cross-channel duplicate rule.
    public struct Fingerprint: Sendable, Hashable {
        /// A hash of recipient, original message id and status.
        public var hash: String
        /// When the report happened (milliseconds since the epoch).
        public var at: Int64

        /// Creates a fingerprint.
        public init(hash: String, at: Int64) {
            self.hash = hash
            self.at = at
        }
    }

    /// The subscriber status.
    public var status: SubscriberStatus = .active
    /// Times (milliseconds since the epoch) of the soft bounces counting towards escalation.
    public var softBounces: [Int64] = []
    /// Recent event ids, oldest first, at most ``PolicyConfiguration/recentEventLimit``.
    public var recentEventIDs: [String] = []
    /// Recent report fingerprints, oldest first, at most ``PolicyConfiguration/recentEventLimit``.
    public var recentFingerprints: [Fingerprint] = []

    /// A new, active address with no history.
    public init() {}

    /// Whether the state carries nothing worth keeping.
    public var isEmpty: Bool {
        status == .active && softBounces.isEmpty && recentEventIDs.isEmpty && recentFingerprints.isEmpty
    }
}

/// Kafka protocol request types (API keys), used to inject errors into the mock cluster.
public enum KafkaAPI: Int16, Sendable, CaseIterable {
    /// Produce (0).
    case produce = 0
    /// Fetch (1).
    case fetch = 1
    /// ListOffsets (2).
    case listOffsets = 2
    /// Metadata (3).
    case metadata = 3
    /// OffsetCommit (8).
    case offsetCommit = 8
    /// OffsetFetch (9).
    case offsetFetch = 9
    /// FindCoordinator (10).
    case findCoordinator = 10
    /// JoinGroup (11).
    case joinGroup = 11
    /// Heartbeat (12).
    case heartbeat = 12
    /// LeaveGroup (13).
    case leaveGroup = 13
    /// SyncGroup (14).
    case syncGroup = 14
    /// DescribeGroups (15).
    case describeGroups = 15
    /// ListGroups (16).
    case listGroups = 16
    /// SaslHandshake (17).
    case saslHandshake = 17
    /// ApiVersions (18).
    case apiVersions = 18
    /// CreateTopics (19).
    case createTopics = 19
    /// DeleteTopics (20).
    case deleteTopics = 20
    /// DeleteRecords (21).
    case deleteRecords = 21
    /// InitProducerId (22).
    case initProducerId = 22
    /// OffsetForLeaderEpoch (23).
    case offsetForLeaderEpoch = 23
    /// AddPartitionsToTxn (24).
    case addPartitionsToTxn = 24
    /// AddOffsetsToTxn (25).
    case addOffsetsToTxn = 25
    /// EndTxn (26).
    case endTxn = 26
    /// TxnOffsetCommit (28).
    case txnOffsetCommit = 28
    /// DescribeConfigs (32).
    case describeConfigs = 32
    /// AlterConfigs (33).
    case alterConfigs = 33
    /// SaslAuthenticate (36).
    case saslAuthenticate = 36
    /// CreatePartitions (37).
    case createPartitions = 37
    /// DeleteGroups (42).
    case deleteGroups = 42

    /// The protocol name, e.g. `"OffsetCommit"`.
    public var name: String {
        let raw = String(describing: self)
        return raw.prefix(1).uppercased() + raw.dropFirst()
    }

    /// Looks an API up by protocol name (case-insensitive, e.g. `"offsetcommit"`) or numeric key.
    public init?(name: String) {
        if let key = Int16(name), let api = KafkaAPI(rawValue: key) {
            self = api
            return
        }
        guard let api = KafkaAPI.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = api
    }
}

import Foundation

/// A digest of librdkafka's statistics JSON (emitted every `statistics.interval.ms`).
///
/// Only the figures needed for metrics are kept; see librdkafka's STATISTICS.md for their
/// exact meaning. Times are in microseconds as librdkafka reports them.
public struct KafkaStatistics: Sendable, Hashable {
    /// Per-broker figures.
    public struct Broker: Sendable, Hashable {
        /// Broker name, e.g. `"localhost:9092/1"`.
        public var name: String
        /// Broker id, or -1 for bootstrap entries.
        public var nodeID: Int32
        /// Connection state, e.g. `"UP"` or `"DOWN"`.
        public var state: String
        /// Average request round-trip time in microseconds.
        public var rttAverageMicroseconds: Int64
        /// 99th percentile request round-trip time in microseconds.
        public var rttP99Microseconds: Int64
        /// Requests waiting to be sent.
        public var outstandingRequests: Int64
        /// Requests sent and awaiting a response.
        public var waitingResponses: Int64
    }

    /// Per-partition figures (the internal "unassigned" partition -1 is left out).
    public struct Partition: Sendable, Hashable {
        /// Topic name.
        public var topic: String
        /// Partition number.
        public var partition: Int32
        /// Consumer lag (high watermark minus committed or consumed offset); -1 when unknown.
        public var consumerLag: Int64
        /// Messages waiting in librdkafka's fetch queue.
        public var fetchQueueCount: Int64
        /// Bytes waiting in librdkafka's fetch queue.
        public var fetchQueueBytes: Int64
        /// Messages waiting to be produced to this partition.
        public var producerQueueCount: Int64
        /// Last committed offset; -1001 when none.
        public var committedOffset: Int64
        /// Partition high watermark; -1 when unknown.
        public var highWatermark: Int64
    }

    /// Client instance name, e.g. `"bounce-worker#consumer-1"`.
    public var name: String
    /// `"producer"` or `"consumer"`.
    public var clientType: String
    /// librdkafka's timestamp of this report (microseconds, monotonic clock).
    public var timestampMicroseconds: Int64
    /// Messages in the producer queue (`msg_cnt`).
    public var producerQueueMessages: Int64
    /// Bytes in the producer queue (`msg_size`).
    public var producerQueueBytes: Int64
    /// Operations waiting to be served by a poll call (`replyq`).
    public var replyQueue: Int64
    /// Messages sent to brokers in total (`txmsgs`).
    public var transmittedMessages: Int64
    /// Messages received from brokers in total (`rxmsgs`).
    public var receivedMessages: Int64
    /// Brokers known to the client.
    public var brokers: [Broker]
    /// Partitions known to the client.
    public var partitions: [Partition]
    /// Consumer group state (`cgrp.state`), when this is a group consumer.
    public var groupState: String?
    /// Rebalances seen by this consumer (`cgrp.rebalance_cnt`).
    public var rebalanceCount: Int64

    /// Parses librdkafka's statistics JSON; `nil` when it is not a JSON object.
    public init?(json: [UInt8]) {
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(json)),
            let root = object as? [String: Any]
        else { return nil }
        name = root["name"] as? String ?? ""
        clientType = root["type"] as? String ?? ""
        timestampMicroseconds = int(root["ts"])
        producerQueueMessages = int(root["msg_cnt"])
        producerQueueBytes = int(root["msg_size"])
        replyQueue = int(root["replyq"])
        transmittedMessages = int(root["txmsgs"])
        receivedMessages = int(root["rxmsgs"])

        let brokerObjects = root["brokers"] as? [String: Any] ?? [:]
        brokers = brokerObjects.values.compactMap { $0 as? [String: Any] }.map { broker in
            let rtt = broker["rtt"] as? [String: Any] ?? [:]
            return Broker(
                name: broker["name"] as? String ?? "",
                nodeID: Int32(clamping: int(broker["nodeid"])),
                state: broker["state"] as? String ?? "",
                rttAverageMicroseconds: int(rtt["avg"]),
                rttP99MicroSeconds: int(rtt["p99"]),
                outstandingRequests: int(broker["outbuf_cnt"]),
                waitingResponses: int(broker["waitresp_cnt"])
            )
        }.sorted { $0.name < $1.name }

        var partitionList: [Partition] = []
        let topics = root["topics"] as? [String: Any] ?? [:]
        for (topicName, topicValue) in topics {
            guard let topic = topicValue as? [String: Any], let parts = topic["partitions"] as? [String: Any] else {
                continue
            }
            for case let part as [String: Any] in parts.values {
                let id = Int32(clamping: int(part["partition"]))
                guard id >= 0 else { continue }
                partitionList.append(
                    Partition(
                        topic: topicName,
                        partition: id,
                        consumerLag: int(part["consumer_lag"]),
                        fetchQueueCount: int(part["fetchq_cnt"]),
                        fetchQueueBytes: int(part["fetchq_size"]),
                        producerQueueCount: int(part["msgq_cnt"]),
                        committedOffset: int(part["committed_offset"]),
                        highWatermark: int(part["hi_offset"])
                    )
                )
            }
        }
        partitions = partitionList.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }

        let group = root["cgrp"] as? [String: Any]
        groupState = group?["state"] as? String
        rebalanceCount = int(group?["rebalance_cnt"])
    }
}

extension KafkaStatistics.Broker {
    fileprivate init(
        name: String,
        nodeID: Int32,
        state: String,
        rttAverageMicroseconds: Int64,
        rttP99MicroSeconds: Int64,
        outstandingRequests: Int64,
        waitingResponses: Int64
    ) {
        self.name = name
        self.nodeID = nodeID
        self.state = state
        self.rttAverageMicroseconds = rttAverageMicroseconds
        self.rttP99Microseconds = rttP99MicroSeconds
        self.outstandingRequests = outstandingRequests
        self.waitingResponses = waitingResponses
    }
}

/// Reads a JSON number as `Int64` (0 when absent).
private func int(_ value: Any?) -> Int64 {
    if let number = value as? NSNumber { return number.int64Value }
    if let number = value as? Int { return Int64(number) }
    return 0
}

import BounceClassifier
import CoreMetrics
import Foundation
import KafkaClient

/// The worker's metrics, through swift-metrics: a ``StageObserver`` that counts what the stages do. Every
/// metric is made once (per label value) and reused; the names all start with `bounce_worker_` and are listed
/// in the README. `bounce-worker run` exports them in Prometheus format on `/metrics`.
public final class WorkerMetrics: StageObserver {
    /// Metric names, for documentation and tests.
    public enum Name {
        /// Counter: raw inputs and operator commands read by the classify stage, by `format`.
        public static let inputsConsumed = "bounce_worker_inputs_consumed_total"
        /// Counter: messages whose every output was acknowledged, by `stage`.
        public static let messagesProcessed = "bounce_worker_messages_processed_total"
        /// Counter: recipient results, by `kind`, `type`, `reason` and `action`.
        public static let results = "bounce_worker_results_total"
        /// Counter: policy inputs dropped as duplicates.
        public static let duplicatesDropped = "bounce_worker_duplicates_dropped_total"
        /// Counter: subscriber status changes, by `status`.
        public static let statusChanges = "bounce_worker_status_changes_total"
        /// Counter: blacklist changes, by `action`.
        public static let blacklistChanges = "bounce_worker_blacklist_changes_total"
        /// Counter: inputs sent to the dead-letter topic, by `stage` and `kind`.
        public static let deadLetters = "bounce_worker_dead_letters_total"
        /// Counter: failed produce attempts, by `topic`.
        public static let produceErrors = "bounce_worker_produce_errors_total"
        /// Counter: records produced again, by `topic`.
        public static let produceRetries = "bounce_worker_produce_retries_total"
        /// Gauge: messages in flight, by `stage`.
        public static let inFlight = "bounce_worker_in_flight_messages"
        /// Gauge: partitions paused by flow control, by `stage`.
        public static let pausedPartitions = "bounce_worker_paused_partitions"
        /// Gauge: partitions assigned, by `stage`.
        public static let assignedPartitions = "bounce_worker_assigned_partitions"
        /// Gauge: consumer lag in messages, by `stage`, `topic` and `partition` (librdkafka statistics).
        public static let consumerLag = "bounce_worker_consumer_lag"
        /// Gauge: brokers whose connection is up, by `stage` (librdkafka statistics).
        public static let brokersUp = "bounce_worker_brokers_up"
        /// Counter: errors reported by the consumers, by `stage`.
        public static let consumerErrors = "bounce_worker_consumer_errors_total"
        /// Histogram: input timestamp → every output acknowledged, in seconds, by `stage`.
        public static let latency = "bounce_worker_processing_latency_seconds"
        /// Counter: rebalance events, by `stage` and `kind` (`assigned`, `revoked`, `lost`).
        public static let rebalances = "bounce_worker_rebalances_total"
        /// Gauge: addresses held in the policy state, by changelog `partition`.
        public static let stateAddresses = "bounce_worker_state_addresses"
        /// Histogram: time to restore a policy partition's state from its changelog, in seconds.
        public static let restoreDuration = "bounce_worker_state_restore_seconds"
        /// Gauge: 1 when `/health/ready` answers 200, else 0.
        public static let ready = "bounce_worker_ready"
    }

    /// A result's labels as the ``caseIndex(of:)`` of its kind, type, reason and action, a byte each: hashing
    /// one word is cheap on the hot path (the enums' own `Hashable` hashes their raw-value strings).
    private struct ResultKey: Hashable, Sendable {
        private let packed: UInt32

        init(_ result: BounceResult) {
            packed =
                UInt32(caseIndex(of: result.kind)) | UInt32(caseIndex(of: result.type)) << 8
                | UInt32(caseIndex(of: result.reason)) << 16 | UInt32(caseIndex(of: result.action)) << 24
        }

        /// The labels the key stands for.
        var dimensions: [(String, String)] {
            func index(_ byte: UInt32) -> Int { Int(packed >> (byte * 8) & 0xFF) }
            return [
                ("kind", BounceKind.allCases[index(0)].rawValue), ("type", BounceType.allCases[index(1)].rawValue),
                ("reason", BounceReason.allCases[index(2)].rawValue),
                ("action", BounceAction.allCases[index(3)].rawValue),
            ]
        }
    }

    private struct LagKey: Hashable, Sendable {
        let stage: String
        let topic: String
        let partition: Int32
    }

    private struct PairKey: Hashable, Sendable {
        let first: String
        let second: String
    }

    /// The input counters by ``caseIndex(of:)`` of their format (`nil` for ``InputFormat/auto``).
    private let inputs: [Counter?]
    private let commandInputs: Counter
    private let unreadableInputs: Counter
    private let messagesProcessed: LabeledMetrics<String, Counter>
    private let results: LabeledMetrics<ResultKey, Counter>
    private let duplicates: Counter
    /// By ``caseIndex(of:)`` of the ``SubscriberStatus``.
    private let statusChanges: LabeledMetrics<Int, Counter>
    /// By ``caseIndex(of:)`` of the ``BlacklistChange/Action``.
    private let blacklistChanges: LabeledMetrics<Int, Counter>
    private let deadLetters: LabeledMetrics<PairKey, Counter>
    private let produceErrors: LabeledMetrics<String, Counter>
    private let produceRetries: LabeledMetrics<String, Counter>
    private let inFlight: LabeledMetrics<String, Gauge>
    private let paused: LabeledMetrics<String, Gauge>
    private let assignedPartitions: LabeledMetrics<String, Gauge>
    private let lag: LabeledMetrics<LagKey, Gauge>
    private let brokersUp: LabeledMetrics<String, Gauge>
    private let consumerErrors: LabeledMetrics<String, Counter>
    private let latency: LabeledMetrics<String, CoreMetrics.Timer>
    private let rebalances: LabeledMetrics<PairKey, Counter>
    private let stateAddresses: LabeledMetrics<Int32, Gauge>
    private let restoreDuration: CoreMetrics.Timer
    private let readyGauge: Gauge

    /// The formats `bounce_worker_inputs_consumed_total` counts: the input formats, `command` (operator
    /// commands) and `unreadable` (inputs sent to the dead-letter topic).
    public static let inputFormats =
        InputFormat.allCases.filter { $0 != .auto }.map(\.rawValue) + ["command", "unreadable"]

    /// Creates the metrics through `factory` (in production the bootstrapped Prometheus factory; tests pass
    /// their own).
    public init(factory: any MetricsFactory) {
        func inputCounter(_ format: String) -> Counter {
            Counter(label: Name.inputsConsumed, dimensions: [("format", format)], factory: factory)
        }
        inputs = InputFormat.allCases.map { $0 == .auto ? nil : inputCounter($0.rawValue) }
        commandInputs = inputCounter("command")
        unreadableInputs = inputCounter("unreadable")
        messagesProcessed = LabeledMetrics {
            Counter(label: Name.messagesProcessed, dimensions: [("stage", $0)], factory: factory)
        }
        results = LabeledMetrics { Counter(label: Name.results, dimensions: $0.dimensions, factory: factory) }
        duplicates = Counter(label: Name.duplicatesDropped, factory: factory)
        statusChanges = LabeledMetrics {
            Counter(
                label: Name.statusChanges, dimensions: [("status", SubscriberStatus.allCases[$0].rawValue)],
                factory: factory)
        }
        blacklistChanges = LabeledMetrics {
            Counter(
                label: Name.blacklistChanges, dimensions: [("action", BlacklistChange.Action.allCases[$0].rawValue)],
                factory: factory)
        }
        deadLetters = LabeledMetrics { key in
            Counter(
                label: Name.deadLetters, dimensions: [("stage", key.first), ("kind", key.second)], factory: factory)
        }
        produceErrors = LabeledMetrics {
            Counter(label: Name.produceErrors, dimensions: [("topic", $0)], factory: factory)
        }
        produceRetries = LabeledMetrics {
            Counter(label: Name.produceRetries, dimensions: [("topic", $0)], factory: factory)
        }
        inFlight = LabeledMetrics { Gauge(label: Name.inFlight, dimensions: [("stage", $0)], factory: factory) }
        paused = LabeledMetrics { Gauge(label: Name.pausedPartitions, dimensions: [("stage", $0)], factory: factory) }
        assignedPartitions = LabeledMetrics {
            Gauge(label: Name.assignedPartitions, dimensions: [("stage", $0)], factory: factory)
        }
        lag = LabeledMetrics { key in
            Gauge(
                label: Name.consumerLag,
                dimensions: [("stage", key.stage), ("topic", key.topic), ("partition", "\(key.partition)")],
                factory: factory)
        }
        brokersUp = LabeledMetrics { Gauge(label: Name.brokersUp, dimensions: [("stage", $0)], factory: factory) }
        consumerErrors = LabeledMetrics {
            Counter(label: Name.consumerErrors, dimensions: [("stage", $0)], factory: factory)
        }
        latency = LabeledMetrics {
            CoreMetrics.Timer(label: Name.latency, dimensions: [("stage", $0)], factory: factory)
        }
        rebalances = LabeledMetrics { key in
            Counter(label: Name.rebalances, dimensions: [("stage", key.first), ("kind", key.second)], factory: factory)
        }
        stateAddresses = LabeledMetrics {
            Gauge(label: Name.stateAddresses, dimensions: [("partition", "\($0)")], factory: factory)
        }
        restoreDuration = CoreMetrics.Timer(label: Name.restoreDuration, factory: factory)
        readyGauge = Gauge(label: Name.ready, factory: factory)
    }

    /// Records whether the worker is ready (set before each scrape).
    public func recordReady(_ ready: Bool) {
        readyGauge.record(ready ? 1 : 0)
    }

    // MARK: StageObserver

    /// Updates the flow-control gauges.
    public func heartbeat(_ stage: String, inFlight: Int, pausedPartitions: Int, assignedPartitions: Int) {
        self.inFlight[stage].record(inFlight)
        paused[stage].record(pausedPartitions)
        self.assignedPartitions[stage].record(assignedPartitions)
    }

    /// Counts the rebalance.
    public func assigned(_ partitions: [KafkaTopicPartition], stage: String) {
        rebalances[PairKey(first: stage, second: "assigned")].increment()
    }

    /// Counts the rebalance and forgets the lag (and state size) of the partitions given up.
    public func revoked(_ partitions: [KafkaTopicPartition], stage: String, lost: Bool) {
        rebalances[PairKey(first: stage, second: lost ? "lost" : "revoked")].increment()
        let gone = Set(partitions)
        lag.remove(
            where: { $0.stage == stage && gone.contains(KafkaTopicPartition(topic: $0.topic, partition: $0.partition)) }
        ) { $0.destroy() }
        if stage == "policy" {
            let numbers = Set(partitions.map(\.partition))
            stateAddresses.remove(where: { numbers.contains($0) }) { $0.destroy() }
        }
    }

    /// Counts the message and records its latency.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamp: Date?) {
        completed(partition, stage: stage, inputTimestamps: [inputTimestamp])
    }

    /// Counts the messages and records their latencies, looking the stage's metrics up once.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamps: [Date?]) {
        messagesProcessed[stage].increment(by: inputTimestamps.count)
        let now = Date()
        var timer: CoreMetrics.Timer?
        for case let inputTimestamp? in inputTimestamps {
            let seconds = now.timeIntervalSince(inputTimestamp)
            guard seconds >= 0 else { continue }
            if timer == nil { timer = latency[stage] }
            timer?.recordSeconds(seconds)
        }
    }

    /// Counts the failure.
    public func produceFailed(topic: String) { produceErrors[topic].increment() }

    /// Counts the retry.
    public func produceRetried(topic: String) { produceRetries[topic].increment() }

    /// Updates the lag of every assigned partition and the number of brokers up.
    public func statistics(_ statistics: KafkaStatistics, stage: String) {
        guard statistics.clientType == "consumer" else { return }
        for partition in statistics.partitions where partition.consumerLag >= 0 {
            lag[LagKey(stage: stage, topic: partition.topic, partition: partition.partition)].record(
                partition.consumerLag)
        }
        brokersUp[stage].record(statistics.brokers.filter { $0.nodeID >= 0 && $0.state == "UP" }.count)
    }

    /// Counts the error.
    public func consumerError(_ error: KafkaError, stage: String) { consumerErrors[stage].increment() }

    /// Counts the input by format and each result by kind, type, reason and action.
    public func classified(_ results: [BounceResult], format: InputFormat) {
        inputs[caseIndex(of: format)]?.increment()
        for result in results {
            self.results[ResultKey(result)].increment()
        }
    }

    /// Counts the command as an input.
    public func commandForwarded() { commandInputs.increment() }

    /// Counts the dead letter (and, in the classify stage, the unreadable input).
    public func deadLettered(stage: String, kind: String) {
        deadLetters[PairKey(first: stage, second: kind)].increment()
        if stage == "classify" { unreadableInputs.increment() }
    }

    /// Counts duplicates and the status and blacklist changes.
    public func policyApplied(_ outcome: PolicyOutcome) {
        if outcome.duplicate { duplicates.increment() }
        if let change = outcome.statusChange { statusChanges[caseIndex(of: change.status)].increment() }
        if let change = outcome.blacklistChange { blacklistChanges[caseIndex(of: change.action)].increment() }
    }

    /// Records the number of addresses of the partition.
    public func stateSize(partition: Int32, addresses: Int) { stateAddresses[partition].record(addresses) }

    /// Records the restore time.
    public func stateRestored(partition: Int32, addresses: Int, seconds: Double) {
        restoreDuration.recordSeconds(seconds)
    }
}

import Foundation
import KafkaClient
import Synchronization

/// The worker's liveness and readiness, kept up to date as a ``StageObserver``.
///
/// - **Live** (`/health/live`): every running stage's heartbeat ticked within ``livenessTimeout``. The
///   heartbeat is a task of the stage's own task group, so a stuck cooperative pool or a stage that stopped
///   without the process exiting shows here.
/// - **Ready** (`/health/ready`): every stage of this process has joined its group (it was assigned
///   partitions, possibly none, and was not thrown out since), no assigned policy partition is restoring its
///   state, the stages are not shutting down, and the brokers are reachable: the last librdkafka statistics
///   (within ``brokerTimeout``) show a broker up, and no "all brokers down" error came after the last sign of
///   contact (an assignment, an acknowledged message, statistics with a broker up).
public final class WorkerHealth: StageObserver {
    /// The verdict of one check.
    public struct Verdict: Sendable {
        /// Whether the check passed.
        public let ok: Bool
        /// Why not (empty when it passed), one entry per failing condition.
        public let reasons: [String]
    }

    private struct StageState {
        var started = false
        var stopping = false
        var stopped = false
        var joined = false
        var lastHeartbeat: ContinuousClock.Instant?
        var assigned: Set<KafkaTopicPartition> = []
        var preparing: Set<KafkaTopicPartition> = []
        var lastStatistics: ContinuousClock.Instant?
        var brokersUpInLastStatistics = 0
    }

    private struct State {
        var stages: [String: StageState]
        var lastContact: ContinuousClock.Instant?
        var lastAllBrokersDown: ContinuousClock.Instant?
    }

    /// The stages this process runs (e.g. `classify`, `policy`).
    public let stages: [String]
    /// How old a stage's heartbeat may be before the process counts as wedged.
    public let livenessTimeout: Duration
    /// How old the last statistics may be and still tell whether a broker is up.
    public let brokerTimeout: Duration
    private let clock = ContinuousClock()
    private let state: Mutex<State>

    /// Creates the tracker for `stages`.
    public init(stages: [String], livenessTimeout: Duration = .seconds(30), brokerTimeout: Duration = .seconds(30)) {
        self.stages = stages
        self.livenessTimeout = livenessTimeout
        self.brokerTimeout = brokerTimeout
        state = Mutex(State(stages: Dictionary(uniqueKeysWithValues: stages.map { ($0, StageState()) })))
    }

    /// Whether the process is live.
    public func liveness() -> Verdict {
        let now = clock.now
        let reasons = state.withLock { state -> [String] in
            stages.compactMap { name -> String? in
                guard let stage = state.stages[name], stage.started, !stage.stopped else { return nil }
                guard let beat = stage.lastHeartbeat else { return nil }
                let age = beat.duration(to: now)
                return age > livenessTimeout ? "\(name): no heartbeat for \(age.components.seconds) s" : nil
            }
        }
        return Verdict(ok: reasons.isEmpty, reasons: reasons)
    }

    /// Whether the process is ready to do its work.
    public func readiness() -> Verdict {
        let now = clock.now
        let reasons = state.withLock { state -> [String] in
            var reasons: [String] = []
            for name in stages {
                let stage = state.stages[name] ?? StageState()
                if !stage.started {
                    reasons.append("\(name): not started")
                } else if stage.stopping || stage.stopped {
                    reasons.append("\(name): shutting down")
                } else if !stage.joined {
                    reasons.append("\(name): not joined to its consumer group yet")
                }
                if !stage.preparing.isEmpty {
                    let list = stage.preparing.map(\.description).sorted().joined(separator: ",")
                    reasons.append("\(name): restoring state of \(list)")
                }
                if let last = stage.lastStatistics, last.duration(to: now) <= brokerTimeout,
                    stage.brokersUpInLastStatistics == 0
                {
                    reasons.append("\(name): no broker connection is up")
                }
            }
            if let down = state.lastAllBrokersDown, state.lastContact.map({ $0 < down }) ?? true {
                reasons.append("all brokers down (reported \(down.duration(to: now).components.seconds) s ago)")
            }
            return reasons
        }
        return Verdict(ok: reasons.isEmpty, reasons: reasons)
    }

    private func update(_ stage: String, _ body: (inout StageState, inout State) -> Void) {
        state.withLock { state in
            var stageState = state.stages[stage] ?? StageState()
            body(&stageState, &state)
            state.stages[stage] = stageState
        }
    }

    // MARK: StageObserver

    /// Marks the stage started.
    public func stageStarted(_ stage: String) {
        let now = clock.now
        update(stage) { stage, _ in
            stage.started = true
            stage.lastHeartbeat = now
        }
    }

    /// Marks the stage shutting down (not ready any more).
    public func stageStopping(_ stage: String) { update(stage) { stage, _ in stage.stopping = true } }

    /// Marks the stage stopped.
    public func stageStopped(_ stage: String) { update(stage) { stage, _ in stage.stopped = true } }

    /// Records the heartbeat.
    public func heartbeat(_ stage: String, inFlight: Int, pausedPartitions: Int, assignedPartitions: Int) {
        let now = clock.now
        update(stage) { stage, _ in stage.lastHeartbeat = now }
    }

    /// The stage joined (possibly with no partitions); the broker was reached.
    public func assigned(_ partitions: [KafkaTopicPartition], stage: String) {
        let now = clock.now
        update(stage) { stage, state in
            stage.joined = true
            stage.assigned.formUnion(partitions)
            state.lastContact = now
        }
    }

    /// Forgets the partitions; a lost assignment means the member must join again.
    public func revoked(_ partitions: [KafkaTopicPartition], stage: String, lost: Bool) {
        update(stage) { stage, _ in
            stage.assigned.subtract(partitions)
            stage.preparing.subtract(partitions)
            if lost { stage.joined = false }
        }
    }

    /// The partition is restoring.
    public func preparing(_ partition: KafkaTopicPartition, stage: String) {
        update(stage) { stage, _ in stage.preparing.insert(partition) }
    }

    /// The partition's state is restored.
    public func partitionReady(_ partition: KafkaTopicPartition, stage: String) {
        update(stage) { stage, _ in stage.preparing.remove(partition) }
    }

    /// An acknowledged message shows the brokers are reachable.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamp: Date?) {
        let now = clock.now
        state.withLock { $0.lastContact = now }
    }

    /// Acknowledged messages show the brokers are reachable.
    public func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamps: [Date?]) {
        completed(partition, stage: stage, inputTimestamp: nil)
    }

    /// Records whether a broker connection is up.
    public func statistics(_ statistics: KafkaStatistics, stage: String) {
        let now = clock.now
        let up = statistics.brokers.filter { $0.nodeID >= 0 && $0.state == "UP" }.count
        update(stage) { stage, state in
            stage.lastStatistics = now
            stage.brokersUpInLastStatistics = up
            if up > 0 { state.lastContact = now }
        }
    }

    /// Records "all brokers down".
    public func consumerError(_ error: KafkaError, stage: String) {
        guard error.codeName.uppercased().contains("ALL_BROKERS_DOWN") else { return }
        let now = clock.now
        state.withLock { $0.lastAllBrokersDown = now }
    }
}

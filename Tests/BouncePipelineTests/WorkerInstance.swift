import BouncePipeline
import Foundation
import KafkaClient
import Logging
import ServiceLifecycle
import Synchronization

/// Records what a worker instance's stages report, for assertions on rebalances and flow control.
final class RecordingObserver: StageObserver {
    struct Counts: Sendable {
        var assigned = 0
        var revoked = 0
        var lost = 0
        var paused = 0
        var resumed = 0
        var completed = 0
        /// The partitions currently assigned, per topic.
        var assignment: Set<KafkaTopicPartition> = []
    }

    private let counts = Mutex(Counts())

    /// A snapshot of the counts.
    var snapshot: Counts { counts.withLock { $0 } }

    func assigned(_ partitions: [KafkaTopicPartition], stage: String) {
        counts.withLock {
            $0.assigned += partitions.count
            $0.assignment.formUnion(partitions)
        }
    }

    func revoked(_ partitions: [KafkaTopicPartition], stage: String, lost: Bool) {
        counts.withLock {
            $0.revoked += partitions.count
            if lost { $0.lost += partitions.count }
            $0.assignment.subtract(partitions)
        }
    }

    func paused(_ partitions: [KafkaTopicPartition], stage: String) {
        counts.withLock { $0.paused += partitions.count }
    }

    func resumed(_ partitions: [KafkaTopicPartition], stage: String) {
        counts.withLock { $0.resumed += partitions.count }
    }

    func completed(_ partition: KafkaTopicPartition, stage: String, inputTimestamp: Date?) {
        counts.withLock { $0.completed += 1 }
    }
}

/// One worker instance a test runs and stops (gracefully, or by a simulated crash) on its own.
final class WorkerInstance: Sendable {
    let serviceGroup: ServiceGroup
    let observer = RecordingObserver()
    let crashSimulation = CrashSimulation()
    private let finished = Atomic<Bool>(false)
    private let killSignal: AsyncStream<Void>
    private let kill: AsyncStream<Void>.Continuation

    init(configuration: WorkerConfiguration, logger: Logger) throws {
        let worker = BounceWorker(
            configuration: configuration, observer: observer, crashSimulation: crashSimulation, logger: logger)
        serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: try worker.makeServices().map { .init(service: $0) }, logger: logger))
        (killSignal, kill) = AsyncStream.makeStream()
    }

    /// Runs the instance until it stopped gracefully or was crashed.
    func run() async throws {
        defer { finished.store(true, ordering: .releasing) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.serviceGroup.run() }
                group.addTask { for await _ in self.killSignal {} }
                try await group.next()
                group.cancelAll()
                try await group.waitForAll()
            }
        } catch  where crashSimulation.isTriggered {
            // A crashed instance's stages end when their consumers vanish (the service group reports that
            // as an unexpected finish) or by cancellation: either is what a crash looks like.
        }
    }

    /// Whether ``run()`` returned.
    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Starts a graceful shutdown (drain, flush, commit, leave the groups).
    func stop() async {
        await serviceGroup.triggerGracefulShutdown()
    }

    /// Simulates a crash: destroys the consumers without commit or leave, then cancels everything else.
    func crash() async {
        await crashSimulation.trigger()
        kill.finish()
    }
}

/// Reads `VmRSS` from `/proc/self/status`, in bytes (0 where unavailable).
func residentMemoryBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return digits * 1024
    }
    return 0
}

/// The highest resident memory seen by ``sample()``.
final class PeakMemory: Sendable {
    private let peak = Mutex(0)

    /// Reads `VmRSS` now and keeps it if it is the highest so far.
    func sample() {
        let current = residentMemoryBytes()
        peak.withLock { $0 = max($0, current) }
    }

    /// The highest value seen.
    var bytes: Int { peak.withLock { $0 } }
}

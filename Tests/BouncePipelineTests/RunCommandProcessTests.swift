import BouncePipeline
import Foundation
import KafkaClient
import TestSupport
import Testing

/// `bounce-worker run` as a real process against `bounce-worker dev-broker`: inputs produced with kcat
/// come out as bounce-log rows, and SIGTERM drains, commits and exits 0 within the drain deadline.
struct RunCommandProcessTests {
    @Test func runProcessesInputsAndExitsZeroOnSIGTERM() async throws {
        let kcat = try locateKcat()
        let broker = try await DevBrokerProcess.start()
        let bootstrap = broker.bootstrap
        let worker = try BounceWorkerProcess.start(
            ["run"],
            environment: [
                "BW_KAFKA_BROKERS": bootstrap, "BW_SESSION_TIMEOUT_MS": "4000", "BW_HEARTBEAT_INTERVAL_MS": "300",
                "BW_STATISTICS_INTERVAL_MS": "0", "BW_KAFKA_PROPERTIES": "fetch.wait.max.ms=50",
                "BW_DRAIN_TIMEOUT_S": "10", "BW_LOG_LEVEL": "warning",
            ])
        defer { if worker.process.isRunning { worker.process.terminate() } }
        defer { if broker.process.isRunning { broker.process.terminate() } }

        // Each file is one message.
        let produced = try await runProcess(
            kcat, ["-P", "-b", bootstrap, "-t", "bounces.raw", repositoryFile("samples/seed-bounces.json")],
            input: Data())
        #expect(produced == 0)

        let reader = TopicReader(
            connection: KafkaConnectionConfiguration(bootstrapServers: [bootstrap]), partitions: 6)
        try await waitUntil("six bounce-log rows", timeout: .seconds(60)) {
            try await reader.records("bounces.log").count >= 6
        }
        #expect(try await reader.records("bounces.log").count == 6)

        let clock = ContinuousClock()
        let stopping = clock.now
        let status = try await worker.terminate()
        #expect(status == 0, "worker output: \(worker.lastLines())")
        #expect(stopping.duration(to: clock.now) < .seconds(15))
        try await broker.stop()
    }
}

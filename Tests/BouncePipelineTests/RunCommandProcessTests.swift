import BouncePipeline
import Foundation
import KafkaClient
import TestSupport
import Testing

/// `bounce-worker run` as a real process against `bounce-worker dev-broker`: inputs produced with kcat
/// come out as bounce-log rows, and SIGTERM drains, commits and exits 0 within the drain deadline.
struct RunCommandProcessTests {
    @Test func runProcessesInputsAndExitsZeroOnSIGTERM() async throws {
        let binary = try locateBounceWorker()
        let kcat = try locateKcat()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("run-process"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bootstrapFile = directory.appendingPathComponent("bootstrap.txt")

        let broker = Process()
        broker.executableURL = binary
        broker.arguments = ["dev-broker", "--brokers", "1", "--bootstrap-file", bootstrapFile.path]
        broker.standardInput = Pipe()
        broker.standardOutput = LineCollector().pipe
        let brokerExit = Box<Int32?>(nil)
        broker.terminationHandler = { brokerExit.value = $0.terminationStatus }
        try broker.run()
        defer { if broker.isRunning { broker.terminate() } }
        try await waitUntil("the dev broker is ready", timeout: .seconds(20)) {
            ((try? String(contentsOf: bootstrapFile, encoding: .utf8)) ?? "").hasSuffix("\n")
        }
        let bootstrap = try String(contentsOf: bootstrapFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        let worker = Process()
        worker.executableURL = binary
        worker.arguments = ["run"]
        worker.environment = [
            "BW_KAFKA_BROKERS": bootstrap, "BW_SESSION_TIMEOUT_MS": "4000", "BW_HEARTBEAT_INTERVAL_MS": "300",
            "BW_STATISTICS_INTERVAL_MS": "0", "BW_KAFKA_PROPERTIES": "fetch.wait.max.ms=50",
            "BW_DRAIN_TIMEOUT_S": "10", "BW_LOG_LEVEL": "warning",
        ]
        let workerOutput = LineCollector()
        worker.standardOutput = workerOutput.pipe
        worker.standardError = workerOutput.pipe
        let workerExit = Box<Int32?>(nil)
        worker.terminationHandler = { workerExit.value = $0.terminationStatus }
        try worker.run()
        defer { if worker.isRunning { worker.terminate() } }

        // Each file is one message.
        let status = try await runProcess(
            kcat, ["-P", "-b", bootstrap, "-t", "bounces.raw", repositoryFile("samples/seed-bounces.json")],
            input: Data())
        #expect(status == 0)

        let reader = TopicReader(
            connection: KafkaConnectionConfiguration(bootstrapServers: [bootstrap]), partitions: 6)
        try await waitUntil("six bounce-log rows", timeout: .seconds(60)) {
            try await reader.records("bounces.log").count >= 6
        }
        #expect(try await reader.records("bounces.log").count == 6)

        let clock = ContinuousClock()
        let stopping = clock.now
        worker.terminate()  // SIGTERM
        try await waitUntil("the worker exits after SIGTERM", timeout: .seconds(20)) { workerExit.value != nil }
        #expect(workerExit.value == 0, "worker output: \(workerOutput.lines.suffix(20).joined(separator: "\n"))")
        #expect(stopping.duration(to: clock.now) < .seconds(15))

        broker.terminate()
        try await waitUntil("the dev broker exits", timeout: .seconds(20)) { brokerExit.value != nil }
    }
}

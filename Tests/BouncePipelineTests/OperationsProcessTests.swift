import BouncePipeline
import Foundation
import KafkaClient
import TestSupport
import Testing

/// `bounce-worker run` as a real process against `bounce-worker dev-broker`, scraped over HTTP: readiness is
/// 503 until the stages joined, then 200; `/metrics` shows inputs consumed, results and the consumer lag moving
/// as events flow; `bounce-worker health` agrees.
struct OperationsProcessTests {
    @Test func metricsAndHealthFollowTheWork() async throws {
        let binary = try locateBounceWorker()
        let kcat = try locateKcat()
        let broker = try await DevBrokerProcess.start()
        let bootstrap = broker.bootstrap
        let port = try freeTCPPort()
        let worker = try BounceWorkerProcess.start(
            ["run"],
            environment: [
                "BW_KAFKA_BROKERS": bootstrap, "BW_SESSION_TIMEOUT_MS": "4000", "BW_HEARTBEAT_INTERVAL_MS": "300",
                "BW_STATISTICS_INTERVAL_MS": "100", "BW_KAFKA_PROPERTIES": "fetch.wait.max.ms=50",
                "BW_DRAIN_TIMEOUT_S": "10", "BW_LOG_LEVEL": "info", "BW_LOG_FORMAT": "json", "BW_HTTP_PORT": "\(port)",
            ])
        let workerOutput = worker.output
        defer { if worker.process.isRunning { worker.process.terminate() } }
        defer { if broker.process.isRunning { broker.process.terminate() } }

        // Live at once. Not ready before the group joined — but on a loaded machine the join (about 3 s on the
        // mock) may finish before the HTTP server first answers, so the early answer is checked only when it
        // comes in time; `OperationsTests.readinessNeedsJoinedStagesAndRestoredState` pins the rule itself.
        try await waitUntil("the HTTP server answers", timeout: .seconds(20)) {
            (try? HealthProbe.get(port: port, path: "/health/live"))?.status == 200
        }
        let early = try HealthProbe.get(port: port, path: "/health/ready")
        if early.status != 200 {
            #expect(early.status == 503)
            #expect(early.body.contains("not joined"), "not ready for another reason: \(early.body)")
        }
        try await waitUntil("ready", timeout: .seconds(60)) {
            (try? HealthProbe.get(port: port, path: "/health/ready"))?.status == 200
        }
        #expect(try scrape(port).value("bounce_worker_ready") == 1)

        // A first batch; once its offsets are committed, librdkafka reports the lag of those partitions.
        let samples = [
            "samples/seed-bounces.json", "samples/dsn-two-recipients.eml", "samples/arf-complaint.eml",
            "samples/ses-sns-bounce.json",
        ]
        func produceRound(_ round: Int) async throws {
            for sample in samples {
                let status = try await runProcess(
                    kcat, ["-P", "-b", bootstrap, "-t", "bounces.raw", "-k", "round", repositoryFile(sample)],
                    input: Data())
                #expect(status == 0)
            }
        }
        try await produceRound(0)
        try await waitUntil("the first inputs consumed", timeout: .seconds(60)) {
            try scrape(port).sum("bounce_worker_inputs_consumed_total") >= 4
        }
        try await waitUntil("the raw partition's lag is reported", timeout: .seconds(30)) {
            try scrape(port).value("bounce_worker_consumer_lag", labels: ["stage": "classify"]) != nil
        }

        // More batches to the same partition; the lag rises until the next commit, then falls back to 0.
        let lagSeen = Box(0.0)
        let watching = Task {
            while !Task.isCancelled {
                if let metrics = try? scrape(port) {
                    let lag = metrics.sum("bounce_worker_consumer_lag")
                    lagSeen.update { $0 = max($0, lag) }
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        for round in 1..<5 {
            try await produceRound(round)
            try await Task.sleep(for: .milliseconds(300))
        }
        try await waitUntil("every input consumed", timeout: .seconds(60)) {
            try scrape(port).sum("bounce_worker_inputs_consumed_total") >= 20
        }
        try await waitUntil("the lag falls back to 0 once everything is committed", timeout: .seconds(30)) {
            try scrape(port).sum("bounce_worker_consumer_lag") == 0
        }
        watching.cancel()
        let metrics = try scrape(port)
        #expect(metrics.value("bounce_worker_inputs_consumed_total", labels: ["format": "canonical"]) == 5)
        #expect(metrics.value("bounce_worker_inputs_consumed_total", labels: ["format": "email"]) == 10)
        #expect(metrics.value("bounce_worker_inputs_consumed_total", labels: ["format": "ses"]) == 5)
        #expect(metrics.sum("bounce_worker_results_total") >= 50)
        #expect(
            metrics.value(
                "bounce_worker_results_total",
                labels: ["kind": "bounce", "type": "hard", "reason": "userunknown", "action": "blacklist"]) ?? 0 >= 5)
        #expect(metrics.sum("bounce_worker_duplicates_dropped_total") > 0)
        #expect(metrics.sum("bounce_worker_processing_latency_seconds_count") > 0)
        #expect(metrics.sum("bounce_worker_state_addresses") > 0)
        #expect(metrics.samples.contains { $0.name == "bounce_worker_consumer_lag" })
        #expect(lagSeen.value > 0, "the consumer lag never rose above 0")
        #expect(metrics.sum("bounce_worker_rebalances_total") >= 2)

        // The container's health check.
        #expect(try await runProcess(binary, ["health", "--port", "\(port)"], input: Data()) == 0)
        #expect(try await runProcess(binary, ["health", "--ready", "--port", "\(port)"], input: Data()) == 0)

        // JSON log lines, with every address redacted.
        let lines = workerOutput.lines
        #expect(lines.contains { $0.hasPrefix("{\"time\":") && $0.contains("\"message\":\"stage started\"") })
        #expect(!lines.contains { $0.contains("moorevanessa@navarro.com") })

        let status = try await worker.terminate()
        #expect(status == 0, "worker output: \(worker.lastLines())")
        #expect(try await runProcess(binary, ["health", "--port", "\(port)"], input: Data()) == 1)
        try await broker.stop()
    }

    private func scrape(_ port: UInt16) throws -> PrometheusText {
        let response = try HealthProbe.get(port: port, path: "/metrics")
        #expect(response.status == 200)
        return PrometheusText(response.body)
    }
}

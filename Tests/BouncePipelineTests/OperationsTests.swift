import BounceClassifier
import BouncePipeline
import Foundation
import KafkaClient
import Logging
import Prometheus
import Synchronization
import Testing

/// Metrics, health, log redaction, JSON log lines and the operations settings, without Kafka.
struct OperationsTests {
    @Test func redactsAddressesStably() {
        let text = "bounce for Jane.Doe@Example.com and <bob@mx.example.org>; not @ or a@b"
        let redacted = AddressRedaction.redact(text)
        #expect(!redacted.contains("Jane.Doe"))
        #expect(!redacted.contains("bob@"))
        #expect(redacted.contains("J***+"))
        #expect(redacted.contains("@Example.com and <b***+"))
        #expect(redacted.hasSuffix("@mx.example.org>; not @ or a@b"))
        #expect(AddressRedaction.redact(text) == redacted)
        #expect(AddressRedaction.redact("no address here") == "no address here")
    }

    @Test func jsonLinesAreValidJSONAndRedacted() throws {
        let lines = Mutex<[String]>([])
        let handler = JSONLogHandler(label: "test") { bytes in
            lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
        }
        var logger = Logger(label: "test") { _ in RedactingLogHandler(wrapping: handler) }
        logger[metadataKey: "address"] = "someone@example.com"
        logger.info("sent \"quoted\"\nto x@example.net", metadata: ["n": "1", "list": ["a", "b"]])
        let line = try #require(lines.withLock { $0.first })
        #expect(line.hasSuffix("}\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "test")
        let message = try #require(object["message"] as? String)
        #expect(message.hasPrefix("sent \"quoted\"\nto x***+"))
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect((metadata["address"] as? String)?.hasPrefix("s***+") == true)
        #expect(metadata["list"] as? [String] == ["a", "b"])
        #expect(!line.contains("someone@"))
    }

    @Test func operationsSettingsAreReadAndChecked() throws {
        let settings = try WorkerSettings.load(environment: [
            "BW_HTTP_PORT": "off", "BW_LOG_FORMAT": "json", "BW_LOG_REDACT_ADDRESSES": "false",
        ])
        #expect(settings.worker.operations.httpPort == nil)
        #expect(settings.log.format == .json)
        #expect(!settings.log.redactAddresses)
        #expect(try WorkerSettings.load(environment: [:]).worker.operations.httpPort == 9464)
        do {
            _ = try WorkerSettings.load(environment: [
                "BW_HTTP_PORT": "70000", "BW_LOG_FORMAT": "xml", "BW_LOG_REDACT_ADDRESSES": "maybe",
                "BW_KAFKA_SASL_PASSWORD": "hunter2",
            ])
            Issue.record("bad settings were accepted")
        } catch {
            let text = error.description
            #expect(text.contains("BW_HTTP_PORT"))
            #expect(text.contains("BW_LOG_FORMAT"))
            #expect(text.contains("BW_LOG_REDACT_ADDRESSES"))
            #expect(!text.contains("hunter2"))
        }
    }

    @Test func flowSettingsCombine() throws {
        let limits = try WorkerSettings.load(environment: [
            "BW_MAX_IN_FLIGHT_PER_PARTITION": "300", "BW_MAX_IN_FLIGHT_TOTAL": "4000", "BW_TOTAL_BOUND_GRACE_MS": "0",
        ]).worker.limits
        #expect(limits == FlowLimits(maxInFlightPerPartition: 300, maxInFlightTotal: 4_000, totalBoundGrace: .zero))
        #expect(try WorkerSettings.load(environment: [:]).worker.limits == FlowLimits())
        #expect(throws: SettingsError.self) { try WorkerSettings.load(environment: ["BW_TOTAL_BOUND_GRACE_MS": "-1"]) }
    }

    @Test func metricsCountWhatTheStagesReport() throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = WorkerMetrics(factory: WorkerMetrics.prometheusFactory(registry: registry))
        let classifier = BounceClassifier()
        let results = try classifier.classify(
            Array(try String(contentsOfFile: repositoryFile("samples/seed-bounces.json"), encoding: .utf8).utf8))
        metrics.classified(results, format: .canonical)
        metrics.deadLettered(stage: "classify", kind: "malformed_email")
        var duplicate = PolicyOutcome()
        duplicate.duplicate = true
        metrics.policyApplied(duplicate)
        let partition = KafkaTopicPartition(topic: "bounces.raw", partition: 3)
        metrics.completed(partition, stage: "classify", inputTimestamp: Date().addingTimeInterval(-0.2))
        metrics.heartbeat("classify", inFlight: 7, pausedPartitions: 1, assignedPartitions: 12)
        metrics.produceFailed(topic: "bounces.log")
        metrics.produceRetried(topic: "bounces.log")
        metrics.stateRestored(partition: 3, addresses: 10, seconds: 0.5)

        let text = PrometheusText(registry.emitToString())
        #expect(text.value("bounce_worker_inputs_consumed_total", labels: ["format": "canonical"]) == 1)
        #expect(text.value("bounce_worker_inputs_consumed_total", labels: ["format": "unreadable"]) == 1)
        #expect(text.sum("bounce_worker_results_total") == Double(results.count))
        #expect(text.value("bounce_worker_dead_letters_total", labels: ["kind": "malformed_email"]) == 1)
        #expect(text.value("bounce_worker_duplicates_dropped_total") == 1)
        #expect(text.value("bounce_worker_processing_latency_seconds_count", labels: ["stage": "classify"]) == 1)
        #expect(text.value("bounce_worker_in_flight_messages", labels: ["stage": "classify"]) == 7)
        #expect(text.value("bounce_worker_paused_partitions", labels: ["stage": "classify"]) == 1)
        #expect(text.value("bounce_worker_produce_errors_total", labels: ["topic": "bounces.log"]) == 1)
        #expect(text.value("bounce_worker_state_restore_seconds_count") == 1)
    }

    @Test func readinessNeedsJoinedStagesAndRestoredState() {
        let health = WorkerHealth(stages: ["classify", "policy"])
        #expect(!health.readiness().ok)
        #expect(health.liveness().ok)
        health.stageStarted("classify")
        health.stageStarted("policy")
        health.assigned([], stage: "classify")
        #expect(health.readiness().reasons == ["policy: not joined to its consumer group yet"])
        let partition = KafkaTopicPartition(topic: "bounce-worker.classified", partition: 0)
        health.assigned([partition], stage: "policy")
        health.preparing(partition, stage: "policy")
        #expect(!health.readiness().ok)
        health.partitionReady(partition, stage: "policy")
        #expect(health.readiness().ok)
        health.consumerError(
            KafkaError(code: -187, codeName: "_ALL_BROKERS_DOWN", message: "all brokers down"), stage: "policy")
        #expect(!health.readiness().ok)
        health.completed(partition, stage: "policy", inputTimestamp: nil)
        #expect(health.readiness().ok)
        health.revoked([partition], stage: "policy", lost: true)
        #expect(!health.readiness().ok)
        health.assigned([partition], stage: "policy")
        health.stageStopping("classify")
        #expect(health.readiness().reasons == ["classify: shutting down"])
    }
}

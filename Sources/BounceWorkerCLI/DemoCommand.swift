import ArgumentParser
import BounceClassifier
import BouncePipeline
import KafkaClient
import Logging

/// `bounce-worker demo`: the whole pipeline on librdkafka's in-process mock cluster with the bundled samples.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Run the pipeline on an in-process mock Kafka cluster with the bundled samples and print the results.",
        discussion: """
            Starts librdkafka's mock cluster, creates the topics, publishes the sample events (the seed's rows, raw \
            DSN emails, an ARF complaint, a webhook payload, a duplicate, a garbage message), runs two worker \
            instances in one consumer group, sends an operator remove, then prints the bounce log, the status \
            changes, the blacklist and the dead letters.
            """
    )

    @Option(help: "The directory of sample inputs (commands/ inside holds operator commands).")
    var samples: String = "samples"

    @Option(help: "Worker instances in the group.")
    var instances: Int = 2

    @Flag(help: "Show the worker's and librdkafka's log lines.")
    var verbose = false

    func run() async throws {
        var logger = Logger(label: "bounce-worker.demo")
        logger.logLevel = verbose ? .info : .critical
        let scenario = DemoScenario(samplesDirectory: samples, instances: instances, logger: logger)
        let outcome = try await scenario.run { line in
            var out = OutputStream.standardOutput()
            out.line("▸ " + line)
            out.flush()
        }
        var out = OutputStream.standardOutput()
        out.line("")
        out.line("Bounce log (\(outcome.bounceLog.count) rows from \(outcome.inputsPublished) inputs)")
        for line in TextTable.render(
            headers: ["RECIPIENT", "KIND", "TYPE", "REASON", "ACTION", "STATUS", "DIAGNOSTIC"],
            rows: outcome.bounceLog.map { message in
                let row = Self.object(message)
                var status = row["status"]?.stringValue ?? "-"
                if case .number(let reply)? = row["reply_code"] { status = "\(reply) \(status)" }
                return [
                    Self.text(row, "recipient"), Self.text(row, "kind"), Self.text(row, "type"),
                    Self.text(row, "reason"),
                    Self.text(row, "action"), status, Self.text(row, "diagnostic"),
                ]
            })
        {
            out.line(line)
        }
        out.line("")
        out.line("Subscriber status changes (\(outcome.statusChanges.count))")
        for line in TextTable.render(
            headers: ["ADDRESS", "STATUS", "PREVIOUS", "REASON"],
            rows: outcome.statusChanges.map { message in
                let row = Self.object(message)
                return [
                    Self.text(row, "address"), Self.text(row, "status"), Self.text(row, "previous_status"),
                    Self.text(row, "reason"),
                ]
            })
        {
            out.line(line)
        }
        out.line("")
        out.line("Blacklist changes (\(outcome.blacklist.count))")
        for line in TextTable.render(
            headers: ["ADDRESS", "ACTION", "REASON"],
            rows: outcome.blacklist.map { message in
                let row = Self.object(message)
                return [Self.text(row, "address"), Self.text(row, "action"), Self.text(row, "reason")]
            })
        {
            out.line(line)
        }
        out.line("")
        out.line("Dead letters (\(outcome.deadLetters.count))")
        for line in TextTable.render(
            headers: ["KEY", "ORIGIN", "ERROR"],
            rows: outcome.deadLetters.map { message in
                [
                    message.key.map { String(decoding: $0, as: UTF8.self) } ?? "-",
                    RecordHeaders.value(RecordHeaders.source, in: message.headers) ?? "-",
                    RecordHeaders.value(RecordHeaders.error, in: message.headers) ?? "-",
                ]
            })
        {
            out.line(line)
        }
        out.flush()
    }

    private static func object(_ message: KafkaMessage) -> JSONObject {
        (try? JSONParser().parse(message.value).objectValue) ?? JSONObject()
    }

    private static func text(_ object: JSONObject, _ key: String) -> String {
        object[key]?.stringValue ?? "-"
    }
}

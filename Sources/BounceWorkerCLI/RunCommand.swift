import ArgumentParser
import BouncePipeline
import Foundation
import Logging
import Metrics

/// `bounce-worker run`: the production worker.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the worker: consume raw bounces, publish bounce-log rows, status and blacklist changes.",
        discussion: """
            Settings come from environment variables (BW_*) and an optional file; see the README. Serves \
            /metrics, /health/live and /health/ready on BW_HTTP_PORT (default 9464).
            """
    )

    @Option(help: "A settings file (KEY=VALUE lines, the same names as the environment variables).")
    var config: String?

    func run() async throws {
        let settings = try WorkerSettings.load(environment: ProcessInfo.processInfo.environment, file: config)
        settings.log.bootstrap()
        let logger = Logger(label: "bounce-worker")
        let operations = WorkerOperations(worker: settings.worker)
        MetricsSystem.bootstrap(operations.factory)
        logger.info("starting", metadata: ["configuration": "\(settings.redactedDescription)"])
        try await BounceWorker(
            configuration: settings.worker, observer: operations.observer,
            auxiliaryServices: operations.services(logger: logger), logger: logger
        ).run()
    }
}

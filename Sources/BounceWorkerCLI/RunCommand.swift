import ArgumentParser
import BouncePipeline
import Foundation
import Logging

/// `bounce-worker run`: the production worker.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the worker: consume raw bounces, publish bounce-log rows, status and blacklist changes.",
        discussion: "Settings come from environment variables (BW_*) and an optional file; see the README."
    )

    @Option(help: "A settings file (KEY=VALUE lines, the same names as the environment variables).")
    var config: String?

    func run() async throws {
        let settings = try WorkerSettings.load(environment: ProcessInfo.processInfo.environment, file: config)
        var logger = Logger(label: "bounce-worker")
        logger.logLevel = settings.logLevel
        logger.info("starting", metadata: ["configuration": "\(settings.redactedDescription)"])
        try await BounceWorker(configuration: settings.worker, logger: logger).run()
    }
}

import ArgumentParser

/// The `bounce-worker` command line: the worker and its tools.
@main
struct BounceWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bounce-worker",
        abstract: "Classifies email bounces and publishes what must follow.",
        subcommands: [
            RunCommand.self, DemoCommand.self, ConfigCommand.self, ClassifyCommand.self, ExplainCommand.self,
            DevBrokerCommand.self,
        ]
    )
}

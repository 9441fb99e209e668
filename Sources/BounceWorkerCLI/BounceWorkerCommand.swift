import ArgumentParser

@main
struct BounceWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bounce-worker",
        abstract: "Classifies email bounces and publishes what must follow.",
        subcommands: [DevBrokerCommand.self]
    )
}

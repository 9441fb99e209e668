import ArgumentParser
import BouncePipeline
import Foundation

/// `bounce-worker config`: prints the effective configuration (secrets masked) or validates it.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration (secrets masked), validate it, or print the settings reference."
    )

    @Option(help: "A settings file (NAME=VALUE lines), as for `run`.")
    var config: String?

    @Flag(help: "Only validate: exit 0 if every setting is valid, else print each bad one and exit 1.")
    var check = false

    @Flag(help: "Print the reference table of every setting (Markdown).")
    var reference = false

    func run() throws {
        var out = OutputStream.standardOutput()
        defer { out.flush() }
        if reference {
            out.line("| Variable | Default | Meaning |")
            out.line("|---|---|---|")
            for setting in WorkerSettings.table {
                out.line("| `\(setting.name)` | \(setting.defaultValue.map { "`\($0)`" } ?? "—") | \(setting.help) |")
            }
            return
        }
        let settings: WorkerSettings
        do {
            settings = try WorkerSettings.load(environment: ProcessInfo.processInfo.environment, file: config)
        } catch {
            var err = OutputStream.standardError()
            err.line("\(error)")
            err.flush()
            throw ExitCode(1)
        }
        if check {
            out.line("configuration is valid")
            return
        }
        settings.redactedLines.forEach { out.line($0) }
    }
}

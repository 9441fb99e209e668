import ArgumentParser
import BounceClassifier

/// `bounce-worker classify`: classifies bounce inputs and prints one JSON object per recipient result.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify bounce inputs (JSON events, webhooks, raw bounce emails) and print JSON Lines.",
        discussion: """
            Each recipient result is one JSON object on its own line, in input order, with the input's file name \
            and the recipient's 1-based index within it. An input that cannot be parsed prints \
            {"file": ..., "error": ...}; the exit status is 1 if any input failed.
            """
    )

    /// How results are printed.
    enum OutputStyle: String, ExpressibleByArgument, CaseIterable {
        /// JSON Lines, one object per result.
        case jsonl
        /// The bounce-log table.
        case table
    }

    @Option(help: "The suppression policy: standard or acelle.")
    var policy: SuppressionPolicy = .standard

    @Option(help: "The input format: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: InputFormat = .auto

    @Option(help: "Output style: jsonl or table.")
    var output: OutputStyle = .jsonl

    @Argument(help: "Files or directories to classify; '-' or nothing reads standard input.")
    var inputs: [String] = []

    func run() throws {
        let classifier = BounceClassifier(policy: policy)
        var out = OutputStream.standardOutput()
        var table = BounceLogTable()
        var failures = 0
        var errors: [String] = []
        for input in InputFiles.expand(inputs) {
            let outcome: Result<[BounceResult], any Error>
            switch InputFiles.read(input) {
            case .success(let bytes):
                do throws(ClassificationError) {
                    outcome = .success(try classifier.classify(bytes, format: format))
                } catch {
                    outcome = .failure(error)
                }
            case .failure(let error):
                outcome = .failure(ClassificationError(.empty, error.message))
            }
            switch (outcome, output) {
            case (.success(let results), .jsonl):
                for (index, result) in results.enumerated() {
                    var json = JSONOutput()
                    json.beginObject()
                    json.field("file", input.name)
                    json.field("index", index + 1)
                    result.writeFields(to: &json)
                    json.endObject()
                    out.write(json.finish())
                    out.write([0x0A])
                }
            case (.success(let results), .table):
                results.forEach { table.append($0) }
            case (.failure(let error), _):
                failures += 1
                var json = JSONOutput()
                json.beginObject()
                json.field("file", input.name)
                json.field("error", "\(error)")
                json.endObject()
                if output == .jsonl {
                    out.write(json.finish())
                    out.write([0x0A])
                } else {
                    errors.append("\(input.name): \(error)")
                }
            }
        }
        if output == .table {
            table.render().forEach { out.line($0) }
            if !errors.isEmpty {
                out.line("")
                out.line("Not classified (\(errors.count)):")
                errors.forEach { out.line("  " + $0) }
            }
        }
        out.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}

import BounceClassifier
import Foundation
import TestSupport
import Testing

/// Fixture loading and compact result summaries for the JSON format tests.
enum WebhookFixtures {
    /// The bytes of `Fixtures/webhooks/<name>.json`.
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/webhooks"),
            "missing fixture \(name).json")
        return Array(try Data(contentsOf: url))
    }

    /// `"bounce hard userunknown 5.1.1 blacklist jane.doe@example.com"`: kind, type, reason, status (or `-`),
    /// action and recipient of each result.
    static func summaries(_ results: [BounceResult]) -> [String] {
        results.map {
            [
                $0.kind.rawValue, $0.type.rawValue, $0.reason.rawValue, $0.status?.description ?? "-",
                $0.action.rawValue, $0.recipient,
            ].joined(separator: " ")
        }
    }

    /// The summaries of a fixture's results under `policy`.
    static func summaries(_ name: String, policy: SuppressionPolicy, format: InputFormat = .auto) throws -> [String] {
        summaries(try BounceClassifier(policy: policy).classify(bytes(name), format: format))
    }

    /// A Message-ID without its angle brackets, so that tests do not depend on whether results keep them.
    static func bare(_ id: String?) -> String? {
        id.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
    }

    /// The error classifying `input` throws, or `nil` when it succeeds.
    static func error(_ input: [UInt8], format: InputFormat = .auto) -> ClassificationError? {
        do {
            _ = try BounceClassifier().classify(input, format: format)
            return nil
        } catch {
            return error
        }
    }

    /// The error classifying `text` throws, or `nil` when it succeeds.
    static func error(_ text: String, format: InputFormat = .auto) -> ClassificationError? {
        error(Array(text.utf8), format: format)
    }
}

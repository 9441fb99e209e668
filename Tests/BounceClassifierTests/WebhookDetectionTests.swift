import BounceClassifier
import TestSupport
import Testing

@Suite struct WebhookDetectionTests {
    static let fixtures: [(String, InputFormat)] = [
        ("canonical-batch", .canonical), ("ses-bounce", .ses), ("ses-bounce-sns", .ses),
        ("ses-bounce-suppressed", .ses), ("ses-complaint", .ses), ("ses-delivery", .ses),
        ("ses-delivery-delay", .ses), ("sendgrid-events", .sendgrid), ("mailgun-failed-permanent", .mailgun),
        ("mailgun-failed-temporary", .mailgun), ("mailgun-suppressed", .mailgun), ("mailgun-complained", .mailgun),
        ("postmark-hard-bounce", .postmark), ("postmark-soft-bounce", .postmark),
        ("postmark-auto-responder", .postmark), ("postmark-spam-complaint", .postmark),
        ("sparkpost-batch", .sparkpost),
    ]

    @Test(arguments: fixtures)
    func detectsEachFormat(_ name: String, _ format: InputFormat) throws {
        let classifier = BounceClassifier()
        let detected = try classifier.classify(WebhookFixtures.bytes(name))
        #expect(!detected.isEmpty)
        #expect(detected.allSatisfy { $0.format == format })
        #expect(try classifier.classify(WebhookFixtures.bytes(name), format: format) == detected)
    }

    @Test(arguments: fixtures)
    func forcedMismatchesFailCleanly(_ name: String, _ format: InputFormat) throws {
        let input = try WebhookFixtures.bytes(name)
        for other in [InputFormat.canonical, .ses, .sendgrid, .mailgun, .postmark, .sparkpost] where other != format {
            let error = WebhookFixtures.error(input, format: other)
            #expect(error?.kind == .unrecognizedFormat, "\(name) forced as \(other)")
            #expect(error?.message.hasPrefix("expected") == true)
        }
    }

    @Test func unknownShapesAreUnrecognized() {
        for input in [#"{"foo": 1}"#, "[1, 2]", #"[{"foo": 1}]"#, "[[]]"] {
            let error = WebhookFixtures.error(input, format: .auto)
            #expect(error?.kind == .unrecognizedFormat, "\(input)")
        }
    }

    @Test func mutatedFixturesNeverCrash() throws {
        var random = SeededGenerator(seed: 42)
        let classifier = BounceClassifier(limits: ClassifierLimits(maximumJSONDepth: 16))
        for (name, _) in Self.fixtures {
            let original = try WebhookFixtures.bytes(name)
            for _ in 0..<150 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes.remove(at: index)
                    default:
                        let structural = Array(#"{}[]",:0"#.utf8)
                        bytes.insert(structural[Int.random(in: 0..<structural.count, using: &random)], at: index)
                    }
                }
                _ = try? classifier.classify(bytes)
            }
        }
    }
}

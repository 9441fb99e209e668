import BounceClassifier
import Testing

@Suite struct CanonicalEventTests {
    static let event = #"""
        {"id": "evt-1", "event": "bounce", "recipient": "Jane.Doe@Example.com",
         "smtp_reply": "550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown",
         "diagnostic": "ignored when smtp_reply is present", "status": "5.1.1", "reply_code": 550,
         "remote_mta": "mx1.example.com", "campaign_id": "c-42", "subscriber_id": 1001, "list_id": "l-7",
         "message_id": "<campaign-42.1001@esp.example>", "timestamp": "2024-05-01T12:00:03Z"}
        """#

    @Test func singleEventMapsEveryField() throws {
        let results = try BounceClassifier().classify(Self.event)
        let result = try #require(results.first)
        #expect(results.count == 1)
        #expect(result.format == .canonical)
        #expect(result.kind == .bounce)
        #expect(result.type == .hard)
        #expect(result.reason == .userunknown)
        #expect(result.status?.description == "5.1.1")
        #expect(result.statusSource == .dsn)
        #expect(result.replyCode == 550)
        #expect(result.diagnostic == "550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown")
        #expect(result.recipient == "jane.doe@example.com")
        #expect(result.remoteMTA == "mx1.example.com")
        #expect(WebhookFixtures.bare(result.originalMessageID) == "campaign-42.1001@esp.example")
        #expect(result.campaignID == "c-42")
        #expect(result.subscriberID == "1001")
        #expect(result.listID == "l-7")
        #expect(result.occurredAt == "2024-05-01T12:00:03Z")
        #expect(result.action == .blacklist)
    }

    @Test func theStreamingPathAndTheTreePathAgree() throws {
        // An unknown member sends the event through the tree; the results must not change.
        let withExtra = Self.event.replacingOccurrences(of: #""id": "evt-1","#, with: #""id": "evt-1", "x": [1],"#)
        #expect(withExtra != Self.event)
        let classifier = BounceClassifier()
        #expect(try classifier.classify(withExtra) == classifier.classify(Self.event))
        let batch = try WebhookFixtures.bytes("canonical-batch")
        let batchWithExtra = Array(
            String(decoding: batch, as: UTF8.self)
                .replacingOccurrences(of: #""id": "evt-2","#, with: #""id": "evt-2", "queue": {"id": "Q1"},"#).utf8)
        // Events without an id are identified by a hash of the input, which the extra member changes.
        func withoutEventIDs(_ results: [BounceResult]) -> [BounceResult] {
            results.map {
                var result = $0
                result.eventID = ""
                return result
            }
        }
        #expect(try withoutEventIDs(classifier.classify(batchWithExtra)) == withoutEventIDs(classifier.classify(batch)))
    }

    @Test func batchGivesResultsInOrder() throws {
        let standard = try WebhookFixtures.summaries("canonical-batch", policy: .standard)
        #expect(
            standard == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "delayed soft mailboxfull 4.2.2 none full@example.net",
                "complaint unknown feedback - spam_reported angry@example.com",
                "bounce hard blocked 5.7.1 none blocked@example.org",
            ])
        let acelle = try WebhookFixtures.summaries("canonical-batch", policy: .acelle)
        #expect(
            acelle == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "delayed soft mailboxfull 4.2.2 none full@example.net",
                "complaint unknown feedback - spam_reported angry@example.com",
                "bounce hard blocked 5.7.1 blacklist blocked@example.org",
            ])
        let results = try BounceClassifier().classify(WebhookFixtures.bytes("canonical-batch"))
        #expect(results.map(\.replyCode) == [550, 452, nil, 554])
        #expect(results[1].occurredAt == "2024-05-01T12:00:05Z")
        #expect(results[1].diagnostic == "452 4.2.2 Mailbox full")
        #expect(Set(results.map(\.eventID)).count == 4)
    }

    @Test func minimalEventDefaultsToBounce() throws {
        let result = try #require(try BounceClassifier().classify(#"{"recipient": "x@example.com"}"#).first)
        #expect(result.kind == .bounce)
        #expect(result.reason == .onhold)
        #expect(result.type == .unknown)
        #expect(result.format == .canonical)
    }

    @Test func sameEventGivesTheSameEventID() throws {
        let classifier = BounceClassifier()
        let first = try classifier.classify(Self.event)
        let second = try classifier.classify(Self.event + "\n")
        #expect(first.map(\.eventID) == second.map(\.eventID))
    }

    @Test(arguments: [
        (1_714_564_803.908181, "2024-05-01T12:00:03.908Z"), (0, "1970-01-01T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
        (1_709_251_199.9996, "2024-03-01T00:00:00Z"),
    ])
    func unixTimestampsBecomeISO8601(_ seconds: Double, _ expected: String) throws {
        let event = #"{"recipient": "x@example.com", "timestamp": \#(seconds)}"#
        #expect(try BounceClassifier().classify(event).first?.occurredAt == expected)
    }

    @Test func unixTimestampsMayBeStrings() throws {
        let event = #"{"recipient": "x@example.com", "timestamp": "1714564803"}"#
        #expect(try BounceClassifier().classify(event).first?.occurredAt == "2024-05-01T12:00:03Z")
    }

    @Test(
        arguments: [
            (#"{"event": "bounce"}"#, ClassificationError.Kind.unrecognizedFormat, "$"),
            (#"{"recipient": ""}"#, .missingField, "recipient"),
            (#"{"recipient": null}"#, .missingField, "recipient"),
            (#"{"recipient": 42}"#, .invalidField, "recipient"),
            (#"{"recipient": "x@example.com", "reply_code": true}"#, .invalidField, "reply_code"),
            (#"{"recipient": "x@example.com", "reply_code": 999}"#, .invalidField, "reply_code"),
            (#"{"recipient": "x@example.com", "status": "5.1"}"#, .invalidField, "status"),
            (#"{"recipient": "x@example.com", "event": "opened"}"#, .invalidField, "event"),
            (#"{"recipient": "x@example.com", "timestamp": -5}"#, .invalidField, "timestamp"),
            (#"{"recipient": "x@example.com", "campaign_id": {"a": 1}}"#, .invalidField, "campaign_id"),
            (#"[{"recipient": "x@example.com"}, {"id": 2}]"#, .missingField, "[1].recipient"),
            (#"[{"recipient": "x@example.com"}, 7]"#, .invalidField, "[1]"),
            ("[]", .noRecipients, nil),
            (#"{"recipient": "x@example.com",}"#, .malformedJSON, "byte 30"),
        ] as [(String, ClassificationError.Kind, String?)])
    func invalidEventsFailWithALocation(_ input: String, _ kind: ClassificationError.Kind, _ location: String?) {
        let error = WebhookFixtures.error(input)
        #expect(error?.kind == kind, "\(input)")
        #expect(error?.location == location, "\(input)")
    }

    @Test func forcedCanonicalRejectsOtherShapes() throws {
        let error = WebhookFixtures.error(try WebhookFixtures.bytes("ses-bounce"), format: .canonical)
        #expect(error?.kind == .unrecognizedFormat)
        #expect(error?.message.contains("canonical bounce event") == true)
    }

    @Test func batchesLargerThanTheLimitAreRejected() {
        let batch = "[" + Array(repeating: #"{"recipient": "x@example.com"}"#, count: 3).joined(separator: ",") + "]"
        let classifier = BounceClassifier(limits: ClassifierLimits(maximumRecipients: 2))
        #expect(throws: ClassificationError.self) { try classifier.classify(batch) }
    }
}

extension CanonicalEventTests {
    @Test(arguments: [
        ("5.1.1", "5.1.1"), ("4.2.2", "4.2.2"), ("5.7.509", "5.7.509"), (" 5.1.1 ", "5.1.1"), ("#5.1.1", "5.1.1"),
        ("2.0.0", "2.0.0"),
    ])
    func statusCodesAreRead(_ text: String, _ expected: String) throws {
        let event = #"{"recipient": "x@example.com", "status": "\#(text)"}"#
        #expect(try BounceClassifier().classify(event).first?.status?.description == expected)
    }

    @Test(arguments: ["05.1.1", "5.1", "5..1", "1.1.1", "5.1.1.1", "5.1.1000", "5.1.x", "550"])
    func invalidStatusCodesAreRejected(_ text: String) {
        let error = WebhookFixtures.error(#"{"recipient": "x@example.com", "status": "\#(text)"}"#)
        #expect(error?.kind == .invalidField, "\(text)")
        #expect(error?.location == "status")
    }
}

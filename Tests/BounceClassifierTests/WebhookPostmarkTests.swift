import BounceClassifier
import Testing

@Suite struct WebhookPostmarkTests {
    @Test func bouncesUnderBothPolicies() throws {
        for policy in SuppressionPolicy.allCases {
            #expect(
                try WebhookFixtures.summaries("postmark-hard-bounce", policy: policy) == [
                    "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com"
                ])
            #expect(
                try WebhookFixtures.summaries("postmark-auto-responder", policy: policy) == [
                    "auto_reply unknown vacation - none away@example.com"
                ])
            #expect(
                try WebhookFixtures.summaries("postmark-spam-complaint", policy: policy) == [
                    "complaint unknown feedback - spam_reported angry@example.com"
                ])
        }
        #expect(
            try WebhookFixtures.summaries("postmark-soft-bounce", policy: .standard) == [
                "bounce soft mailboxfull 4.2.2 none full@example.net"
            ])
        #expect(
            try WebhookFixtures.summaries("postmark-soft-bounce", policy: .acelle) == [
                "bounce soft mailboxfull - none full@example.net"
            ])
    }

    @Test func fields() throws {
        let result = try #require(
            try BounceClassifier().classify(WebhookFixtures.bytes("postmark-hard-bounce")).first)
        #expect(result.format == .postmark)
        #expect(result.diagnostic == "smtp;550 5.1.1 The email account that you tried to reach does not exist.")
        #expect(result.originalMessageID == "883953f4-6105-42a2-a16a-77a8eac79483")
        #expect(result.occurredAt == "2024-05-01T12:00:03.9070259Z")
        #expect(result.campaignID == "c-42")
        #expect(result.subscriberID == "1001")
        #expect(result.listID == "l-7")
    }

    @Test func hardBounceWithoutACodeIsHardButNotBlacklistedByStandard() throws {
        let record =
            #"{"RecordType": "Bounce", "ID": 7, "Type": "HardBounce", "TypeCode": 1, "Email": "x@example.com", "Details": "Message rejected"}"#
        let standard = try #require(try BounceClassifier(policy: .standard).classify(record).first)
        #expect(standard.type == .hard)
        #expect(standard.action == .none)
        let acelle = try #require(try BounceClassifier(policy: .acelle).classify(record).first)
        #expect(acelle.type == .hard)
        #expect(acelle.action == .blacklist)
    }

    @Test func typeCodeIsUsedWhenTypeIsMissing() throws {
        let record = #"{"TypeCode": 100000, "Email": "bad@@example.com", "ID": 8}"#
        let result = try #require(try BounceClassifier().classify(record).first)
        #expect(result.format == .postmark)
        #expect(result.reason == .userunknown)
        #expect(result.type == .hard)
    }

    @Test func typesThatAreNotBounceResultsReportNoRecipients() {
        let unsubscribe = #"{"RecordType": "Bounce", "Type": "Unsubscribe", "TypeCode": 16, "Email": "x@example.com"}"#
        #expect(WebhookFixtures.error(unsubscribe)?.kind == .noRecipients)
        let open = #"{"RecordType": "Open", "Recipient": "x@example.com", "MessageID": "m"}"#
        #expect(WebhookFixtures.error(open)?.kind == .noRecipients)
    }

    @Test func missingEmailNamesItsPath() {
        let error = WebhookFixtures.error(#"{"RecordType": "Bounce", "Type": "HardBounce"}"#)
        #expect(error?.kind == .missingField)
        #expect(error?.location == "Email")
    }
}

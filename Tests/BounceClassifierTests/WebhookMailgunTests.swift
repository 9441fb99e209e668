import BounceClassifier
import Testing

@Suite struct WebhookMailgunTests {
    @Test func failuresUnderBothPolicies() throws {
        for policy in SuppressionPolicy.allCases {
            #expect(
                try WebhookFixtures.summaries("mailgun-failed-permanent", policy: policy) == [
                    "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com"
                ])
            #expect(
                try WebhookFixtures.summaries("mailgun-failed-temporary", policy: policy) == [
                    "bounce soft mailboxfull 4.2.2 none full@example.net"
                ])
            #expect(
                try WebhookFixtures.summaries("mailgun-complained", policy: policy) == [
                    "complaint unknown feedback - spam_reported angry@example.com"
                ])
        }
        #expect(
            try WebhookFixtures.summaries("mailgun-suppressed", policy: .standard) == [
                "bounce hard suppressed 5.7.1 none gone@example.net"
            ])
        #expect(
            try WebhookFixtures.summaries("mailgun-suppressed", policy: .acelle) == [
                "bounce hard suppressed - blacklist gone@example.net"
            ])
    }

    @Test func fields() throws {
        let result = try #require(
            try BounceClassifier().classify(WebhookFixtures.bytes("mailgun-failed-permanent")).first)
        #expect(result.format == .mailgun)
        #expect(result.replyCode == 550)
        #expect(result.remoteMTA == "gmail-smtp-in.l.google.com")
        #expect(result.originalMessageID == "20240501120000.1.ABCDEF@mg.esp.example")
        #expect(result.occurredAt == "2024-05-01T12:00:03.908Z")
        #expect(result.campaignID == "c-42")
        #expect(result.subscriberID == "1001")
        #expect(result.listID == "l-7")
        let suppressed = try #require(
            try BounceClassifier().classify(WebhookFixtures.bytes("mailgun-suppressed")).first)
        #expect(suppressed.diagnostic == "Not delivering to previously bounced address")
        #expect(suppressed.replyCode == nil)
        let complaint = try #require(
            try BounceClassifier().classify(WebhookFixtures.bytes("mailgun-complained")).first)
        #expect(complaint.campaignID == "42")
    }

    @Test func bareEventDataIsDetected() throws {
        let result = try #require(
            try BounceClassifier().classify(WebhookFixtures.bytes("mailgun-failed-temporary")).first)
        #expect(result.format == .mailgun)
        #expect(result.occurredAt == "2024-05-01T12:01:40.500Z")
    }

    @Test func otherEventsReportNoRecipients() throws {
        #expect(WebhookFixtures.error(try WebhookFixtures.bytes("mailgun-opened"))?.kind == .noRecipients)
    }

    @Test func missingRecipientNamesItsPath() {
        let input = #"{"signature": {}, "event-data": {"event": "failed", "severity": "permanent"}}"#
        let error = WebhookFixtures.error(input)
        #expect(error?.kind == .missingField)
        #expect(error?.location == "event-data.recipient")
    }
}

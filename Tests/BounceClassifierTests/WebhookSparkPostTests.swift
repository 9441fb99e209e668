import BounceClassifier
import Testing

@Suite struct WebhookSparkPostTests {
    @Test func batchUnderBothPolicies() throws {
        #expect(
            try WebhookFixtures.summaries("sparkpost-batch", policy: .standard) == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "bounce hard blocked 5.7.1 none blocked@example.org",
                "delayed soft mailboxfull 4.2.2 none full@example.net",
                "complaint unknown feedback - spam_reported angry@example.com",
                "delivered unknown delivered - none happy@example.com",
                "auto_reply unknown vacation - none away@example.com",
            ])
        #expect(
            try WebhookFixtures.summaries("sparkpost-batch", policy: .acelle) == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "bounce hard blocked 5.7.1 blacklist blocked@example.org",
                "delayed soft mailboxfull 4.2.2 none full@example.net",
                "complaint unknown feedback - spam_reported angry@example.com",
                "delivered unknown delivered - none happy@example.com",
                "auto_reply unknown vacation - none away@example.com",
            ])
    }

    @Test func fields() throws {
        let result = try #require(try BounceClassifier().classify(WebhookFixtures.bytes("sparkpost-batch")).first)
        #expect(result.format == .sparkpost)
        #expect(result.recipient == "jane.doe@example.com")
        #expect(result.diagnostic == "550 5.1.1 <Jane.Doe@example.com>: Recipient address rejected: User unknown")
        #expect(result.replyCode == 550)
        #expect(result.remoteMTA == "198.51.100.25")
        #expect(result.originalMessageID == "000443ee14578172be22")
        #expect(result.occurredAt == "2024-05-01T12:00:03Z")
        #expect(result.campaignID == "c-42")
        #expect(result.subscriberID == "1001")
        #expect(result.listID == "l-7")
    }

    @Test func bounceClassWithoutACodeDecidesTheHints() throws {
        let event =
            #"[{"msys": {"message_event": {"type": "bounce", "bounce_class": "10", "rcpt_to": "x@example.com", "raw_reason": "rejected", "event_id": "1"}}}]"#
        for policy in SuppressionPolicy.allCases {
            let result = try #require(try BounceClassifier(policy: policy).classify(event).first)
            #expect(result.reason == .userunknown)
            #expect(result.type == .hard)
            #expect(result.action == .blacklist)
        }
    }

    @Test func pingAndTrackingOnlyBatchesReportNoRecipients() {
        #expect(WebhookFixtures.error(#"[{"msys": {}}]"#)?.kind == .noRecipients)
        let track = #"[{"msys": {"track_event": {"type": "click", "rcpt_to": "x@example.com"}}}]"#
        #expect(WebhookFixtures.error(track)?.kind == .noRecipients)
    }

    @Test func missingRecipientNamesItsPath() {
        let batch = #"[{"msys": {"message_event": {"type": "bounce", "bounce_class": "10"}}}]"#
        let error = WebhookFixtures.error(batch)
        #expect(error?.kind == .missingField)
        #expect(error?.location == "[0].msys.message_event.rcpt_to")
    }
}

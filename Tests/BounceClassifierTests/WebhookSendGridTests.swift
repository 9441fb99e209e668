import BounceClassifier
import Testing

@Suite struct WebhookSendGridTests {
    @Test func eventBatchUnderBothPolicies() throws {
        #expect(
            try WebhookFixtures.summaries("sendgrid-events", policy: .standard) == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "bounce hard badreputation 5.7.1 none blocked@example.org",
                "delayed soft mailboxfull 4.2.2 none slow@example.com",
                "bounce hard suppressed 5.7.1 none old-bounce@example.com",
                "complaint unknown feedback - spam_reported angry@example.com",
                "delivered unknown delivered 2.0.0 none happy@example.com",
            ])
        #expect(
            try WebhookFixtures.summaries("sendgrid-events", policy: .acelle) == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "bounce hard badreputation 5.7.1 blacklist blocked@example.org",
                "delayed soft mailboxfull 4.2.2 none slow@example.com",
                "bounce hard suppressed - blacklist old-bounce@example.com",
                "complaint unknown feedback - spam_reported angry@example.com",
                "delivered unknown delivered 2.0.0 none happy@example.com",
            ])
    }

    @Test func fields() throws {
        let results = try BounceClassifier().classify(WebhookFixtures.bytes("sendgrid-events"))
        let bounce = try #require(results.first)
        #expect(bounce.format == .sendgrid)
        #expect(bounce.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist.")
        #expect(WebhookFixtures.bare(bounce.originalMessageID) == "14c5d75ce93.dfd.64b469@ismtpd-555")
        #expect(bounce.occurredAt == "2024-05-01T12:00:03Z")
        #expect(bounce.campaignID == "c-42")
        #expect(bounce.subscriberID == "1001")
        #expect(bounce.listID == "l-7")
        #expect(results[2].diagnostic == "452 4.2.2 Mailbox over quota, try again later")
        #expect(
            results[4].originalMessageID == "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.000000000000000000005")
        #expect(Set(results.map(\.eventID)).count == results.count)
    }

    @Test func engagementOnlyBatchReportsNoRecipients() throws {
        let error = WebhookFixtures.error(try WebhookFixtures.bytes("sendgrid-engagement"))
        #expect(error?.kind == .noRecipients)
    }

    @Test func singleEventObjectIsAccepted() throws {
        let event =
            #"{"email": "x@example.com", "event": "bounce", "type": "bounce", "status": "5.1.1", "reason": "550 5.1.1 no such user", "sg_event_id": "e1", "timestamp": 1714564803}"#
        let result = try #require(try BounceClassifier().classify(event).first)
        #expect(result.format == .sendgrid)
        #expect(result.reason == .userunknown)
    }

    @Test func missingEmailNamesItsPath() {
        let batch =
            #"[{"event": "bounce", "sg_event_id": "e1", "email": "a@example.com"}, {"event": "dropped", "sg_event_id": "e2"}]"#
        let error = WebhookFixtures.error(batch)
        #expect(error?.kind == .missingField)
        #expect(error?.location == "[1].email")
    }
}

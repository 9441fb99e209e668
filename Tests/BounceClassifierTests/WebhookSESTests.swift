import BounceClassifier
import Testing

@Suite struct WebhookSESTests {
    @Test func bounceUnderBothPolicies() throws {
        #expect(
            try WebhookFixtures.summaries("ses-bounce", policy: .standard) == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "bounce hard blocked 5.7.1 none blocked@example.org",
            ])
        #expect(
            try WebhookFixtures.summaries("ses-bounce", policy: .acelle) == [
                "bounce hard userunknown 5.1.1 blacklist jane.doe@example.com",
                "bounce hard blocked 5.7.1 blacklist blocked@example.org",
            ])
    }

    @Test func bounceFields() throws {
        let result = try #require(try BounceClassifier().classify(WebhookFixtures.bytes("ses-bounce")).first)
        #expect(result.format == .ses)
        #expect(result.statusSource == .dsn)
        #expect(result.replyCode == 550)
        #expect(result.diagnostic.hasPrefix("550 5.1.1 <jane.doe@example.com>: Recipient address rejected"))
        #expect(result.remoteMTA == "198.51.100.25")
        #expect(WebhookFixtures.bare(result.originalMessageID) == "campaign-42.1001@esp.example")
        #expect(result.campaignID == "c-42")
        #expect(result.subscriberID == "1001")
        #expect(result.listID == "l-7")
        #expect(result.occurredAt == "2024-05-01T12:00:03.000Z")
    }

    @Test func snsWrappedAndBareGiveTheSameResults() throws {
        let classifier = BounceClassifier()
        let bare = try classifier.classify(WebhookFixtures.bytes("ses-bounce"))
        let wrapped = try classifier.classify(WebhookFixtures.bytes("ses-bounce-sns"))
        #expect(bare.count == 2)
        #expect(wrapped == bare)
        #expect(try classifier.classify(WebhookFixtures.bytes("ses-bounce-sns"), format: .ses) == bare)
    }

    @Test func suppressedAddress() throws {
        #expect(
            try WebhookFixtures.summaries("ses-bounce-suppressed", policy: .standard) == [
                "bounce hard suppressed 5.7.1 none gone@example.net"
            ])
        #expect(
            try WebhookFixtures.summaries("ses-bounce-suppressed", policy: .acelle) == [
                "bounce hard suppressed - blacklist gone@example.net"
            ])
        let result = try #require(
            try BounceClassifier().classify(WebhookFixtures.bytes("ses-bounce-suppressed")).first)
        #expect(result.remoteMTA == "amazonses.com")
        #expect(result.originalMessageID == "0100017a2b3c4d5e-22222222-2222-3333-4444-555555555555-000000")
        #expect(result.statusSource == .inferred)
    }

    @Test func complaintDeliveryAndDelay() throws {
        for policy in SuppressionPolicy.allCases {
            #expect(
                try WebhookFixtures.summaries("ses-complaint", policy: policy) == [
                    "complaint unknown feedback - spam_reported angry@example.com"
                ])
            #expect(
                try WebhookFixtures.summaries("ses-delivery", policy: policy) == [
                    "delivered unknown delivered 2.0.0 none happy@example.com"
                ])
            #expect(
                try WebhookFixtures.summaries("ses-delivery-delay", policy: policy) == [
                    "delayed soft mailboxfull 4.2.2 none full@example.com"
                ])
        }
        let delivery = try #require(try BounceClassifier().classify(WebhookFixtures.bytes("ses-delivery")).first)
        #expect(delivery.remoteMTA == "142.250.0.27")
        #expect(delivery.occurredAt == "2024-05-01T12:00:01.500Z")
    }

    @Test func missingRecipientAddressNamesItsPath() throws {
        let bare = String(decoding: try WebhookFixtures.bytes("ses-bounce"), as: UTF8.self)
            .replacingOccurrences(of: #""emailAddress": "Jane.Doe@example.com","#, with: "")
        let error = WebhookFixtures.error(bare)
        #expect(error?.kind == .missingField)
        #expect(error?.location == "bounce.bouncedRecipients[0].emailAddress")
    }

    @Test func snsMessageErrorsNameTheirPath() {
        let wrapped = #"""
            {"Type": "Notification", "MessageId": "m-1", "Message": "{\"notificationType\": \"Bounce\", \"bounce\": {\"bounceType\": \"Permanent\", \"bouncedRecipients\": [{\"status\": \"5.1.1\"}]}}"}
            """#
        let error = WebhookFixtures.error(wrapped)
        #expect(error?.kind == .missingField)
        #expect(error?.location == "Message.bounce.bouncedRecipients[0].emailAddress")
        let broken = #"{"Type": "Notification", "MessageId": "m-1", "Message": "{not json"}"#
        #expect(WebhookFixtures.error(broken)?.kind == .malformedJSON)
        #expect(WebhookFixtures.error(broken)?.message.hasPrefix("in the SNS Message string") == true)
    }

    @Test func subscriptionConfirmationIsNotANotification() {
        let confirmation = #"""
            {"Type": "SubscriptionConfirmation", "MessageId": "m-2", "TopicArn": "arn:aws:sns:us-east-1:1:t",
             "Message": "You have chosen to subscribe", "SubscribeURL": "https://sns.example/confirm"}
            """#
        let error = WebhookFixtures.error(confirmation)
        #expect(error?.kind == .unrecognizedFormat)
        #expect(error?.location == "Type")
    }

    @Test func eventsThatAreNotBounceResultsReportNoRecipients() {
        let open = #"{"eventType": "Open", "mail": {"messageId": "m"}, "open": {"timestamp": "2024-05-01T12:00:00Z"}}"#
        #expect(WebhookFixtures.error(open)?.kind == .noRecipients)
    }

    @Test func wrongTypesAreInvalidFields() {
        let input = #"{"notificationType": "Bounce", "bounce": {"bouncedRecipients": {"emailAddress": "x@y"}}}"#
        let error = WebhookFixtures.error(input)
        #expect(error?.kind == .invalidField)
        #expect(error?.location == "bounce.bouncedRecipients")
    }
}

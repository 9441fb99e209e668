import BounceClassifier
import BouncePipeline
import KafkaClient
import Logging
import Testing

/// The demo scenario (two worker instances on the mock cluster with the bundled samples), record by record.
struct DemoScenarioTests {
    static func rows(_ messages: [KafkaMessage], _ fields: [String]) -> [[String]] {
        messages.map { message in
            let object = (try? JSONParser().parse(message.value).objectValue) ?? JSONObject()
            return fields.map { object[$0]?.stringValue ?? "-" }
        }.sorted { $0.joined(separator: "|") < $1.joined(separator: "|") }
    }

    @Test func demoProducesExactlyTheExpectedRecords() async throws {
        var logger = Logger(label: "demo-test")
        logger.logLevel = .critical
        let outcome = try await DemoScenario(samplesDirectory: repositoryFile("samples"), logger: logger).run { _ in }

        #expect(
            Self.rows(outcome.bounceLog, ["recipient", "kind", "type", "reason", "action", "status"]) == [
                ["clayton61@molina.info", "bounce", "soft", "mailboxfull", "none", "5.2.2"],
                ["conleyricky@day.com", "bounce", "hard", "spamdetected", "none", "5.7.1"],
                ["damon34@taylor.com", "bounce", "hard", "hostunknown", "blacklist", "5.1.2"],
                ["dustin40@reeves.biz", "bounce", "hard", "authfailure", "none", "5.7.7"],
                ["gone.user@example.com", "bounce", "hard", "userunknown", "blacklist", "5.1.1"],
                ["happy.reader@isp.example", "complaint", "unknown", "feedback", "spam_reported", "-"],
                ["mindy49@hodges.com", "bounce", "soft", "speeding", "none", "4.7.0"],
                ["moorevanessa@navarro.com", "bounce", "hard", "userunknown", "blacklist", "5.1.1"],
                ["old.customer@example.org", "bounce", "hard", "userunknown", "blacklist", "5.1.1"],
            ])
        #expect(
            Self.rows(outcome.statusChanges, ["address", "status", "previous_status", "reason"]) == [
                ["damon34@taylor.com", "active", "blacklisted", "subscriber re-confirmed by phone"],
                ["damon34@taylor.com", "blacklisted", "active", "hostunknown"],
                ["gone.user@example.com", "blacklisted", "active", "userunknown"],
                ["happy.reader@isp.example", "spam-reported", "active", "spam-complaint"],
                ["moorevanessa@navarro.com", "blacklisted", "active", "userunknown"],
                ["old.customer@example.org", "blacklisted", "active", "userunknown"],
            ])
        #expect(
            Self.rows(outcome.blacklist, ["address", "action", "reason"]) == [
                ["damon34@taylor.com", "add", "hostunknown"],
                ["damon34@taylor.com", "remove", "subscriber re-confirmed by phone"],
                ["gone.user@example.com", "add", "userunknown"],
                ["moorevanessa@navarro.com", "add", "userunknown"],
                ["old.customer@example.org", "add", "userunknown"],
            ])
        #expect(outcome.deadLetters.count == 1)
        let dead = try #require(outcome.deadLetters.first)
        #expect(dead.key == Array("garbage".utf8))
        #expect(RecordHeaders.value(RecordHeaders.sourceTopic, in: dead.headers) == "bounces.raw")
        #expect(RecordHeaders.value(RecordHeaders.sourceOffset, in: dead.headers) != nil)
        #expect(RecordHeaders.value(RecordHeaders.error, in: dead.headers)?.isEmpty == false)
        for message in outcome.bounceLog + outcome.statusChanges + outcome.blacklist {
            #expect(RecordHeaders.value(RecordHeaders.eventID, in: message.headers)?.count == 32)
            #expect(RecordHeaders.value(RecordHeaders.source, in: message.headers) != nil)
            #expect(RecordHeaders.value(RecordHeaders.contentType, in: message.headers) == "application/json")
        }
    }
}

import BounceClassifier
import BouncePipeline
import Foundation
import KafkaClient
import Testing

struct WorkerEndToEndTests {
    @Test func seedBouncesFlowToBounceLogStatusesAndBlacklist() async throws {
        let harness = try PipelineHarness()
        let batch = try #require(FileManager.default.contents(atPath: repositoryFile("samples/seed-bounces.json")))
        try await harness.produce([(key: nil, value: Array(batch), headers: [])], to: harness.topics.raw)
        try await harness.produce(
            [(key: "nobody", value: Array("not a bounce at all".utf8), headers: [])], to: harness.topics.raw)

        try await harness.runWorkers {
            let log = try await harness.records(harness.topics.bounceLog).count
            let dlq = try await harness.records(harness.topics.deadLetter).count
            return log >= 6 && dlq >= 1
        }

        let log = try await harness.objects(harness.topics.bounceLog)
        #expect(log.count == 6)
        let statuses = try await harness.objects(harness.topics.subscriberStatus)
        #expect(
            Set(statuses.compactMap { $0["address"]?.stringValue }) == [
                "moorevanessa@navarro.com", "damon34@taylor.com",
            ])
        #expect(statuses.allSatisfy { $0["status"]?.stringValue == "blacklisted" })
        let blacklist = try await harness.objects(harness.topics.blacklist)
        #expect(blacklist.count == 2)
        let dead = try await harness.records(harness.topics.deadLetter)
        #expect(dead.count == 1)
        #expect(dead.first.flatMap { RecordHeaders.value(RecordHeaders.sourceTopic, in: $0.headers) } == "bounces.raw")
        #expect(dead.first?.value == Array("not a bounce at all".utf8))
    }
}

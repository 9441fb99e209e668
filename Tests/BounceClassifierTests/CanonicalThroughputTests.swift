import BounceClassifier
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A timing harness, run by hand in a release build (it measures the thread's CPU time, so other load on
/// the machine disturbs it less than wall time would):
/// `BOUNCE_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-json --no-parallel --filter CanonicalThroughput`
/// (`-enable-testing` because other test files use `@testable import`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["BOUNCE_BENCH"] != nil))
struct CanonicalThroughputTests {
    static let event = Array(
        """
        {"id":"evt-20240501-000123","event":"bounce","recipient":"jane.doe@example.com",\
        "smtp_reply":"550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown",\
        "status":"5.1.1","reply_code":550,"remote_mta":"mx1.example.com","campaign_id":"c-42",\
        "subscriber_id":1001,"list_id":"l-7","message_id":"<abc.123@esp.example>",\
        "timestamp":"2024-05-01T12:00:00Z"}
        """.utf8)

    /// Seconds of CPU time this thread has used.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// How many times to run each measured body: `$BOUNCE_BENCH_ITERATIONS`, default one million.
    static let iterations =
        ProcessInfo.processInfo.environment["BOUNCE_BENCH_ITERATIONS"].flatMap { Int($0) } ?? 1_000_000

    /// Runs `body` `iterations` times and returns the CPU time per iteration, in nanoseconds.
    static func nanoseconds(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<(iterations / 20) { try body() }
        let start = cpuSeconds()
        for _ in 0..<iterations { try body() }
        return (cpuSeconds() - start) / Double(iterations) * 1e9
    }

    @Test func canonicalEventsPerSecond() throws {
        let classifier = BounceClassifier()
        var checksum = 0
        let whole = try Self.nanoseconds(Self.iterations) { checksum &+= try classifier.classify(Self.event).count }
        print(
            "canonical \(Self.event.count) bytes: classify \(Int(whole)) ns = \(Int(1e9 / whole)) events/s (\(checksum))"
        )
        #expect(checksum > 0)
    }

    /// The decision alone, for comparison: what `classify` costs beyond reading the JSON.
    @Test func decideAlone() {
        let classifier = BounceClassifier()
        var checksum = 0
        let observation = BounceObservation(
            kind: .bounce, recipient: "jane.doe@example.com", status: StatusCode("5.1.1"), replyCode: 550,
            diagnostic: "550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown",
            remoteMTA: "mx1.example.com", originalMessageID: "<abc.123@esp.example>", campaignID: "c-42",
            subscriberID: "1001", listID: "l-7", occurredAt: "2024-05-01T12:00:00Z",
            sourceEventID: "evt-20240501-000123")
        let decide = Self.nanoseconds(Self.iterations) {
            checksum &+=
                classifier.decide(observation, format: .canonical, identity: "evt-20240501-000123")
                .diagnostic.utf8.count
        }
        print("decide alone \(Int(decide)) ns (\(checksum))")
    }

    /// The general parser alone (the tree that provider webhooks are read from).
    @Test func treeParserAlone() throws {
        let parser = JSONParser()
        var checksum = 0
        let tree = try Self.nanoseconds(Self.iterations) {
            if case .object(let object) = try parser.parse(Self.event) { checksum &+= object.members.count }
        }
        print("JSONParser tree alone \(Int(tree)) ns (\(checksum))")
    }
}

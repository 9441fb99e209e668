import BounceClassifier
import BouncePipeline
import Foundation
import KafkaClient
import Testing

/// Compares what the workers published with ``ExpectedOutputs``, topic by topic, and checks that every dead
/// letter names its origin.
func expectPublished(_ expected: ExpectedOutputs, harness: PipelineHarness) async throws {
    let topics = harness.topics
    for topic in [topics.bounceLog, topics.subscriberStatus, topics.blacklist] {
        let actual = multiset(try await harness.records(topic))
        let difference = MultisetDifference(expected: expected.records[topic] ?? [:], actual: actual)
        #expect(difference.isEmpty, "\(topic): \(difference)")
    }
    let raw = try await harness.records(topics.raw)
    var rawByOrigin: [String: [UInt8]] = [:]
    for message in raw { rawByOrigin["\(message.partition)/\(message.offset)"] = message.value }
    let dead = try await harness.records(topics.deadLetter)
    let difference = MultisetDifference(expected: expected.deadLetters, actual: multiset(dead))
    #expect(difference.isEmpty, "\(topics.deadLetter): \(difference)")
    for letter in dead {
        #expect(RecordHeaders.value(RecordHeaders.sourceTopic, in: letter.headers) == topics.raw)
        let partition = RecordHeaders.value(RecordHeaders.sourcePartition, in: letter.headers) ?? "?"
        let offset = RecordHeaders.value(RecordHeaders.sourceOffset, in: letter.headers) ?? "?"
        #expect(rawByOrigin["\(partition)/\(offset)"] == letter.value, "dead letter origin \(partition)/\(offset)")
        #expect(RecordHeaders.value(RecordHeaders.error, in: letter.headers)?.isEmpty == false)
    }
}

/// Whether every output topic holds at least the expected number of records.
func reachedExpectedCounts(_ expected: ExpectedOutputs, harness: PipelineHarness) async throws -> Bool {
    let topics = harness.topics
    for topic in [topics.bounceLog, topics.subscriberStatus, topics.blacklist]
    where try await harness.count(topic) < expected.count(topic) {
        return false
    }
    return try await harness.count(topics.deadLetter) >= expected.deadLetterCount
}

/// The CPU-heavy pipeline tests run one after another: on a 2-core machine they starve each other otherwise.
@Suite(.serialized) struct HeavyPipelineTests {
    /// 50,000 mixed inputs through two instances in one group: every output exactly once.
    ///
    /// On the 2-core development machine this takes about 110 s alone (about 45 s of it computing the expected
    /// outputs with the debug-built classifier); `BOUNCEWORKER_MIXED_COUNT` sets another size.
    @Test(.timeLimit(.minutes(8))) func mixedInputsThroughTwoInstances() async throws {
        let count = Int(ProcessInfo.processInfo.environment["BOUNCEWORKER_MIXED_COUNT"] ?? "") ?? 50_000
        let clock = ContinuousClock()
        let generating = clock.now
        let harness = try PipelineHarness(partitions: 16)
        var stream = try MixedStream(seed: 0x5EED_0001, families: count / 4)
        let inputs = stream.make(count: count)
        let generated = clock.now
        let expected = await ExpectedOutputs.of(inputs, topics: harness.topics)
        #expect(expected.untimedResults == 0)
        #expect(expected.deadLetterCount >= count / 200)
        let started = clock.now
        try await harness.produce(inputs.map { (key: $0.key, value: $0.value) }, to: harness.topics.raw)
        let produced = clock.now

        let first = try harness.instance()
        let second = try harness.instance()
        var finished = false
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            group.addTask { try await second.run() }
            finished = try await harness.wait(timeout: .seconds(150), interval: .milliseconds(500)) {
                try await reachedExpectedCounts(expected, harness: harness)
            }
            await first.stop()
            await second.stop()
            try await group.waitForAll()
        }
        let processed = clock.now
        #expect(finished, "the workers did not publish every expected record in time")
        #expect(first.observer.snapshot.completed > 0 && second.observer.snapshot.completed > 0)
        try await expectPublished(expected, harness: harness)
        print(
            "mixed stream: \(count) inputs, \(expected.count(harness.topics.bounceLog)) bounce-log rows, "
                + "\(expected.count(harness.topics.subscriberStatus)) status changes, "
                + "\(expected.count(harness.topics.blacklist)) blacklist changes, \(expected.deadLetterCount) dead letters; "
                + "generate \(generated - generating), expect \(started - generated), produce \(produced - started), process \(processed - produced), check \(clock.now - processed)"
        )
    }
}

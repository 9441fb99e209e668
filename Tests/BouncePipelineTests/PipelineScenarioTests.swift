import BounceClassifier
import BouncePipeline
import Foundation
import KafkaClient
import Testing

/// A canonical bounce event.
func canonicalEvent(
    id: String, recipient: String, reply: String, at milliseconds: Int64, messageID: String? = nil
) -> [UInt8] {
    Array(
        """
        {"id": "\(id)", "event": "bounce", "recipient": "\(recipient)", "smtp_reply": "\(reply)", \
        "message_id": "\(messageID ?? "<\(id)@mail.example.net>")", "timestamp": "\(Timestamps.iso8601(milliseconds: milliseconds))"}
        """.utf8)
}

let hardReply = "550 5.1.1 The email account that you tried to reach does not exist"
let softReply = "552 5.2.2 The email account that you tried to reach is over quota"
let day: Int64 = 86_400_000

/// Reads `topic` and returns each record's JSON object with its key.
func keyedObjects(_ harness: PipelineHarness, _ topic: String) async throws -> [(key: String, object: JSONObject)] {
    try await harness.records(topic).compactMap { message in
        guard let object = try? JSONParser().parse(message.value).objectValue else { return nil }
        return (message.key.map { String(decoding: $0, as: UTF8.self) } ?? "", object)
    }
}

struct PipelineScenarioTests {
    /// State survives a restart: a replayed old event is dropped, a blacklisted address stays blacklisted, and
    /// soft-bounce counters carry on.
    @Test(.timeLimit(.minutes(2))) func restartRestoresState() async throws {
        let harness = try PipelineHarness(partitions: 4)
        let topics = harness.topics
        let start = MixedStream.start
        let hard = "hard.bounce@restart.example"
        let soft = "full.mailbox@restart.example"
        let before: [RawInput] = [
            RawInput(key: hard, value: canonicalEvent(id: "r-1", recipient: hard, reply: hardReply, at: start)),
            RawInput(key: soft, value: canonicalEvent(id: "r-2", recipient: soft, reply: softReply, at: start)),
            RawInput(key: soft, value: canonicalEvent(id: "r-3", recipient: soft, reply: softReply, at: start + day)),
        ]
        let after: [RawInput] = [
            before[0], before[1],  // replays of old events
            RawInput(
                key: soft, value: canonicalEvent(id: "r-4", recipient: soft, reply: softReply, at: start + 2 * day)),
            RawInput(
                key: soft, value: canonicalEvent(id: "r-5", recipient: soft, reply: softReply, at: start + 2 * day + 1)),
            RawInput(
                key: soft, value: canonicalEvent(id: "r-6", recipient: soft, reply: softReply, at: start + 2 * day + 2)),
            RawInput(key: hard, value: canonicalEvent(id: "r-7", recipient: hard, reply: hardReply, at: start + day)),
        ]
        // Every raw input completes in the classify stage and its one result in the policy stage.
        for phase in [before, after] {
            try await harness.produce(phase.map { (key: $0.key, value: $0.value) }, to: topics.raw)
            let instance = try harness.instance()
            var done = false
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await instance.run() }
                done = try await harness.wait(timeout: .seconds(40)) {
                    instance.observer.snapshot.completed >= 2 * phase.count
                }
                await instance.stop()
                try await group.waitForAll()
            }
            #expect(done, "the instance did not process its inputs")
        }

        let expected = await ExpectedOutputs.of(before + after, topics: topics)
        try await expectPublished(expected, harness: harness)
        let log = try await keyedObjects(harness, topics.bounceLog)
        #expect(log.count == 7, "one row each for r-1 … r-7, none for the replays")
        let blacklist = try await keyedObjects(harness, topics.blacklist)
        #expect(blacklist.filter { $0.key == hard }.count == 1, "the hard-bounced address stays blacklisted")
        #expect(
            blacklist.filter { $0.key == soft }.map { $0.object["reason"]?.stringValue } == ["soft-bounce-threshold"],
            "two soft bounces before and three after the restart escalate once")
        let statuses = try await keyedObjects(harness, topics.subscriberStatus)
        #expect(statuses.count == 2)
    }

    /// Five soft bounces over three days blacklist once; an operator's remove, then a new hard bounce,
    /// blacklists again.
    @Test(.timeLimit(.minutes(2))) func softBounceEscalationAndOperatorRemove() async throws {
        let harness = try PipelineHarness(partitions: 4)
        let topics = harness.topics
        let start = MixedStream.start
        let soft = "over.quota@escalation.example"
        let hard = "gone@escalation.example"
        let softTimes = [start, start + 3_600_000, start + day, start + 2 * day, start + 2 * day + 60_000]
        var inputs = softTimes.enumerated().map { index, time in
            RawInput(key: soft, value: canonicalEvent(id: "s-\(index)", recipient: soft, reply: softReply, at: time))
        }
        inputs.append(
            RawInput(key: hard, value: canonicalEvent(id: "h-1", recipient: hard, reply: hardReply, at: start)))
        try await harness.produce(inputs.map { (key: $0.key, value: $0.value) }, to: topics.raw)

        let instance = try harness.instance()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await instance.run() }
            #expect(try await harness.wait(timeout: .seconds(40)) { try await harness.count(topics.blacklist) >= 2 })
            let remove = """
                {"id": "op-1", "action": "remove", "address": "\(hard)", "reason": "re-confirmed by phone", \
                "at": "\(Timestamps.iso8601(milliseconds: start + 3 * day))"}
                """
            try await harness.produce([(key: hard, value: Array(remove.utf8))], to: topics.commands)
            #expect(try await harness.wait(timeout: .seconds(30)) { try await harness.count(topics.blacklist) >= 3 })
            try await harness.produce(
                [(key: hard, value: canonicalEvent(id: "h-2", recipient: hard, reply: hardReply, at: start + 4 * day))],
                to: topics.raw)
            #expect(try await harness.wait(timeout: .seconds(30)) { try await harness.count(topics.blacklist) >= 4 })
            await instance.stop()
            try await group.waitForAll()
        }

        let blacklist = try await keyedObjects(harness, topics.blacklist)
        #expect(
            blacklist.filter { $0.key == soft }.map {
                [$0.object["action"]?.stringValue, $0.object["reason"]?.stringValue]
            }
                == [["add", "soft-bounce-threshold"]])
        #expect(
            blacklist.filter { $0.key == hard }.map {
                [$0.object["action"]?.stringValue, $0.object["reason"]?.stringValue]
            }
                == [["add", "userunknown"], ["remove", "re-confirmed by phone"], ["add", "userunknown"]])
        let statuses = try await keyedObjects(harness, topics.subscriberStatus)
        #expect(
            statuses.filter { $0.key == soft }.map { $0.object["status"]?.stringValue } == ["blacklisted"])
        #expect(
            statuses.filter { $0.key == hard }.map { $0.object["status"]?.stringValue }
                == ["blacklisted", "active", "blacklisted"])
        #expect(try await harness.count(topics.bounceLog) == 7)
    }
}

extension HeavyPipelineTests {
    /// A third instance joins, one leaves cleanly and one crashes while the stream flows: every expected
    /// record arrives, and the only repeated records are identical re-sends from the crashed instance's
    /// partitions.
    @Test(.timeLimit(.minutes(3))) func rebalanceMidStream() async throws {
        let harness = try PipelineHarness(partitions: 8)
        var stream = try MixedStream(seed: 0x5EED_0002, families: 2_500)
        let inputs = stream.make(count: 10_000, garbageRate: 0)
        let expected = await ExpectedOutputs.of(inputs, topics: harness.topics)
        let topics = harness.topics
        let first = try harness.instance()
        let second = try harness.instance()
        let third = try harness.instance()
        var crashedPolicyPartitions: Set<Int32> = []
        var finished = false
        // Partitions lost while running (not during an instance's own shutdown, where closing in the middle
        // of the group's rebalance may report the last assignment as lost).
        var lostWhileRunning = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            group.addTask { try await second.run() }
            // The stream flows for about 25 s: 50 chunks of 200 inputs, one every 0.5 s.
            group.addTask {
                for start in stride(from: 0, to: inputs.count, by: 200) {
                    let chunk = inputs[start..<min(inputs.count, start + 200)]
                    try await harness.produce(chunk.map { (key: $0.key, value: $0.value) }, to: topics.raw)
                    try await Task.sleep(for: .milliseconds(500))
                }
            }
            let progressed = try await harness.wait(timeout: .seconds(40)) {
                try await harness.count(topics.bounceLog) >= expected.count(topics.bounceLog) / 10
            }
            #expect(progressed, "no progress before the third instance joined")

            group.addTask { try await third.run() }
            let joined = try await harness.wait(timeout: .seconds(40)) {
                let counts = third.observer.snapshot
                // Cooperative-sticky may give the classify stage only command partitions; any share will do.
                return counts.assignment.contains { $0.topic == topics.classified }
                    && counts.assignment.contains { $0.topic != topics.classified } && counts.completed > 100
            }
            #expect(joined, "the third instance got no partitions: \(third.observer.snapshot)")

            lostWhileRunning += first.observer.snapshot.lost
            await first.stop()
            let left = try await harness.wait(timeout: .seconds(40)) { first.isFinished }
            #expect(left, "the first instance did not shut down")
            // Both survivors own partitions again before the crash.
            let rebalanced = try await harness.wait(timeout: .seconds(40)) {
                second.observer.snapshot.assignment.count + third.observer.snapshot.assignment.count
                    == 3 * harness.partitions
            }
            #expect(rebalanced, "the group did not settle after the first instance left")
            crashedPolicyPartitions = Set(
                second.observer.snapshot.assignment.filter { $0.topic == topics.classified }.map(\.partition))
            await second.crash()

            finished = try await harness.wait(timeout: .seconds(90), interval: .milliseconds(500)) {
                try await reachedExpectedCounts(expected, harness: harness)
            }
            lostWhileRunning += third.observer.snapshot.lost
            await third.stop()
            try await group.waitForAll()
        }
        #expect(finished, "not every expected record arrived")
        #expect(lostWhileRunning == 0, "a running instance was dropped from its group")

        // Which classified partition each address lives in (the policy stage's partition).
        var policyPartition: [String: Int32] = [:]
        for message in try await harness.records(topics.classified) {
            policyPartition[message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""] = message.partition
        }
        var tolerated = 0
        for topic in [topics.bounceLog, topics.subscriberStatus, topics.blacklist] {
            let messages = try await harness.records(topic)
            let difference = MultisetDifference(expected: expected.records[topic] ?? [:], actual: multiset(messages))
            #expect(difference.missing.isEmpty, "\(topic) lost records: \(difference)")
            // A crashed instance re-sends what it published after its last commit and before its state
            // changelog was written: the next owner restores the older state and publishes the same records
            // again, byte for byte and with the same event id. Counting records (not event ids), such a repeat
            // is tolerated only once, and only for addresses of partitions the crashed instance owned.
            for (record, extra) in difference.extra {
                let partition = policyPartition[record.key] ?? -1
                #expect(extra == 1, "\(topic): \(record.key) published \(extra + 1) times")
                #expect(
                    crashedPolicyPartitions.contains(partition),
                    "\(topic): repeated record for \(record.key) of partition \(partition), not the crashed instance's")
                let copies = messages.filter {
                    $0.value == record.value && $0.key.map { String(decoding: $0, as: UTF8.self) } == record.key
                }
                let ids = Set(copies.map { RecordHeaders.value(RecordHeaders.eventID, in: $0.headers) ?? "" })
                #expect(ids.count == 1, "\(topic): repeated record for \(record.key) with different event ids")
                tolerated += extra
            }
        }
        #expect(try await harness.count(topics.deadLetter) == 0)
        print("rebalance mid-stream: \(tolerated) tolerated re-sends from the crashed instance's in-flight window")
    }

    /// A slow broker with a large backlog: memory stays bounded, the consumer stays in the group, partitions
    /// are paused and resumed, and everything is processed.
    @Test(.timeLimit(.minutes(3))) func slowBrokerBackpressure() async throws {
        let harness = try PipelineHarness(partitions: 8)
        var stream = try MixedStream(seed: 0x5EED_0004, families: 5_000)
        let inputs = stream.make(count: 20_000)
        let expected = await ExpectedOutputs.of(inputs, topics: harness.topics)
        try await harness.produce(inputs.map { (key: $0.key, value: $0.value) }, to: harness.topics.raw)
        try harness.cluster.setRoundTripTime(broker: -1, milliseconds: 15)

        let instance = try harness.instance(limits: FlowLimits(maxInFlightPerPartition: 100, maxInFlightTotal: 400))
        let baseline = residentMemoryBytes()
        let peak = PeakMemory()
        var finished = false
        var beforeShutdown = RecordingObserver.Counts()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await instance.run() }
            group.addTask {
                while !Task.isCancelled {
                    peak.sample()
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            finished = try await harness.wait(timeout: .seconds(150), interval: .milliseconds(200)) {
                instance.observer.snapshot.completed >= inputs.count + expected.classifiedRecords
            }
            beforeShutdown = instance.observer.snapshot
            await instance.stop()
            try await group.next()  // the instance
            group.cancelAll()
        }
        try harness.cluster.setRoundTripTime(broker: -1, milliseconds: 0)
        #expect(finished, "the backlog was not processed in time")
        #expect(beforeShutdown.lost == 0, "the consumer was dropped from its group")
        #expect(beforeShutdown.revoked == 0, "partitions were revoked while the instance was the only member")
        #expect(beforeShutdown.paused > 0 && beforeShutdown.resumed > 0)
        let growth = peak.bytes - baseline
        // Bound: the in-flight limits (400 messages per stage), librdkafka's prefetch and the producer's queue
        // keep the working set small. The whole test process (inputs, expected outputs and the light tests
        // running next to this one included) stays under 1 GiB resident; the instance itself adds < 256 MiB.
        #expect(peak.bytes < 1 << 30, "resident memory peaked at \(peak.bytes >> 20) MiB")
        #expect(growth < 256 << 20, "resident memory grew by \(growth >> 20) MiB")
        try await expectPublished(expected, harness: harness)
        print(
            "backpressure: peak RSS \(peak.bytes >> 20) MiB (growth \(growth >> 20) MiB), paused \(beforeShutdown.paused), "
                + "resumed \(beforeShutdown.resumed)")
    }
}

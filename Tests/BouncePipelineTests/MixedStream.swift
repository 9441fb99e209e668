import BounceClassifier
import BouncePipeline
import Foundation
import KafkaClient
import TestSupport
import Testing

/// One raw input: the record key and the bytes.
struct RawInput: Sendable {
    var key: String
    var value: [UInt8]
}

/// A sample with some of its text replaced by numbered holes, filled quickly at byte level.
struct SampleTemplate {
    private var pieces: [[UInt8]] = []
    private var holes: [Int] = []

    /// Splits `text` at every occurrence of `needles` (the hole number is the needle's index).
    init(_ text: String, needles: [String]) {
        var rest = Array(text.utf8)
        let patterns = needles.map { Array($0.utf8) }
        var current: [UInt8] = []
        var index = 0
        while index < rest.count {
            if let hole = patterns.firstIndex(where: { pattern in
                index + pattern.count <= rest.count && rest[index..<index + pattern.count].elementsEqual(pattern)
            }) {
                pieces.append(current)
                holes.append(hole)
                current = []
                index += patterns[hole].count
            } else {
                current.append(rest[index])
                index += 1
            }
        }
        pieces.append(current)
        rest = []
    }

    /// The sample with hole `i` filled by `values[i]`.
    func filled(_ values: [String]) -> [UInt8] {
        var bytes = pieces[0]
        for (offset, hole) in holes.enumerated() {
            bytes += Array(values[hole].utf8)
            bytes += pieces[offset + 1]
        }
        return bytes
    }
}

/// Builds streams of mixed raw inputs from the bundled samples and synthetic webhooks.
///
/// Inputs come in "families": every address belongs to one family, and every input about it is keyed by the
/// family, so that all of an address's inputs share one raw partition and reach the policy stage in the order
/// they were produced. That makes the expected outputs independent of how partitions are spread over
/// instances: ``ExpectedOutputs`` replays the inputs in production order.
struct MixedStream {
    private var random: SeededGenerator
    private let dsn: SampleTemplate
    private let arf: SampleTemplate
    private let ses: SampleTemplate
    private var serial = 0
    /// Per family: its inputs so far (for exact duplicates) and its clock.
    private var familyInputs: [[RawInput]]
    private var familyClock: [Int64]

    /// 2026-11-01T00:00:00Z.
    static let start: Int64 = 1_793_491_200_000

    init(seed: UInt64, families: Int) throws {
        random = SeededGenerator(seed: seed)
        func sample(_ name: String) throws -> String {
            try String(contentsOfFile: repositoryFile("samples/\(name)"), encoding: .utf8)
        }
        dsn = SampleTemplate(
            try sample("dsn-two-recipients.eml"),
            needles: [
                "moorevanessa@navarro.com", "old.customer@example.org", "20261120092011.4Xq2Lm0Hb9z9v",
                "cmp-2026-11.1001", "Fri, 20 Nov 2026 09:20:11 +0000", "Fri, 20 Nov 2026 09:14:02 +0000",
            ])
        arf = SampleTemplate(
            try sample("arf-complaint.eml"),
            needles: [
                "happy.reader@isp.example", "fbl-20261121-0001", "cmp-2026-11.1042", "Sat, 21 Nov 2026 08:01:45 +0000",
                "Fri, 20 Nov 2026 09:14:02 +0000",
            ])
        ses = SampleTemplate(
            try sample("ses-sns-bounce.json"),
            needles: [
                "gone.user@example.com", "0100019365a1b2c3-demo-000000", "6f8e0a42-5b1c-5d2e-9f3a-demo00000001",
                "0100019365a1b2c3-demo-message", "2026-11-20T09:15:42.000Z",
            ])
        familyInputs = Array(repeating: [], count: families)
        familyClock = Array(repeating: Self.start, count: families)
    }

    /// `count` inputs: about `duplicateRate` exact re-sends of an earlier input of the same family and about
    /// `garbageRate` unreadable inputs; the rest new events in every supported format.
    mutating func make(count: Int, duplicateRate: Double = 0.05, garbageRate: Double = 0.01) -> [RawInput] {
        var inputs: [RawInput] = []
        inputs.reserveCapacity(count)
        for _ in 0..<count {
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < garbageRate {
                inputs.append(garbage())
                continue
            }
            let family = Int.random(in: 0..<familyInputs.count, using: &random)
            if roll < garbageRate + duplicateRate, let earlier = familyInputs[family].randomElement(using: &random) {
                inputs.append(earlier)
                continue
            }
            let input = event(family: family)
            familyInputs[family].append(input)
            inputs.append(input)
        }
        return inputs
    }

    static func address(_ family: Int, _ slot: Int) -> String {
        slot == 0 ? "user\(family)@d\(family % 89).example" : "other\(family)@e\(family % 83).example"
    }

    private mutating func garbage() -> RawInput {
        serial += 1
        let variants: [[UInt8]] = [
            [0xFF, 0xFE, 0x00, 0x42] + Array("{not json \(serial)".utf8),
            Array("hello \(serial), this is not a bounce".utf8),
            Array("{\"recipient\": \(serial)}".utf8),
            Array("{\"event\": \"explosion\", \"recipient\": \"x\(serial)@y.example\"}".utf8),
        ]
        return RawInput(key: "garbage-\(serial)", value: variants[serial % variants.count])
    }

    private mutating func event(family: Int) -> RawInput {
        serial += 1
        // Every new event of a family happens 2 to 20 hours after the previous one.
        familyClock[family] += Int64.random(in: 2...20, using: &random) * 3_600_000
        let time = familyClock[family]
        let a = Self.address(family, 0)
        let b = Self.address(family, 1)
        let n = serial
        var text = ""
        var bytes: [UInt8] = []
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<45: text = canonical(id: "ev-\(n)", recipient: a, time: time, messageID: "<m\(n)@mail.example.net>")
        case 45..<55:
            let events = (0..<Int.random(in: 2...4, using: &random)).map { index in
                canonical(
                    id: "ev-\(n)-\(index)", recipient: index % 2 == 0 ? a : b, time: time + Int64(index) * 1000,
                    messageID: "<m\(n).\(index)@mail.example.net>")
            }
            text = "[" + events.joined(separator: ",\n") + "]"
        case 55..<67:
            bytes = dsn.filled([a, b, "dsn\(n)", "m\(n)", Self.rfc5322(time), Self.rfc5322(time - 360_000)])
        case 67..<75:
            bytes = arf.filled(["\(a)", "fbl\(n)", "m\(n)", Self.rfc5322(time), Self.rfc5322(time - 3_600_000)])
        case 75..<85:
            bytes = ses.filled([
                a, "feedback-\(n)", "sns-\(n)", "ses-message-\(n)", Timestamps.iso8601(milliseconds: time),
            ])
        case 85..<90:
            text = """
                [{"email": "\(a)", "event": "bounce", "sg_event_id": "sg-\(n)", "sg_message_id": "sgm-\(n)", \
                "reason": "550 5.1.1 The email account that you tried to reach does not exist", "status": "5.1.1", \
                "type": "bounce", "timestamp": \(time / 1000)}]
                """
        case 90..<95:
            text = """
                {"signature": {"timestamp": "\(time / 1000)", "token": "t\(n)", "signature": "s"}, "event-data": \
                {"id": "mg-\(n)", "event": "failed", "severity": "temporary", "reason": "generic", "recipient": "\(a)", \
                "timestamp": \(time / 1000), "delivery-status": {"code": 452, "message": "4.2.2 Mailbox full", \
                "description": "The mailbox is full"}, "message": {"headers": {"message-id": "mg\(n)@mail.example.net"}}}}
                """
        default:
            text = """
                {"RecordType": "Bounce", "ID": \(n), "Type": "HardBounce", "TypeCode": 1, "MessageID": "pm-\(n)", \
                "Email": "\(a)", "BouncedAt": "\(Timestamps.iso8601(milliseconds: time))", \
                "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist", \
                "Description": "The server was unable to deliver your message"}
                """
        }
        return RawInput(key: "family-\(family)", value: bytes.isEmpty ? Array(text.utf8) : bytes)
    }

    private static let replies: [(event: String, reply: String?)] = [
        ("bounce", "550 5.1.1 The email account that you tried to reach does not exist"),
        ("bounce", "552 5.2.2 The email account that you tried to reach is over quota"),
        ("bounce", "552 5.2.2 The email account that you tried to reach is over quota"),
        ("bounce", "452 4.2.2 Mailbox full"),
        ("bounce", "451 4.7.0 Recipient server is rate-limiting your IP. Retry recommended"),
        ("bounce", "550 5.7.1 Message rejected as spam by Content Filtering"),
        ("bounce", "550 5.1.2 The domain has no DNS / no MX records"),
        ("complaint", nil),
        ("delivered", nil),
    ]

    private mutating func canonical(id: String, recipient: String, time: Int64, messageID: String) -> String {
        let (event, reply) = Self.replies[Int.random(in: 0..<Self.replies.count, using: &random)]
        let replyField = reply.map { ", \"smtp_reply\": \"\($0)\"" } ?? ""
        return """
            {"id": "\(id)", "event": "\(event)", "recipient": "\(recipient)"\(replyField), \
            "campaign_id": "cmp-7", "subscriber_id": "sub-\(id)", "message_id": "\(messageID)", \
            "timestamp": "\(Timestamps.iso8601(milliseconds: time))"}
            """
    }

    /// `Fri, 20 Nov 2026 09:14:02 +0000` for a time in milliseconds since the epoch.
    static func rfc5322(_ milliseconds: Int64) -> String {
        let iso = Array(Timestamps.iso8601(milliseconds: milliseconds).utf8)  // 2026-11-20T09:14:02...
        func part(_ range: Range<Int>) -> String { String(decoding: iso[range], as: UTF8.self) }
        let days = Int(milliseconds / 86_400_000)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months[(Int(part(5..<7)) ?? 1) - 1]
        return "\(weekdays[days % 7]), \(part(8..<10)) \(month) \(part(0..<4)) \(part(11..<19)) +0000"
    }
}

/// What the worker must publish for a stream of inputs, computed by calling the classifier and the policy
/// engine directly, in production order, with the same record encoding the stages use.
struct ExpectedOutputs {
    /// Per output topic: how many times each (key, value) must appear.
    var records: [String: [OutputRecord: Int]] = [:]
    /// The inputs the classifier rejects, as (key, value), with their multiplicity.
    var deadLetters: [OutputRecord: Int] = [:]
    /// The records the classify stage writes to the classified topic.
    var classifiedRecords = 0
    /// Results whose time came from neither the input nor a fixed clock (the test needs none).
    var untimedResults = 0

    struct OutputRecord: Hashable, Sendable {
        var key: String
        var value: [UInt8]
    }

    /// The expected outputs of `inputs` (classified on every core, then replayed through the engine in order).
    static func of(
        _ inputs: [RawInput], topics: TopicNames, policy: PolicyConfiguration = PolicyConfiguration()
    ) async -> ExpectedOutputs {
        let classifier = BounceClassifier(policy: policy.policy)
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = (inputs.count + chunks - 1) / chunks
        let classified = await withTaskGroup(of: (Int, [[BounceResult]?]).self) { group in
            for chunk in 0..<chunks {
                group.addTask {
                    let range = min(inputs.count, chunk * size)..<min(inputs.count, (chunk + 1) * size)
                    return (chunk, inputs[range].map { try? classifier.classify($0.value) })
                }
            }
            var parts = Array(repeating: [[BounceResult]?](), count: chunks)
            for await (chunk, results) in group { parts[chunk] = results }
            return parts.flatMap { $0 }
        }
        return ExpectedOutputs(inputs: inputs, classified: classified, topics: topics, policy: policy)
    }

    private init(inputs: [RawInput], classified: [[BounceResult]?], topics: TopicNames, policy: PolicyConfiguration) {
        let engine = PolicyEngine(configuration: policy)
        var states: [String: AddressState] = [:]
        for (input, classification) in zip(inputs, classified) {
            guard let results = classification else {
                deadLetters[OutputRecord(key: input.key, value: input.value), default: 0] += 1
                continue
            }
            classifiedRecords += results.count
            for result in results {
                guard let occurred = result.occurredAt.flatMap(Timestamps.milliseconds(fromISO8601:)) else {
                    untimedResults += 1
                    continue
                }
                let bytes = OutputRecords.classifiedResult(result, occurredAtMilliseconds: occurred)
                guard let event = try? RecordDecoding.classifiedEvent(bytes) else { continue }
                var state = states[result.recipient] ?? AddressState()
                let outcome = engine.apply(.event(event), to: &state)
                states[result.recipient] = state
                add(outcome, address: result.recipient, topics: topics)
            }
        }
    }

    private mutating func add(_ outcome: PolicyOutcome, address: String, topics: TopicNames) {
        if let row = outcome.bounceLog {
            records[topics.bounceLog, default: [:]][
                OutputRecord(key: address, value: OutputRecords.bounceLogRow(row)), default: 0] += 1
        }
        if let change = outcome.statusChange {
            records[topics.subscriberStatus, default: [:]][
                OutputRecord(key: address, value: OutputRecords.statusChange(change)), default: 0] += 1
        }
        if let change = outcome.blacklistChange {
            records[topics.blacklist, default: [:]][
                OutputRecord(key: address, value: OutputRecords.blacklistChange(change)), default: 0] += 1
        }
    }

    /// The number of records expected on `topic`.
    func count(_ topic: String) -> Int {
        records[topic, default: [:]].values.reduce(0, +)
    }

    /// The number of dead letters expected.
    var deadLetterCount: Int { deadLetters.values.reduce(0, +) }
}

/// The (key, value) multiset of `messages`.
func multiset(_ messages: [KafkaMessage]) -> [ExpectedOutputs.OutputRecord: Int] {
    var result: [ExpectedOutputs.OutputRecord: Int] = [:]
    for message in messages {
        let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
        result[ExpectedOutputs.OutputRecord(key: key, value: message.value), default: 0] += 1
    }
    return result
}

/// The differences between an expected and an actual multiset, for messages.
struct MultisetDifference: CustomStringConvertible {
    var missing: [(ExpectedOutputs.OutputRecord, Int)] = []
    var extra: [(ExpectedOutputs.OutputRecord, Int)] = []

    init(expected: [ExpectedOutputs.OutputRecord: Int], actual: [ExpectedOutputs.OutputRecord: Int]) {
        for (record, count) in expected where (actual[record] ?? 0) < count {
            missing.append((record, count - (actual[record] ?? 0)))
        }
        for (record, count) in actual where (expected[record] ?? 0) < count {
            extra.append((record, count - (expected[record] ?? 0)))
        }
    }

    var isEmpty: Bool { missing.isEmpty && extra.isEmpty }

    var description: String {
        func show(_ items: [(ExpectedOutputs.OutputRecord, Int)]) -> String {
            items.prefix(3).map { "\($0.1)× \($0.0.key): \(String(decoding: $0.0.value, as: UTF8.self))" }
                .joined(separator: "\n  ")
        }
        return
            "\(missing.reduce(0) { $0 + $1.1 }) missing, \(extra.reduce(0) { $0 + $1.1 }) extra\n  missing: \(show(missing))\n  extra: \(show(extra))"
    }
}

import BounceClassifier
import BouncePipeline
import Testing

struct PolicyEngineTests {
    static let day: Int64 = 86_400_000
    static let start: Int64 = 1_795_000_000_000

    func event(
        _ reply: String, id: String, at time: Int64 = start, kind: BounceKind = .bounce, messageID: String? = nil,
        policy: SuppressionPolicy = .standard
    ) -> PolicyInput {
        var result = BounceClassifier(policy: policy).decide(
            BounceObservation(kind: kind, recipient: "a@b.example", diagnostic: reply, originalMessageID: messageID),
            format: .canonical, identity: id)
        result.eventID = id
        return .event(ClassifiedEvent(eventID: id, result: result, occurredAtMilliseconds: time))
    }

    @Test func hardBounceBlacklistsOnceAndDuplicatesProduceNothing() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        let first = engine.apply(event("550 5.1.1 user unknown", id: "e1"), to: &state)
        #expect(first.bounceLog != nil)
        #expect(first.statusChange?.status == .blacklisted)
        #expect(first.blacklistChange?.action == .add)
        #expect(state.status == .blacklisted)

        let again = engine.apply(event("550 5.1.1 user unknown", id: "e1"), to: &state)
        #expect(again.duplicate)
        #expect(again.bounceLog == nil && again.statusChange == nil && again.blacklistChange == nil)

        let second = engine.apply(event("550 5.1.1 user unknown", id: "e2"), to: &state)
        #expect(second.bounceLog != nil)
        #expect(second.statusChange == nil && second.blacklistChange == nil)
    }

    @Test func sameBounceThroughTwoChannelsWithinADayIsADuplicate() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        let viaMail = engine.apply(event("550 5.1.1 unknown", id: "mail", messageID: "<m1@x>"), to: &state)
        let viaWebhook = engine.apply(
            event("550 5.1.1 unknown", id: "hook", at: Self.start + 3_600_000, messageID: "<m1@x>"), to: &state)
        #expect(!viaMail.duplicate)
        #expect(viaWebhook.duplicate)
        let nextDay = engine.apply(
            event("550 5.1.1 unknown", id: "late", at: Self.start + 2 * Self.day, messageID: "<m1@x>"), to: &state)
        #expect(!nextDay.duplicate)
    }

    @Test func senderSideHardBounceTakesNoActionUnderStandard() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        let outcome = engine.apply(event("550 5.7.1 Message rejected as spam", id: "s"), to: &state)
        #expect(outcome.bounceLog != nil)
        #expect(outcome.statusChange == nil)
        #expect(state.status == .active)
    }

    @Test func complaintSetsSpamReported() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        let outcome = engine.apply(event("", id: "c", kind: .complaint), to: &state)
        #expect(outcome.statusChange?.status == .spamReported)
        #expect(outcome.blacklistChange == nil)
        #expect(outcome.bounceLog != nil)
    }

    @Test func softBouncesEscalateOnlyWhenSpreadOverDistinctDays() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        // Five mailbox-full bounces on one day: not enough distinct days.
        for index in 0..<5 {
            let outcome = engine.apply(
                event("452 4.2.2 mailbox full", id: "d\(index)", at: Self.start + Int64(index)), to: &state)
            #expect(outcome.statusChange == nil)
        }
        // Two more days: the threshold (5 bounces over 3 distinct days within 30) is reached.
        _ = engine.apply(event("452 4.2.2 mailbox full", id: "x1", at: Self.start + Self.day), to: &state)
        let last = engine.apply(event("452 4.2.2 mailbox full", id: "x2", at: Self.start + 2 * Self.day), to: &state)
        #expect(last.statusChange?.reason == "soft-bounce-threshold")
        #expect(last.blacklistChange?.action == .add)
    }

    @Test func greylistingNeverEscalates() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        for index in 0..<20 {
            let outcome = engine.apply(
                event(
                    "451 4.7.0 rate limited, try again later", id: "g\(index)", at: Self.start + Int64(index) * Self.day
                ),
                to: &state)
            #expect(outcome.statusChange == nil)
        }
    }

    @Test func acelleHasNoEscalation() {
        let engine = PolicyEngine(configuration: PolicyConfiguration(policy: .acelle))
        var state = AddressState()
        for index in 0..<10 {
            let outcome = engine.apply(
                event(
                    "452 4.2.2 mailbox full", id: "a\(index)", at: Self.start + Int64(index) * Self.day, policy: .acelle
                ),
                to: &state)
            #expect(outcome.statusChange == nil)
        }
    }

    @Test func operatorRemoveClearsAndALaterHardBounceBlacklistsAgain() {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        _ = engine.apply(event("550 5.1.1 unknown", id: "h1"), to: &state)
        let remove = engine.apply(
            .command(
                OperatorCommand(
                    commandID: "cmd1", action: .remove, address: "a@b.example", reason: nil,
                    atMilliseconds: Self.start + 1)),
            to: &state)
        #expect(remove.statusChange?.status == .active)
        #expect(remove.blacklistChange?.action == .remove)
        #expect(state.softBounces.isEmpty)
        let replayed = engine.apply(
            .command(
                OperatorCommand(
                    commandID: "cmd1", action: .remove, address: "a@b.example", reason: nil,
                    atMilliseconds: Self.start + 1)),
            to: &state)
        #expect(replayed.duplicate)
        let again = engine.apply(event("550 5.1.1 unknown", id: "h2", at: Self.start + 2), to: &state)
        #expect(again.blacklistChange?.action == .add)
    }

    @Test func recentEventIDsAreBounded() {
        let engine = PolicyEngine(configuration: PolicyConfiguration(recentEventLimit: 8))
        var state = AddressState()
        for index in 0..<50 { _ = engine.apply(event("452 4.7.1 later", id: "r\(index)"), to: &state) }
        #expect(state.recentEventIDHashes.count == 8)
        #expect(state.recentEventIDHashes.last == AddressState.stableHash(of: "r49"))
    }

    @Test(arguments: [
        "550 5.1.1 unknown", "550 5.7.26 unauthenticated", "451 4.4.7 expired", "550 5.0.0 rejected",
        "421 too many connections", "mailbox unavailable",
    ])
    func fingerprintIsTheHashOfKindMessageIDAndStatus(reply: String) throws {
        let input = event(reply, id: "f1", messageID: "<fp.1@example.net>")
        guard case .event(let classified) = input else { throw PolicyEngineTestError.notAnEvent }
        var state = AddressState()
        _ = PolicyEngine(configuration: PolicyConfiguration()).apply(input, to: &state)
        let result = classified.result
        let text = "\(result.kind.rawValue)|\(result.originalMessageID ?? "")|\(result.status?.description ?? "-")"
        #expect(state.recentFingerprints.first?.hash == AddressState.stableHash(of: text))
        #expect(AddressState.stableHash(of: "a") == 0xaf63_dc4c_8601_ec8c)  // FNV-1a 64 of "a"
    }

    @Test func stateRoundTripsThroughTheChangelogAndReadsEarlierVersions() throws {
        let engine = PolicyEngine(configuration: PolicyConfiguration())
        var state = AddressState()
        _ = engine.apply(event("452 4.2.2 mailbox full", id: "s1", messageID: "<m2@x>"), to: &state)
        _ = engine.apply(event("550 5.1.1 unknown", id: "h1", at: Self.start + 60_000, messageID: "<m1@x>"), to: &state)
        #expect(state.recentFingerprints.count == 2)
        let restored = try RecordDecoding.addressState(OutputRecords.addressState(state))
        #expect(restored == state)

        // A version-1 record held the fingerprint's text; restored, it still catches the same report.
        let text = "bounce|m1@x|5.1.1"  // the classifier keeps message ids without angle brackets
        let versionOne = Array(
            """
            {"v":1,"status":"active","soft_bounces":[],"recent_event_ids":["mail"],\
            "recent_fingerprints":[{"hash":"\(text)","at":\(Self.start)}]}
            """.utf8)
        var old = try RecordDecoding.addressState(versionOne)
        #expect(old.recentFingerprints.first?.hash == AddressState.stableHash(of: text))
        let viaWebhook = engine.apply(
            event("550 5.1.1 unknown", id: "hook", at: Self.start + 3_600_000, messageID: "<m1@x>"), to: &old)
        #expect(viaWebhook.duplicate)

        // Versions 1 and 2 held event ids as text; restored, a replayed event is still a duplicate.
        let versionTwo = Array(
            #"{"v":2,"status":"active","soft_bounces":[],"recent_event_ids":["e7"],"recent_fingerprints":[]}"#.utf8)
        var two = try RecordDecoding.addressState(versionTwo)
        #expect(engine.apply(event("550 5.1.1 unknown", id: "e7"), to: &two).duplicate)
    }
}

enum PolicyEngineTestError: Error { case notAnEvent }

import BouncePipeline
import Testing

struct AddressStateStoreTests {
    func state(status: SubscriberStatus = .active, ids: Int, softBounces: Int = 0, fingerprints: Int = 0)
        -> AddressState
    {
        var state = AddressState()
        state.status = status
        state.recentEventIDHashes = (0..<ids).map { UInt64($0) &* 0x9e37_79b9_7f4a_7c15 }
        state.softBounces = (0..<softBounces).map { 1_795_000_000_000 + Int64($0) * 86_400_000 }
        state.recentFingerprints = (0..<fingerprints).map { .init(hash: ~UInt64($0), at: Int64($0)) }
        return state
    }

    @Test func storesAndReturnsEveryAddressThroughIndexGrowth() {
        var store = AddressStateStore()
        for index in 0..<20_000 {
            let isNew = store.updateValue(
                state(status: index % 3 == 0 ? .blacklisted : .active, ids: index % 4),
                forAddress: "user\(index)@d.example")
            #expect(isNew)
        }
        #expect(store.count == 20_000)
        for index in stride(from: 0, to: 20_000, by: 7) {
            #expect(
                store["user\(index)@d.example"]
                    == state(status: index % 3 == 0 ? .blacklisted : .active, ids: index % 4))
        }
        #expect(store["nobody@d.example"] == nil)
        #expect(store["user1@d.exampl"] == nil)
    }

    @Test func growingAndShrinkingStatesKeepTheirAddressAndCompactTheArena() {
        var store = AddressStateStore()
        let addresses = (0..<500).map { "a\($0)@example.org" }
        for address in addresses { store.updateValue(state(ids: 1), forAddress: address) }
        // Each round outgrows every record, so records move and the old ones become leftovers to compact.
        for round in 2...40 {
            for address in addresses {
                let isNew = store.updateValue(
                    state(ids: round, softBounces: round % 5, fingerprints: round % 3), forAddress: address)
                #expect(!isNew)
            }
        }
        for address in addresses.prefix(50) {
            store.updateValue(state(status: .spamReported, ids: 0), forAddress: address)
        }
        #expect(store.count == 500)
        // 39 rounds each left a superseded record per address (~600 KB in all); compaction keeps at most as
        // much again as the live records (500 × ~400 bytes) plus the index.
        #expect(store.storageBytes < 500_000, "\(store.storageBytes) bytes")
        var seen = 0
        store.forEach { address, value in
            seen += 1
            let expected =
                addresses.prefix(50).contains(address)
                ? state(status: .spamReported, ids: 0) : state(ids: 40, softBounces: 0, fingerprints: 1)
            #expect(value == expected, "\(address)")
        }
        #expect(seen == 500)
    }

    @Test func addressesAreComparedByTheirBytes() {
        var store = AddressStateStore()
        store.updateValue(state(status: .blacklisted, ids: 1), forAddress: "ünïcode@exämple.org")
        store.updateValue(state(ids: 2), forAddress: "")
        #expect(store["ünïcode@exämple.org"]?.status == .blacklisted)
        #expect(store[""]?.recentEventIDHashes.count == 2)
        #expect(store["unicode@example.org"] == nil)
    }
}

import BouncePipeline
import Testing

struct OffsetTrackerTests {
    @Test func storesOnlyTheContiguousCompletedPrefix() {
        var tracker = OffsetTracker()
        for offset: Int64 in [10, 11, 13, 14] { tracker.begin(offset) }
        #expect(tracker.complete(11) == nil)
        #expect(tracker.complete(14) == nil)
        #expect(tracker.complete(10) == 12)
        #expect(tracker.inFlight == 2)
        #expect(tracker.complete(13) == 15)
        #expect(tracker.inFlight == 0)
        #expect(tracker.committable == 15)
    }

    @Test func manyMessagesOutOfOrder() {
        var tracker = OffsetTracker()
        for offset in 0..<10_000 { tracker.begin(Int64(offset)) }
        for offset in stride(from: 9_999, through: 1, by: -1) { #expect(tracker.complete(Int64(offset)) == nil) }
        #expect(tracker.complete(0) == 10_000)
    }
}

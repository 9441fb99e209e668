import BouncePipeline
import TestSupport
import Testing

struct TimestampsTests {
    @Test func parsesAndFormatsISO8601() {
        #expect(Timestamps.milliseconds(fromISO8601: "1970-01-01T00:00:00Z") == 0)
        #expect(Timestamps.milliseconds(fromISO8601: "2026-11-20T09:14:03Z") == 1_795_166_043_000)
        #expect(Timestamps.milliseconds(fromISO8601: "2026-11-20T10:14:03.250+01:00") == 1_795_166_043_250)
        #expect(Timestamps.milliseconds(fromISO8601: "not a time") == nil)
        #expect(Timestamps.iso8601(milliseconds: 1_795_166_043_250) == "2026-11-20T09:14:03.250Z")
        #expect(Timestamps.dayNumber(milliseconds: 86_400_000 * 3 + 5) == 3)
    }

    @Test func formatsEveryFieldWithItsPaddingAndRoundTrips() {
        #expect(Timestamps.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamps.iso8601(milliseconds: 1_000_000_000_007) == "2001-09-09T01:46:40.007Z")
        #expect(Timestamps.iso8601(milliseconds: 253_402_300_799_999) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamps.iso8601(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        // Outside four-digit years the year is written as it is, without padding.
        #expect(Timestamps.iso8601(milliseconds: -62_135_596_800_001) == "0-12-31T23:59:59.999Z")
        var random = SeededGenerator(seed: 8601)
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: -30_610_224_000_000...253_402_300_799_999, using: &random)
            #expect(
                Timestamps.milliseconds(fromISO8601: Timestamps.iso8601(milliseconds: milliseconds)) == milliseconds)
        }
    }
}

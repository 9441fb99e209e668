import BouncePipeline
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
}

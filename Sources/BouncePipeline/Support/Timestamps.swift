import BounceClassifier

/// Conversions between ISO 8601 text and milliseconds since the Unix epoch, without Foundation, for the hot path.
public enum Timestamps {
    /// Milliseconds since the epoch for `2026-11-20T09:14:03Z`, `2026-11-20T09:14:03.250+01:00` or
    /// `2026-11-20 09:14:03`; `nil` when the text is not such a timestamp.
    public static func milliseconds(fromISO8601 text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes in milliseconds(fromISO8601: bytes) }
    }

    /// ``milliseconds(fromISO8601:)-(String)`` of UTF-8 text.
    static func milliseconds(fromISO8601 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 19 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 0x2D, let month = number(5, 2), bytes[7] == 0x2D,
            let day = number(8, 2), bytes[10] == 0x54 || bytes[10] == 0x20 || bytes[10] == 0x74,
            let hour = number(11, 2), bytes[13] == 0x3A, let minute = number(14, 2), bytes[16] == 0x3A,
            let second = number(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var index = 19
        var millis = 0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 100
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                millis += Int(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == 0x2B || sign == 0x2D, index + 3 <= bytes.count {
                let hours = number(index + 1, 2) ?? 0
                let minutesStart = bytes.count > index + 3 && bytes[index + 3] == 0x3A ? index + 4 : index + 3
                let minutes = minutesStart + 2 <= bytes.count ? number(minutesStart, 2) ?? 0 : 0
                offsetSeconds = (hours * 3600 + minutes * 60) * (sign == 0x2D ? -1 : 1)
            }
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Int64(seconds) * 1000 + Int64(millis)
    }

    /// `2026-11-20T09:14:03.250Z` for milliseconds since the epoch.
    public static func iso8601(milliseconds: Int64) -> String {
        let totalSeconds = Int(milliseconds.quotientAndRemainderFlooring(by: 1000).quotient)
        let millis = Int(milliseconds - Int64(totalSeconds) * 1000)
        let (days, secondsOfDay) = totalSeconds.quotientAndRemainderFlooring(by: 86_400)
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        if (1000...9999).contains(year) {
            // The common case, written digit by digit into the string's own storage.
            return String(unsafeUninitializedCapacity: 24) { text in
                func put(_ value: Int, digits: Int, at index: Int) {
                    var rest = value
                    for offset in stride(from: digits - 1, through: 0, by: -1) {
                        text[index + offset] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                        rest /= 10
                    }
                }
                // "YYYY-MM-DDTHH:MM:SS.mmmZ": 24 bytes, every index below is within them.
                put(year, digits: 4, at: 0)
                text[4] = 0x2D
                put(month, digits: 2, at: 5)
                text[7] = 0x2D
                put(day, digits: 2, at: 8)
                text[10] = 0x54
                put(secondsOfDay / 3600, digits: 2, at: 11)
                text[13] = 0x3A
                put(secondsOfDay / 60 % 60, digits: 2, at: 14)
                text[16] = 0x3A
                put(secondsOfDay % 60, digits: 2, at: 17)
                text[19] = 0x2E
                put(millis, digits: 3, at: 20)
                text[23] = 0x5A
                return 24
            }
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func three(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):"
            + "\(two(secondsOfDay % 60)).\(three(millis))Z"
    }

    /// The day number (days since 1970-01-01, UTC) of a time in milliseconds.
    public static func dayNumber(milliseconds: Int64) -> Int32 {
        Int32(truncatingIfNeeded: milliseconds.quotientAndRemainderFlooring(by: 86_400_000).quotient)
    }

}

extension BinaryInteger {
    /// Floor division: the quotient rounded towards negative infinity, and a non-negative remainder.
    fileprivate func quotientAndRemainderFlooring(by divisor: Self) -> (quotient: Self, remainder: Self) {
        var (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}

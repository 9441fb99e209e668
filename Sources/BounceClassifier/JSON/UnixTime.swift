/// Unix time to ISO 8601 text, without Foundation.
enum UnixTime {
    /// The latest time accepted: 9999-12-31T23:59:59Z.
    static let maximumSeconds: Double = 253_402_300_799

    /// `1521472262.908181` → `"2018-03-19T15:11:02.908Z"`; `1521472262` → `"2018-03-19T15:11:02Z"`.
    /// `nil` for times before 1970 or after 9999, and for non-finite values.
    static func iso8601(_ seconds: Double) -> String? {
        guard seconds.isFinite, seconds >= 0, seconds <= maximumSeconds else { return nil }
        var whole = Int(seconds.rounded(.down))
        var millis = Int(((seconds - Double(whole)) * 1000).rounded())
        if millis >= 1000 {
            whole += 1
            millis -= 1000
        }
        let days = whole / 86_400
        let secondOfDay = whole % 86_400
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        var out = [UInt8]()
        out.reserveCapacity(24)
        append(year, digits: 4, to: &out)
        out.append(0x2D)
        append(month, digits: 2, to: &out)
        out.append(0x2D)
        append(day, digits: 2, to: &out)
        out.append(0x54)
        append(secondOfDay / 3600, digits: 2, to: &out)
        out.append(0x3A)
        append(secondOfDay / 60 % 60, digits: 2, to: &out)
        out.append(0x3A)
        append(secondOfDay % 60, digits: 2, to: &out)
        if millis > 0 {
            out.append(0x2E)
            append(millis, digits: 3, to: &out)
        }
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ value: Int, digits: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(0x30 + rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}

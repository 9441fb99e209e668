/// Converts an RFC 5322 `Date:` value (`Fri, 01 Oct 2010 19:15:23 +0900`, with the usual deviations: no weekday,
/// two-digit years, no seconds, zone names, comments) to ISO 8601 UTC (`2010-10-01T10:15:23Z`).
enum EmailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Zone abbreviations and their offsets in minutes.
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
        "mdt": -360, "pst": -480, "pdt": -420, "jst": 540, "kst": 540, "cet": 60, "cest": 120, "bst": 60,
    ]

    /// ``iso8601(_:)`` of the `Date:` of `headers`, or `nil` when there is none: a value that
    /// ``HeaderFields/text(of:)`` leaves as its bytes (plain ASCII on one line) is read from those bytes, without a
    /// string of it.
    static func iso8601(dateIn headers: HeaderFields) -> String? {
        guard let range = headers.firstRange(dateField) else { return nil }
        let trimmed = Bytes.trimmed(headers.bytes, range)
        let direct: String?? = headers.bytes.withUnsafeBufferPointer { buffer in
            guard ByteSearch.isPlainASCIILine(buffer, trimmed) else { return .none }
            return .some(EmailDateTokens.iso8601(UnsafeBufferPointer(rebasing: buffer[trimmed])))
        }
        if let direct { return direct }
        return iso8601(headers.text(of: range))
    }

    /// `date`.
    private static let dateField = Array("date".utf8)

    /// The ISO 8601 form of `value`, or `nil` when it cannot be read.
    ///
    /// ASCII values without carriage returns (nearly all) are read byte by byte (``EmailDateTokens``); others by
    /// characters, where a combining mark or a CR LF pair is one character and can change the tokens.
    static func iso8601(_ value: String) -> String? {
        var copy = value
        let fast: String?? = copy.withUTF8 { utf8 in
            for byte in utf8 where byte >= 0x80 || byte == 0x0D { return nil }
            return .some(EmailDateTokens.iso8601(utf8))
        }
        if let fast { return fast }
        return iso8601ByCharacters(value)
    }

    /// ``iso8601(_:)`` over the value's characters.
    static func iso8601ByCharacters(_ value: String) -> String? {
        var tokens: [Substring] = []
        var depth = 0
        var current = ""
        for character in value {
            if character == "(" { depth += 1 }
            if depth > 0 {
                if character == ")" { depth -= 1 }
                continue
            }
            if character == " " || character == "," || character == "\t" {
                if !current.isEmpty { tokens.append(Substring(current)) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(Substring(current)) }
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        var offset = 0
        for token in tokens {
            let lowered = token.lowercased()
            if let index = months.firstIndex(where: { lowered.hasPrefix($0) }), month == nil, lowered.count <= 9 {
                month = index + 1
            } else if token.contains(":"), time == nil {
                let pieces = token.split(separator: ":").map { Int($0) }
                guard pieces.count >= 2, let hour = pieces[0], let minute = pieces[1] else { return nil }
                time = (hour, minute, pieces.count > 2 ? pieces[2] ?? 0 : 0)
            } else if let first = token.first, first == "+" || first == "-", token.count == 5,
                let number = Int(token.dropFirst())
            {
                offset = (number / 100 * 60 + number % 100) * (first == "-" ? -1 : 1)
            } else if let number = Int(token) {
                if day == nil, token.count <= 2, month == nil || year == nil {
                    day = number
                } else if year == nil {
                    year = token.count <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : number
                }
            } else if let zone = zones[lowered] {
                offset = zone
            }
        }
        return iso8601(day: day, month: month, year: year, time: time, offset: offset)
    }

    /// The ISO 8601 form of the fields read from a value, or `nil` when one is missing or out of range.
    static func iso8601(day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset: Int) -> String? {
        guard let day, let month, let year, let (hour, minute, second) = time, (1...31).contains(day),
            (1900...9999).contains(year), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        var total = CivilCalendar.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        total -= offset * 60
        return format(seconds: total)
    }

    /// `seconds` since 1970 as `YYYY-MM-DDThh:mm:ssZ` (a year past 9999 takes five digits).
    private static func format(seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        guard year >= 0, year <= 99_999 else { return formatSlowly(year, month, day, secondOfDay) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var count = 0
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<max(width, value >= 10_000 ? 5 : width) { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    buffer[count] = UInt8(0x30 + rest / divisor)
                    rest %= divisor
                    divisor /= 10
                    count += 1
                }
            }
            func put(byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            put(year, 4)
            put(byte: 0x2D)
            put(month, 2)
            put(byte: 0x2D)
            put(day, 2)
            put(byte: 0x54)
            put(secondOfDay / 3600, 2)
            put(byte: 0x3A)
            put(secondOfDay / 60 % 60, 2)
            put(byte: 0x3A)
            put(secondOfDay % 60, 2)
            put(byte: 0x5A)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }

    /// ``format(seconds:)`` for years it does not write digit by digit.
    private static func formatSlowly(_ year: Int, _ month: Int, _ day: Int, _ secondOfDay: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }
}

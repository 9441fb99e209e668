/// ``EmailDate`` over the bytes of an ASCII value: comments dropped, the rest split at spaces, tabs and commas,
/// and each token read as a month name, a time, a numeric zone, a number (day or year) or a zone name, as
/// ``EmailDate/iso8601ByCharacters(_:)`` reads the same value's characters.
enum EmailDateTokens {
    /// The ISO 8601 form of the ASCII `value`, or `nil` when it cannot be read.
    static func iso8601(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.count + 1) { kept in
            // Comments dropped: a token may continue after one, as `12(x)34` reads `1234`.
            var count = 0
            var depth = 0
            for byte in value {
                if byte == 0x28 { depth += 1 }
                if depth > 0 {
                    if byte == 0x29 { depth -= 1 }
                    continue
                }
                kept[count] = byte
                count += 1
            }
            var fields = Fields()
            var start = 0
            var index = 0
            while index <= count {
                if index == count || kept[index] == 0x20 || kept[index] == 0x2C || kept[index] == 0x09 {
                    if index > start {
                        let token = UnsafeBufferPointer(rebasing: kept[start..<index])
                        guard fields.read(token) else { return nil }
                    }
                    start = index + 1
                }
                index += 1
            }
            return EmailDate.iso8601(
                day: fields.day, month: fields.month, year: fields.year, time: fields.time, offset: fields.offset)
        }
    }

    /// The fields read so far.
    private struct Fields {
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        var offset = 0

        /// Reads one token; `false` when it makes the whole value unreadable (a time without hour or minute).
        mutating func read(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
            if month == nil, token.count <= 9, let index = monthIndex(token) {
                month = index + 1
            } else if time == nil, token.contains(0x3A) {
                // The non-empty pieces between colons: how many, and the first three.
                var pieceCount = 0
                var pieces: (Int?, Int?, Int?) = (nil, nil, nil)
                var pieceStart = 0
                for position in 0...token.count where position == token.count || token[position] == 0x3A {
                    if position > pieceStart {
                        let piece = EmailDateTokens.integer(UnsafeBufferPointer(rebasing: token[pieceStart..<position]))
                        switch pieceCount {
                        case 0: pieces.0 = piece
                        case 1: pieces.1 = piece
                        case 2: pieces.2 = piece
                        default: break
                        }
                        pieceCount += 1
                    }
                    pieceStart = position + 1
                }
                guard pieceCount >= 2, let hour = pieces.0, let minute = pieces.1 else { return false }
                time = (hour, minute, pieceCount > 2 ? pieces.2 ?? 0 : 0)
            } else if token[0] == 0x2B || token[0] == 0x2D, token.count == 5,
                let number = EmailDateTokens.integer(UnsafeBufferPointer(rebasing: token[1...]))
            {
                offset = (number / 100 * 60 + number % 100) * (token[0] == 0x2D ? -1 : 1)
            } else if let number = EmailDateTokens.integer(token) {
                if day == nil, token.count <= 2, month == nil || year == nil {
                    day = number
                } else if year == nil {
                    year = token.count <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : number
                }
            } else if let zone = zoneOffset(token) {
                offset = zone
            }
            return true
        }

        /// The index in ``EmailDate/months`` of the first month name `token` starts with (any case).
        private func monthIndex(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
            guard token.count >= 3 else { return nil }
            let key = EmailDateTokens.packedLowered(UnsafeBufferPointer(rebasing: token[0..<3]))
            return EmailDateTokens.monthKeys.firstIndex(of: key)
        }

        /// The offset of the zone abbreviation `token` (any case), if it is one of ``EmailDate/zones``.
        private func zoneOffset(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
            guard token.count <= 4 else { return nil }
            let key = EmailDateTokens.packedLowered(token)
            for zone in EmailDateTokens.zoneKeys where zone.key == key { return zone.offset }
            return nil
        }
    }

    /// The bytes of `token` (at most seven) lower-cased, first byte lowest, above its length in the top byte: equal
    /// for two tokens exactly when they are equal ignoring ASCII case.
    static func packedLowered(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var key = UInt64(token.count) << 56
        for (position, byte) in token.prefix(7).enumerated() { key |= UInt64(Bytes.lower(byte)) << (8 * position) }
        return key
    }

    /// ``EmailDate/months``, packed as ``packedLowered(_:)`` packs them.
    fileprivate static let monthKeys: [UInt64] = EmailDate.months.map { name in
        Array(name.utf8).withUnsafeBufferPointer { packedLowered($0) }
    }

    /// ``EmailDate/zones`` (names of at most four bytes), packed as ``packedLowered(_:)`` packs them. Names are
    /// distinct, so at most one matches a token and their order plays no part.
    fileprivate static let zoneKeys: [(key: UInt64, offset: Int)] = EmailDate.zones.compactMap { name, offset in
        name.utf8.count <= 4 ? (Array(name.utf8).withUnsafeBufferPointer { packedLowered($0) }, offset) : nil
    }

    /// The decimal integer `bytes` spell (an optional sign, then digits), as `Int(_: String)` reads it:
    /// `nil` for anything else or on overflow.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        let negative = bytes[0] == 0x2D
        if bytes[0] == 0x2D || bytes[0] == 0x2B { index = 1 }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard Bytes.isDigit(byte) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            let digit = Int(byte - 0x30)
            let (next, overflowAgain) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowAgain else { return nil }
            value = next
            index += 1
        }
        return value
    }
}

/// Turns body or header bytes in a declared charset into a Swift `String`, leniently: every input decodes to
/// some text, and no byte sequence can make decoding fail.
///
/// | charset | decoding |
/// |---|---|
/// | UTF-8, US-ASCII, none | UTF-8; if the bytes are not valid UTF-8, ISO-8859-1 |
/// | ISO-8859-1, Latin-1 | each byte is the code point of the same value |
/// | Windows-1252 (and ISO-8859-15, which differs only in rarely seen symbols) | Latin-1 with the 0x80–0x9F punctuation block |
/// | ISO-2022-* (JIS) | ASCII kept, shifted multi-byte runs dropped (they carry no diagnostic words) |
/// | anything else | UTF-8 when valid, otherwise ASCII kept and other bytes dropped |
enum Charset {
    /// Decodes `bytes` declared as `charset` (lower-case or not; `nil` when undeclared).
    static func decode(_ bytes: ArraySlice<UInt8>, charset: String?) -> String {
        if isPlainASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        let name = charset.map { $0.lowercased() } ?? ""
        switch name {
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "iso_8859-1", "l1":
            return latin1(bytes, windows: false)
        case "windows-1252", "cp1252", "iso-8859-15", "latin-9", "x-cp1252":
            return latin1(bytes, windows: true)
        case let other where other.hasPrefix("iso-2022"):
            return shiftedRunsDropped(bytes)
        default:
            if isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
            if name.isEmpty || name == "us-ascii" || name == "utf-8" || name == "utf8" {
                return latin1(bytes, windows: true)
            }
            return asciiOnly(bytes)
        }
    }

    /// The UTF-8 bytes of ``decode(_:charset:)``'s text: `bytes` itself, not copied, when they are ASCII or
    /// well-formed UTF-8 that the charset decodes as such (decoding valid UTF-8 leaves its bytes as they are).
    static func utf8(of bytes: [UInt8], charset: String?) -> [UInt8] {
        if isPlainASCII(bytes[...]) { return bytes }
        let name = charset.map { $0.lowercased() } ?? ""
        switch name {
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "iso_8859-1", "l1":
            return latin1UTF8(bytes[...], windows: false)
        case "windows-1252", "cp1252", "iso-8859-15", "latin-9", "x-cp1252":
            return latin1UTF8(bytes[...], windows: true)
        case let other where other.hasPrefix("iso-2022"):
            return shiftedRunsDroppedUTF8(bytes[...])
        default:
            if isValidUTF8(bytes[...]) { return bytes }
            if name.isEmpty || name == "us-ascii" || name == "utf-8" || name == "utf8" {
                return latin1UTF8(bytes[...], windows: true)
            }
            return asciiOnlyUTF8(bytes[...])
        }
    }

    /// Whether `bytes` has no byte above 0x7F and no ESC (which starts an ISO-2022 shift): then every charset
    /// decodes it as ASCII.
    static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            let highs: UInt64 = 0x8080_8080_8080_8080
            let ones: UInt64 = 0x0101_0101_0101_0101
            let escapes: UInt64 = 0x1B1B_1B1B_1B1B_1B1B
            var index = 0
            while index &+ 8 <= buffer.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let escape = word ^ escapes
                if word & highs != 0 || (escape &- ones) & ~escape & highs != 0 { return false }
                index &+= 8
            }
            while index < buffer.count {
                if base[index] >= 0x80 || base[index] == 0x1B { return false }
                index &+= 1
            }
            return true
        }
    }

    /// Whether `bytes` is well-formed UTF-8. ASCII runs are skipped a word at a time; each other scalar is read
    /// by the standard library's decoder, from the byte where it starts.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            let highs: UInt64 = 0x8080_8080_8080_8080
            var index = 0
            while index < buffer.count {
                while index &+ 8 <= buffer.count,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & highs == 0
                {
                    index &+= 8
                }
                guard index < buffer.count else { return true }
                if base[index] < 0x80 {
                    index &+= 1
                    continue
                }
                var iterator = UnsafeBufferPointer(rebasing: buffer[index...]).makeIterator()
                var decoder = UTF8()
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): index &+= UTF8.width(scalar)
                case .emptyInput: return true
                case .error: return false
                }
            }
            return true
        }
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func latin1(_ bytes: ArraySlice<UInt8>, windows: Bool) -> String {
        String(decoding: latin1UTF8(bytes, windows: windows), as: UTF8.self)
    }

    /// The UTF-8 encoding of `bytes` read as ISO-8859-1 (or Windows-1252 when `windows`).
    private static func latin1UTF8(_ bytes: ArraySlice<UInt8>, windows: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            var value = UInt32(byte)
            if windows, byte >= 0x80, byte <= 0x9F { value = windows1252High[Int(byte - 0x80)] }
            if value < 0x80 {
                out.append(UInt8(value))
            } else if value < 0x800 {
                out.append(UInt8(0xC0 | value >> 6))
                out.append(UInt8(0x80 | value & 0x3F))
            } else {
                out.append(UInt8(0xE0 | value >> 12))
                out.append(UInt8(0x80 | value >> 6 & 0x3F))
                out.append(UInt8(0x80 | value & 0x3F))
            }
        }
        return out
    }

    private static func shiftedRunsDropped(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: shiftedRunsDroppedUTF8(bytes), as: UTF8.self)
    }

    /// The ASCII of an ISO-2022 text, each shifted run replaced by one space.
    private static func shiftedRunsDroppedUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var shifted = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x1B, index + 2 < bytes.endIndex {
                let next = bytes[index + 1]
                shifted = next == 0x24 || (next == 0x28 && bytes[index + 2] == 0x49)
                index += next == 0x24 && index + 3 < bytes.endIndex && bytes[index + 2] == 0x28 ? 4 : 3
                if shifted { out.append(0x20) }
                continue
            }
            if !shifted, byte < 0x80 { out.append(byte) }
            index += 1
        }
        return out
    }

    private static func asciiOnly(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: asciiOnlyUTF8(bytes), as: UTF8.self)
    }

    /// The ASCII bytes of `bytes`, ESC dropped.
    private static func asciiOnlyUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for byte in bytes where byte < 0x80 && byte != 0x1B { out.append(byte) }
        return out
    }
}

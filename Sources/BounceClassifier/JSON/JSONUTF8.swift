/// UTF-8 encoding and validation for the JSON scanner.
extension JSONScanner {
    /// Appends the UTF-8 encoding of a scalar value (never a surrogate) to `out`.
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Throws unless `bytes[from..<to]` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
    static func validateUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) throws(ClassificationError) {
        var index = from
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: throw error("expected UTF-8 text in a string", at: index)
            }
            guard index + length <= end else { throw error("expected UTF-8 text in a string", at: index) }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { throw error("expected UTF-8 text in a string", at: index) }
            for offset in index + 2..<index + length where bytes[offset] & 0xC0 != 0x80 {
                throw error("expected UTF-8 text in a string", at: offset)
            }
            index += length
        }
    }
}

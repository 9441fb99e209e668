/// The byte-level part of the JSON parser: white space, strings, numbers and literals (RFC 8259).
///
/// It reads through an unsafe buffer for speed, so every read is guarded by an explicit bounds check: no
/// input can make it read past the end. Errors are
/// ``ClassificationError/Kind/malformedJSON`` with the byte offset where the problem is.
struct JSONScanner {
    /// The input; valid only while the parser's `withUnsafeBufferPointer` call runs.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.position = 0
    }

    /// The error for a problem at `offset`.
    static func error(_ message: String, at offset: Int) -> ClassificationError {
        ClassificationError(.malformedJSON, message, at: "byte \(offset)")
    }

    /// The next byte after skipping white space, without consuming it; `nil` at the end.
    mutating func peekSkippingWhiteSpace() -> UInt8? {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                position += 1
            } else {
                return byte
            }
        }
        return nil
    }

    /// Consumes `byte` after optional white space, or throws "expected `what`".
    mutating func expect(_ byte: UInt8, _ what: String) throws(ClassificationError) {
        guard peekSkippingWhiteSpace() == byte else { throw Self.error("expected \(what)", at: position) }
        position += 1
    }

    /// Reads a string whose opening quote is at ``position``.
    mutating func readString() throws(ClassificationError) -> String {
        let start = position + 1
        var index = Self.skipPlainASCII(bytes, from: start)
        var high: UInt8 = 0
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                if high >= 0x80 { try Self.validateUTF8(bytes, from: start, to: index) }
                position = index + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw Self.error("expected an escape sequence for a control character", at: index) }
            high |= byte
            index += 1
        }
        if index >= bytes.count { throw Self.error("expected '\"' to close the string", at: bytes.count) }
        if high >= 0x80 { try Self.validateUTF8(bytes, from: start, to: index) }
        return try readEscapedString(start: start, firstEscape: index)
    }

    /// The index of the first byte at or after `index` that is not plain string content (a quote, a backslash,
    /// a control character or a non-ASCII byte), or the index where fewer than 8 bytes remain. Tests 8 bytes
    /// at a time.
    @inline(__always) static func skipPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return index }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = index
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special =
                (word &- ones &* 0x20) | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash | word
            let found = special & highs
            // A borrow only marks bytes after a special one, so the lowest mark is the first special byte.
            if found != 0 { return index + (found.trailingZeroBitCount >> 3) }
            index += 8
        }
        return index
    }

    /// Reads a string whose opening quote is at ``position`` and that has only printable ASCII and no
    /// escapes (an object key of a known format), returning its bytes; `nil` for any other string.
    mutating func readPlainKey() -> UnsafeBufferPointer<UInt8>? {
        guard let (key, end) = Self.plainKey(in: bytes, quoteAt: position) else { return nil }
        position = end
        return key
    }

    /// The bytes of the string whose opening quote is at `quote` in `bytes`, and the index after its closing
    /// quote, when it has only printable ASCII and no escapes; `nil` for any other string.
    @inline(__always) static func plainKey(
        in bytes: UnsafeBufferPointer<UInt8>, quoteAt quote: Int
    ) -> (key: UnsafeBufferPointer<UInt8>, end: Int)? {
        let start = quote + 1
        var index = skipPlainASCII(bytes, from: start)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 { return (UnsafeBufferPointer(rebasing: bytes[start..<index]), index + 1) }
            if byte == 0x5C || byte < 0x20 || byte >= 0x80 { return nil }
            index += 1
        }
        return nil
    }

    /// The slow path of ``readString()``: the part from `start` to `firstEscape` has no escapes and is valid.
    private mutating func readEscapedString(start: Int, firstEscape: Int) throws(ClassificationError) -> String {
        var out = [UInt8]()
        out.reserveCapacity(firstEscape - start + 16)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<firstEscape]))
        var index = firstEscape
        var segment = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C {
                if high >= 0x80 { try Self.validateUTF8(bytes, from: segment, to: index) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segment..<index]))
                high = 0
                if byte == 0x22 {
                    position = index + 1
                    return String(decoding: out, as: UTF8.self)
                }
                index = try readEscape(at: index, into: &out)
                segment = index
                continue
            }
            if byte < 0x20 { throw Self.error("expected an escape sequence for a control character", at: index) }
            high |= byte
            index += 1
        }
        throw Self.error("expected '\"' to close the string", at: bytes.count)
    }

    /// Decodes the escape whose backslash is at `index` into `out`; returns the index after it.
    private func readEscape(at index: Int, into out: inout [UInt8]) throws(ClassificationError) -> Int {
        guard index + 1 < bytes.count else { throw Self.error("expected an escape character", at: index + 1) }
        switch bytes[index + 1] {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x2F: out.append(0x2F)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
            var scalar = try hex4(at: index + 2)
            var next = index + 6
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard next + 1 < bytes.count, bytes[next] == 0x5C, bytes[next + 1] == 0x75 else {
                    throw Self.error("expected a '\\u' low surrogate after a high surrogate", at: next)
                }
                let low = try hex4(at: next + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw Self.error("expected a low surrogate (DC00-DFFF)", at: next + 2)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw Self.error("expected a high surrogate before a low surrogate", at: index + 2)
            }
            Self.appendUTF8(scalar, to: &out)
            return next
        default:
            throw Self.error("expected one of '\"\\/bfnrtu' after a backslash", at: index + 1)
        }
        return index + 2
    }

    /// The value of 4 hex digits at `index`.
    private func hex4(at index: Int) throws(ClassificationError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Self.error("expected 4 hex digits", at: index) }
        var value: UInt32 = 0
        for offset in index..<index + 4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Self.error("expected a hex digit", at: offset)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Reads a number starting at ``position``.
    mutating func readNumber() throws(ClassificationError) -> JSONNumber {
        let start = position
        var index = position
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
            throw Self.error("expected a digit", at: index)
        }
        var integer: Int? = 0
        if bytes[index] == 0x30 {
            index += 1
        } else {
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if let value = integer {
                    let digit = Int(bytes[index] - 0x30)
                    let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) =
                        negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                    integer = overflow1 || overflow2 ? nil : sum
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == 0x2E {
            integer = nil
            index += 1
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
                throw Self.error("expected a digit after '.'", at: index)
            }
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            integer = nil
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
                throw Self.error("expected a digit in the exponent", at: index)
            }
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        }
        position = index
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return JSONNumber(text: text, integer: integer)
    }

    /// Consumes the literal `word` (`true`, `false`, `null`) at ``position``.
    mutating func readLiteral(_ word: StaticString) throws(ClassificationError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else {
            throw Self.error("expected '\(word)'", at: position)
        }
        var matches = true
        word.withUTF8Buffer { literal in
            for offset in 0..<count where bytes[position + offset] != literal[offset] { matches = false }
        }
        guard matches else { throw Self.error("expected '\(word)'", at: position) }
        position += count
    }
}

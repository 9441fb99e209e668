/// The codes found in a server's diagnostic text.
public struct DiagnosticCodes: Sendable, Hashable {
    /// The 3-digit SMTP reply code (`550`), if the text carries one.
    public var replyCode: Int?
    /// The most specific enhanced status code in the text (`5.1.1` beats `5.0.0`; the first one wins a tie).
    public var status: StatusCode?

    /// Creates a value from its parts.
    public init(replyCode: Int? = nil, status: StatusCode? = nil) {
        self.replyCode = replyCode
        self.status = status
    }

    /// Scans reply text such as `550 5.1.1 <x@y>: ...`, `550-5.1.1 ...`, `smtp; 550 #5.1.1`,
    /// `Status: 5.1.1` or `host mx said: 450 4.2.0 ...` for an SMTP reply code and an enhanced status code.
    ///
    /// The scan is one linear pass over at most `limit` bytes; it never backtracks.
    public static func scan(_ text: String, limit: Int = 4096) -> DiagnosticCodes {
        text.withUTF8Bytes { scan(utf8: $0, limit: limit) }
    }

    /// Scans the UTF-8 text `utf8` as ``scan(_:limit:)`` scans a string.
    static func scan(utf8: UnsafeBufferPointer<UInt8>, limit: Int = 4096) -> DiagnosticCodes {
        let count = min(utf8.count, max(0, limit))
        // A text that ends with neither a digit nor a dot reads the same with a space after it: no code can
        // run into its end, so it is scanned in place.
        if count > 0, utf8[count - 1] != 0x2E, !isDigit(utf8[count - 1]) {
            return scan(UnsafeBufferPointer(rebasing: utf8.prefix(count)))
        }
        // The text's first `count` bytes and a space, on the stack when small.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 1) { buffer in
            _ = buffer.initialize(from: utf8.prefix(count))
            buffer[count] = 0x20
            return scan(UnsafeBufferPointer(buffer))
        }
    }

    /// Scans bytes that end with a byte no code can end with or run into (neither a digit nor a dot).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> DiagnosticCodes {
        var result = DiagnosticCodes()
        var replyCandidate: Int?
        var index = 0
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Bytes other than '2', '4' and '5' only move on: skip them 8 at a time.
            if index + 8 <= count, let base {
                let candidates = Self.codeStarts(
                    in: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                if candidates == 0 {
                    index += 8
                    continue
                }
                index += candidates.trailingZeroBitCount >> 3
            }
            let byte = bytes[index]
            guard byte == 0x32 || byte == 0x34 || byte == 0x35 else {
                index += 1
                continue
            }
            let previous: UInt8 = index > 0 ? bytes[index - 1] : 0x20
            // A code never continues a word, a number, an address or a dotted quad.
            if isDigit(previous) || isLetter(previous) || previous == 0x2E {
                index += 1
                continue
            }
            if let (code, end) = StatusCode.parse(bytes, at: index), end < count, !isDigit(bytes[end]),
                bytes[end] != 0x2E || (end + 1 < count && !isDigit(bytes[end + 1]))
            {
                if let current = result.status {
                    if code.specificity > current.specificity { result.status = code }
                } else {
                    result.status = code
                }
                index = end
                continue
            }
            if result.replyCode == nil, replyCandidate == nil, index + 3 < count, isDigit(bytes[index + 1]),
                isDigit(bytes[index + 2]), !isDigit(bytes[index + 3]), isReplyTerminator(bytes[index + 3])
            {
                let value = Int(byte - 0x30) * 100 + Int(bytes[index + 1] - 0x30) * 10 + Int(bytes[index + 2] - 0x30)
                if (200...599).contains(value), bytes[index + 1] <= 0x35 { replyCandidate = value }
                index += 3
                continue
            }
            index += 1
        }
        if let reply = replyCandidate {
            // A reply code must agree with the enhanced code's class to be trusted alongside it.
            if let status = result.status, status.klass != UInt8(reply / 100) {
                result.replyCode = nil
            } else {
                result.replyCode = reply
            }
        }
        return result
    }

    /// A mark in the high bit of the first byte of `word` (in memory order) that is '2', '4' or '5', if any;
    /// only bytes after it can be marked wrongly, so the lowest mark is exact and `0` means none.
    @inline(__always) private static func codeStarts(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Zero bytes where the byte is '2', and where it is '4' or '5'.
        let two = word ^ (ones &* 0x32)
        let fourOrFive = (word & (ones &* 0xFE)) ^ (ones &* 0x34)
        return ((two &- ones) & ~two | (fourOrFive &- ones) & ~fourOrFive) & highs
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }
    @inline(__always) private static func isReplyTerminator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x2D || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x22
            || byte == 0x27 || byte == 0x29 || byte == 0x5D || byte == 0x3A || byte == 0x2C
    }
}

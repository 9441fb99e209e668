/// Finds email addresses (`local@domain.tld`) in text with one linear pass: each `@` is expanded left over
/// local-part characters and right over domain characters. Display names, angle brackets, `mailto:` and
/// `rfc822;` prefixes fall away by themselves.
enum AddressScanner {
    /// One address found in text.
    struct Match: Sendable {
        /// The address, lower-cased.
        let address: String
        /// Where it is in the scanned bytes.
        let range: Range<Int>
    }

    /// Whether `byte` may be part of a local part: an ASCII letter or digit, or one of ``!#$%&'*+/=?^_`{|}~.-``
    /// (one bit per byte value: bytes below 64 in the first mask, 64 to 127 in the second).
    @inline(__always) private static func isLocalCharacter(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0xA3FF_ECFA_0000_0000
        let high: UInt64 = 0x7FFF_FFFF_C7FF_FFFE
        return byte < 64 ? (low >> UInt64(byte)) & 1 != 0 : byte < 128 && (high >> UInt64(byte &- 64)) & 1 != 0
    }

    @inline(__always) private static func isDomainCharacter(_ byte: UInt8) -> Bool {
        Bytes.isLetter(byte) || Bytes.isDigit(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F
    }

    /// The addresses in `bytes[range]`, in order (repeats included), at most `limit` of them.
    static func matches(in bytes: [UInt8], _ range: Range<Int>, limit: Int = 10_000) -> [Match] {
        bytes.withUnsafeBufferPointer { matches(in: $0, range, limit: limit) }
    }

    /// ``matches(in:_:limit:)`` over a buffer.
    private static func matches(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int) -> [Match] {
        var found: [Match] = []
        scan(bytes, range, limit: limit) { found.append(Match(address: $0, range: $1)) }
        return found
    }

    /// The addresses in `bytes[range]`, lower-cased, appended to `addresses` in order.
    static func appendAll(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to addresses: inout [String]) {
        scan(bytes, range, limit: 10_000) { address, _ in addresses.append(address) }
    }

    /// Calls `found` with each address in `bytes[range]` (lower-cased) and its range, in order, at most `limit`
    /// times; the `@` signs are found a word at a time.
    @inline(__always)
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int,
        _ found: (_ address: String, _ range: Range<Int>) -> Void
    ) {
        var count = 0
        var index = range.lowerBound
        var scannedTo = range.lowerBound
        while index < range.upperBound, count < limit {
            index = ByteSearch.index(of: 0x40, in: bytes, from: index, to: range.upperBound)
            guard index < range.upperBound else { break }
            var start = index
            while start > scannedTo, isLocalCharacter(bytes[start - 1]) { start -= 1 }
            while start < index, bytes[start] == 0x2E || bytes[start] == 0x27 || bytes[start] == 0x3D { start += 1 }
            var end = index + 1
            while end < range.upperBound, isDomainCharacter(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D { end -= 1 }
            let domain = (index + 1)..<end
            if start < index, domain.count >= 3, bytes[domain].contains(0x2E), bytes[domain.lowerBound] != 0x2E {
                // The bytes are ASCII: lower-cased on the stack, they make a string without a validation pass.
                let address = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: end - start) { lowered in
                    for position in start..<end { lowered[position - start] = Bytes.lower(bytes[position]) }
                    return String(decoding: UnsafeBufferPointer(lowered), as: UTF8.self)
                }
                found(address, start..<end)
                count += 1
            }
            scannedTo = max(end, index + 1)
            index = scannedTo
        }
    }

    /// The text before the first `@` of `address`, or `nil` when it has none. An ASCII address is read as bytes
    /// (each byte is one `Character`); any other is searched by characters.
    static func localPart(of address: String) -> String? {
        let ascii: String?? = address.withUTF8Bytes { utf8 in
            var at = 0
            while at < utf8.count {
                if utf8[at] >= 0x80 { return .none }
                if utf8[at] == 0x40 { break }
                at += 1
            }
            if at == utf8.count { return .some(nil) }
            for byte in utf8[at...] where byte >= 0x80 { return .none }
            return String(decoding: UnsafeBufferPointer(rebasing: utf8[..<at]), as: UTF8.self)
        }
        if let ascii { return ascii }
        return address.firstIndex(of: "@").map { String(address[..<$0]) }
    }

    /// The first address in `text`, lower-cased.
    static func first(in text: String) -> String? {
        var text = text
        return text.withUTF8 { matches(in: $0, 0..<$0.count, limit: 1).first?.address }
    }

    /// Every address in `text`, lower-cased, in order.
    static func all(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { matches(in: $0, 0..<$0.count, limit: 10_000).map(\.address) }
    }
}

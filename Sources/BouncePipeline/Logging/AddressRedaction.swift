/// Replaces e-mail addresses in log text with a stable redaction: the first character of the local part,
/// `***`, a short hash of the whole (lower-cased) address, and the domain — `jane.doe@example.com` becomes
/// `j***+5f3a1c@example.com`. The same address always gives the same redaction, so log lines about one
/// address can still be correlated without showing it.
public enum AddressRedaction {
    /// `text` with every e-mail address redacted; `text` itself when it has no `@`.
    public static func redact(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "@")) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var copied = 0
        var index = 0
        while index < utf8.count {
            guard utf8[index] == UInt8(ascii: "@") else {
                index += 1
                continue
            }
            var start = index
            while start > copied, isLocalPartByte(utf8[start - 1]) { start -= 1 }
            var end = index + 1
            while end < utf8.count, isDomainByte(utf8[end]) { end += 1 }
            while end > index + 1, utf8[end - 1] == UInt8(ascii: ".") || utf8[end - 1] == UInt8(ascii: "-") {
                end -= 1
            }
            let domain = utf8[(index + 1)..<end]
            guard start < index, domain.contains(UInt8(ascii: ".")) else {
                index += 1
                continue
            }
            output.append(contentsOf: utf8[copied..<start])
            output.append(utf8[start])
            output.append(contentsOf: Array("***+".utf8))
            output.append(contentsOf: shortHash(utf8[start..<end]))
            output.append(UInt8(ascii: "@"))
            output.append(contentsOf: domain)
            copied = end
            index = end
        }
        output.append(contentsOf: utf8[copied...])
        utf8 = output
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func isLocalPartByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("._%+-!#$&'*/=?^`{|}~".utf8).contains(byte) || byte >= 0x80
        }
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
            return true
        default:
            return byte >= 0x80
        }
    }

    /// Six hex digits of the FNV-1a hash of the lower-cased address.
    private static func shortHash(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            hash = (hash ^ UInt32(lower)) &* 16_777_619
        }
        let digits = Array("0123456789abcdef".utf8)
        return (0..<6).map { digits[Int((hash >> (20 - 4 * UInt32($0))) & 0xF)] }
    }
}

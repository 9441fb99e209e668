/// Content-Transfer-Encoding decoders (RFC 2045): base64 and quoted-printable. Both are lenient single passes:
/// invalid characters are skipped, a truncated quantum is dropped, and the output is never longer than the input.
enum TransferEncoding {
    /// The decoded bytes of `bytes[range]` under the encoding named `encoding` (any case); other encodings
    /// (7bit, 8bit, binary, unknown) are returned unchanged.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased() {
        case "base64": return base64(bytes[range])
        case "quoted-printable": return quotedPrintable(bytes[range])
        default: return Array(bytes[range])
        }
    }

    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "-"))] = 62  // URL-safe alphabet, seen in broken mailers
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes base64, skipping white space and any other character outside the alphabet; stops at `=`.
    static func base64(_ input: ArraySlice<UInt8>) -> [UInt8] {
        input.withUnsafeBufferPointer { input in
            base64Table.withUnsafeBufferPointer { table in
                [UInt8](unsafeUninitializedCapacity: input.count * 3 / 4 + 1) { out, count in
                    var accumulator: UInt32 = 0
                    var bits = 0
                    for byte in input {
                        if byte == 0x3D { break }
                        let value = table[Int(byte)]
                        if value == 0xFF { continue }
                        accumulator = (accumulator << 6) | UInt32(value)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            out[count] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                            count += 1
                        }
                    }
                }
            }
        }
    }

    /// Decodes quoted-printable: `=XX` escapes and `=` soft line breaks; a malformed escape is kept as written.
    static func quotedPrintable(_ input: ArraySlice<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        input.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count) { out, count in
                count = quotedPrintable(input, into: out, underscoreIsSpace: underscoreIsSpace)
            }
        }
    }

    /// Decodes the quoted-printable `input` into `out` (at least as long); returns the bytes written.
    private static func quotedPrintable(
        _ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, underscoreIsSpace: Bool
    ) -> Int {
        var count = 0
        var index = 0
        let end = input.count
        while index < end {
            if !underscoreIsSpace, input[index] != 0x3D, let inputBase = input.baseAddress,
                let outBase = out.baseAddress
            {
                // A run without `=` is copied as it is.
                let runEnd = ByteSearch.index(of: 0x3D, in: input, from: index, to: end)
                (outBase + count).initialize(from: inputBase + index, count: runEnd - index)
                count += runEnd - index
                index = runEnd
                continue
            }
            let byte = input[index]
            if byte == 0x3D {
                if index + 1 < end, input[index + 1] == 0x0A {
                    index += 2
                    continue
                }
                if index + 2 < end, input[index + 1] == 0x0D, input[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                if index + 2 < end, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    out[count] = high << 4 | low
                    count += 1
                    index += 3
                    continue
                }
                // "=" followed by trailing blanks before the line end is a soft break too.
                var probe = index + 1
                while probe < end, Bytes.isBlank(input[probe]) { probe += 1 }
                if probe > index + 1, probe < end, input[probe] == 0x0A || input[probe] == 0x0D {
                    index = input[probe] == 0x0D && probe + 1 < end && input[probe + 1] == 0x0A ? probe + 2 : probe + 1
                    continue
                }
            }
            out[count] = underscoreIsSpace && byte == 0x5F ? 0x20 : byte
            count += 1
            index += 1
        }
        return count
    }

    @inline(__always) private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x37
        case 0x61...0x66: return byte - 0x57
        default: return nil
        }
    }
}

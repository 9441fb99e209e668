/// The value of a member of a flat JSON object: anything but an array or an object.
public enum JSONScalar: Sendable, Hashable {
    /// A string, unescaped.
    case string(String)
    /// A number, as written.
    case number(JSONNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

extension JSONParser {
    /// Reads a JSON text that is one object of scalar members in a single pass, without building a tree:
    /// `body` gets each member's key (its bytes) and value, in input order, so a later duplicate key comes
    /// after an earlier one (as ``JSONObject``'s lookups, which find the last one).
    ///
    /// For records of a known flat shape. A key with escapes or non-ASCII bytes, a nested array or object, or
    /// anything malformed ends the reading with `false`: the caller then discards what it was given and reads
    /// the text with ``parse(_:)``, which accepts the first two and reports the problem of the third.
    /// - Returns: whether the whole text was read.
    public func forEachScalarMember(
        in bytes: [UInt8], _ body: (_ key: UnsafeBufferPointer<UInt8>, _ value: JSONScalar) -> Void
    ) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            do throws(ClassificationError) {
                return try Self.readScalarMembers(buffer, body)
            } catch {
                return false
            }
        }
    }

    /// The body of ``forEachScalarMember(in:_:)``; `false` for a text of another shape, a throw for a
    /// malformed one.
    private static func readScalarMembers(
        _ buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, JSONScalar) -> Void
    ) throws(ClassificationError) -> Bool {
        var scanner = JSONScanner(buffer)
        try scanner.expect(0x7B, "'{'")
        if scanner.peekSkippingWhiteSpace() == 0x7D {
            scanner.position += 1
        } else {
            while true {
                guard scanner.peekSkippingWhiteSpace() == 0x22, let key = scanner.readPlainKey() else { return false }
                try scanner.expect(0x3A, "':' after an object key")
                guard let first = scanner.peekSkippingWhiteSpace(),
                    let value = try scanner.readScalar(startingWith: first)
                else { return false }
                body(key, value)
                switch scanner.peekSkippingWhiteSpace() {
                case 0x2C: scanner.position += 1
                case 0x7D:
                    scanner.position += 1
                    return scanner.peekSkippingWhiteSpace() == nil
                default: return false
                }
            }
        }
        return scanner.peekSkippingWhiteSpace() == nil
    }
}

extension JSONScanner {
    /// Reads the scalar value that starts with `byte`, the byte at ``position``: a string, `true`, `false`,
    /// `null` or a number; `nil`, reading nothing, when `byte` starts none of them.
    mutating func readScalar(startingWith byte: UInt8) throws(ClassificationError) -> JSONScalar? {
        switch byte {
        case 0x22: return .string(try readString())
        case 0x74:
            try readLiteral("true")
            return .bool(true)
        case 0x66:
            try readLiteral("false")
            return .bool(false)
        case 0x6E:
            try readLiteral("null")
            return .null
        case 0x2D, 0x30...0x39: return .number(try readNumber())
        default: return nil
        }
    }
}

/// Parses JSON text (RFC 8259) into a ``JSONValue``, without Foundation and without recursion.
///
/// - Strings must be well-formed UTF-8: invalid bytes are an error, never replaced. `\u` escapes must pair
///   surrogates correctly (a lone surrogate cannot be represented in a Swift `String`).
/// - Nesting deeper than ``ClassifierLimits/maximumJSONDepth`` is ``ClassificationError/Kind/tooDeep``.
/// - Every other problem is ``ClassificationError/Kind/malformedJSON`` with the byte offset, e.g.
///   `malformed_json at byte 17: expected ':' after an object key`.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    /// Creates a parser with the JSON depth limit of `limits`.
    public init(limits: ClassifierLimits = ClassifierLimits()) {
        self.maximumDepth = limits.maximumJSONDepth
    }

    /// Parses one JSON text; white space may surround it, nothing else may follow it.
    public func parse(_ bytes: [UInt8]) throws(ClassificationError) -> JSONValue {
        var scanner = JSONScanner(bytes)
        var stack: [Frame] = []
        var value: JSONValue
        parsing: while true {
            // Read one value, or open a container and loop to read its first element.
            guard let byte = scanner.peekSkippingWhiteSpace() else {
                throw JSONScanner.error("expected a value", at: scanner.position)
            }
            switch byte {
            case 0x7B:
                try checkDepth(stack.count + 1, at: scanner.position)
                scanner.position += 1
                if scanner.peekSkippingWhiteSpace() == 0x7D {
                    scanner.position += 1
                    value = .object(JSONObject())
                } else {
                    stack.append(.object([], key: try readKey(&scanner)))
                    continue parsing
                }
            case 0x5B:
                try checkDepth(stack.count + 1, at: scanner.position)
                scanner.position += 1
                if scanner.peekSkippingWhiteSpace() == 0x5D {
                    scanner.position += 1
                    value = .array([])
                } else {
                    stack.append(.array([]))
                    continue parsing
                }
            case 0x22: value = .string(try scanner.readString())
            case 0x74:
                try scanner.readLiteral("true")
                value = .bool(true)
            case 0x66:
                try scanner.readLiteral("false")
                value = .bool(false)
            case 0x6E:
                try scanner.readLiteral("null")
                value = .null
            case 0x2D, 0x30...0x39: value = .number(try scanner.readNumber())
            default:
                throw JSONScanner.error("expected a value", at: scanner.position)
            }
            // Attach the value to the open containers, closing those that end here.
            while let frame = stack.popLast() {
                switch frame {
                case .array(var elements):
                    elements.append(value)
                    switch scanner.peekSkippingWhiteSpace() {
                    case 0x2C:
                        scanner.position += 1
                        stack.append(.array(elements))
                        continue parsing
                    case 0x5D:
                        scanner.position += 1
                        value = .array(elements)
                    default:
                        throw JSONScanner.error("expected ',' or ']' in an array", at: scanner.position)
                    }
                case .object(var members, let key):
                    members.append(JSONMember(key: key, value: value))
                    switch scanner.peekSkippingWhiteSpace() {
                    case 0x2C:
                        scanner.position += 1
                        stack.append(.object(members, key: try readKey(&scanner)))
                        continue parsing
                    case 0x7D:
                        scanner.position += 1
                        value = .object(JSONObject(members))
                    default:
                        throw JSONScanner.error("expected ',' or '}' in an object", at: scanner.position)
                    }
                }
            }
            break
        }
        if scanner.peekSkippingWhiteSpace() != nil {
            throw JSONScanner.error("expected the end of the input after the JSON value", at: scanner.position)
        }
        return value
    }

    /// An array or object still open, with what it holds so far.
    private enum Frame {
        case array([JSONValue])
        case object([JSONMember], key: String)
    }

    /// Reads `"key" :` of an object member.
    private func readKey(_ scanner: inout JSONScanner) throws(ClassificationError) -> String {
        guard scanner.peekSkippingWhiteSpace() == 0x22 else {
            throw JSONScanner.error("expected '\"' to start an object key", at: scanner.position)
        }
        let key = try scanner.readString()
        try scanner.expect(0x3A, "':' after an object key")
        return key
    }

    private func checkDepth(_ depth: Int, at offset: Int) throws(ClassificationError) {
        if depth > maximumDepth {
            throw ClassificationError(
                .tooDeep, "JSON nests deeper than \(maximumDepth) levels", at: "byte \(offset)")
        }
    }
}

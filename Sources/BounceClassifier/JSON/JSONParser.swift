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
        try bytes.withUnsafeBufferPointer { (buffer) throws(ClassificationError) -> JSONValue in
            try parse(buffer)
        }
    }

    /// Parses one JSON text held in `buffer`.
    func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(ClassificationError) -> JSONValue {
        var scanner = JSONScanner(buffer)
        // The innermost open container is kept in local variables (so appends never copy); the outer ones
        // wait on the stacks.
        var open = Open.none
        var members: [JSONMember] = []
        var elements: [JSONValue] = []
        var key = ""
        var outer: [Open] = []
        var outerMembers: [[JSONMember]] = []
        var outerElements: [[JSONValue]] = []
        var outerKeys: [String] = []
        var value: JSONValue
        parsing: while true {
            // Read one value, or open a container and loop to read its first element.
            guard let byte = scanner.peekSkippingWhiteSpace() else {
                throw JSONScanner.error("expected a value", at: scanner.position)
            }
            switch byte {
            case 0x7B, 0x5B:
                try checkDepth(outer.count + 1, at: scanner.position)
                scanner.position += 1
                let isObject = byte == 0x7B
                if scanner.peekSkippingWhiteSpace() == (isObject ? 0x7D : 0x5D) {
                    scanner.position += 1
                    value = isObject ? .object(JSONObject()) : .array([])
                } else {
                    outer.append(open)
                    switch open {
                    case .object:
                        outerMembers.append(members)
                        outerKeys.append(key)
                    case .array:
                        outerElements.append(elements)
                    case .none: break
                    }
                    if isObject {
                        members = []
                        members.reserveCapacity(16)
                    } else {
                        elements = []
                        elements.reserveCapacity(4)
                    }
                    open = isObject ? .object : .array
                    if isObject { key = try readKey(&scanner) }
                    continue parsing
                }
            default:
                guard let scalar = try scanner.readScalar(startingWith: byte) else {
                    throw JSONScanner.error("expected a value", at: scanner.position)
                }
                switch scalar {
                case .string(let string): value = .string(string)
                case .number(let number): value = .number(number)
                case .bool(let flag): value = .bool(flag)
                case .null: value = .null
                }
            }
            // Attach the value to the open container, closing those that end here.
            while true {
                switch open {
                case .none:
                    break parsing
                case .array:
                    elements.append(value)
                    switch scanner.peekSkippingWhiteSpace() {
                    case 0x2C:
                        scanner.position += 1
                        continue parsing
                    case 0x5D:
                        scanner.position += 1
                        value = .array(elements)
                    default:
                        throw JSONScanner.error("expected ',' or ']' in an array", at: scanner.position)
                    }
                case .object:
                    members.append(JSONMember(key: key, value: value))
                    switch scanner.peekSkippingWhiteSpace() {
                    case 0x2C:
                        scanner.position += 1
                        key = try readKey(&scanner)
                        continue parsing
                    case 0x7D:
                        scanner.position += 1
                        value = .object(JSONObject(members))
                    default:
                        throw JSONScanner.error("expected ',' or '}' in an object", at: scanner.position)
                    }
                }
                // The container closed: resume the one around it.
                open = outer.removeLast()
                switch open {
                case .object:
                    members = outerMembers.removeLast()
                    key = outerKeys.removeLast()
                case .array:
                    elements = outerElements.removeLast()
                case .none: break
                }
            }
        }
        if scanner.peekSkippingWhiteSpace() != nil {
            throw JSONScanner.error("expected the end of the input after the JSON value", at: scanner.position)
        }
        return value
    }

    /// The kind of container being read.
    private enum Open {
        case none, array, object
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

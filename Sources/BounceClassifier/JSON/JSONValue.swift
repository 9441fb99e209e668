/// A parsed JSON value (RFC 8259).
///
/// Objects keep their members in input order as an array of key/value pairs: the objects in bounce events
/// are small, and a linear scan is faster than hashing every key.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, with its literal text kept.
    case number(JSONNumber)
    /// A string, unescaped.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// The value of `key` when this is an object and has that key; `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The object, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// A short name for the value's type, for error messages: `"a string"`, `"an object"`, ...
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON number: its literal text, and its value as an integer when it is one.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written (`"550"`, `"-1.5e3"`, `"1521472262.908181"`).
    public let text: String
    /// The value when the literal is an integer that fits in `Int` (no fraction, no exponent).
    public let integer: Int?

    /// Creates a number from its literal text and, when known, its integer value.
    public init(text: String, integer: Int?) {
        self.text = text
        self.integer = integer
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.text = String(value)
        self.integer = value
    }

    /// The value as a `Double` (`inf` for literals beyond its range).
    public var double: Double { Double(text) ?? .nan }

    /// The value as an integer when it is integral and fits: `550`, `550.0` and `5.5e2` all give 550.
    public var integralValue: Int? {
        if let integer { return integer }
        let value = double
        guard value.isFinite, value.rounded() == value, value.magnitude < 9.0e18 else { return nil }
        return Int(value)
    }

    /// The literal text.
    public var description: String { text }
}

/// A JSON object: members in input order.
public struct JSONObject: Sendable, Hashable {
    /// The members, in input order. Duplicate keys are kept; lookups find the last one (as JavaScript does).
    public var members: [JSONMember]

    /// Creates an object from its members.
    public init(_ members: [JSONMember] = []) {
        self.members = members
    }

    /// The value of the last member named `key`, by a linear scan.
    public subscript(key: String) -> JSONValue? {
        var index = members.count
        while index > 0 {
            index -= 1
            if members[index].key == key { return members[index].value }
        }
        return nil
    }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    /// The member's name, unescaped.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// Creates a member.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

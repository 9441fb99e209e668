/// Typed, path-aware reads of one JSON object's fields, for the input formats.
///
/// Every error names the field by its JSON path (`bounce.bouncedRecipients[0].emailAddress`): a missing
/// required field is ``ClassificationError/Kind/missingField``, a field of the wrong type
/// ``ClassificationError/Kind/invalidField``. Absent fields and `null` read as `nil`.
struct JSONFields {
    /// The object read.
    let object: JSONObject
    /// The object's JSON path from the input's root (`""` for the root itself).
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// The fields of `value`, which must be an object.
    init(_ value: JSONValue, path: String) throws(ClassificationError) {
        guard case .object(let object) = value else {
            throw ClassificationError(
                .invalidField, "expected an object, found \(value.typeDescription)", at: path.isEmpty ? "$" : path)
        }
        self.init(object, path: path)
    }

    /// The path of the member `key`.
    func path(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The error for a field of the wrong type.
    func invalid(_ key: String, expected: String, found value: JSONValue) -> ClassificationError {
        Self.invalid(value, expected: expected, at: path(key))
    }

    /// The value of `key`, treating `null` as absent.
    func value(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    /// A string field.
    func string(_ key: String) throws(ClassificationError) -> String? {
        guard let value = value(key) else { return nil }
        return try Self.string(value, at: path(key))
    }

    /// The first of `keys` that holds a non-empty string.
    func firstString(_ keys: String...) throws(ClassificationError) -> String? {
        for key in keys {
            if let text = try string(key), !text.isEmpty { return text }
        }
        return nil
    }

    /// A string field that must be present and not empty.
    func requiredString(_ key: String) throws(ClassificationError) -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw ClassificationError(.missingField, "\(key) is required", at: path(key))
        }
        return text
    }

    /// A string or number field as text (identifiers are either): `42` → `"42"`. Empty strings read as `nil`.
    func text(_ key: String) throws(ClassificationError) -> String? {
        guard let value = value(key) else { return nil }
        return try Self.text(value, at: path(key))
    }

    /// An integer given as a number or a numeric string (`550`, `"550"`). Empty strings read as `nil`.
    func integer(_ key: String) throws(ClassificationError) -> Int? {
        guard let value = value(key) else { return nil }
        return try Self.integer(value, at: path(key))
    }

    /// An SMTP reply code (200-599) given as a number or a numeric string.
    func replyCode(_ key: String) throws(ClassificationError) -> Int? {
        guard let value = value(key) else { return nil }
        return try Self.replyCode(value, at: path(key))
    }

    /// An enhanced status code field (`"5.1.1"`). With `strict`, text that is not a code is an error;
    /// otherwise it reads as `nil` (providers sometimes send `""` or free text there).
    func status(_ key: String, strict: Bool) throws(ClassificationError) -> StatusCode? {
        guard let value = value(key) else { return nil }
        return try Self.status(value, strict: strict, at: path(key))
    }

    /// A time: ISO 8601 text is kept as written; a unix time (a number, or a string of digits) is converted
    /// to ISO 8601 UTC (`2018-03-19T15:11:02.908Z`; milliseconds only when the time has a fraction).
    func timestamp(_ key: String) throws(ClassificationError) -> String? {
        guard let value = value(key) else { return nil }
        return try Self.timestamp(value, at: path(key))
    }

    // MARK: Conversions of one value; `path` is only evaluated for an error.

    /// The error for a value of the wrong type.
    static func invalid(_ value: JSONValue, expected: String, at path: String) -> ClassificationError {
        ClassificationError(.invalidField, "expected \(expected), found \(value.typeDescription)", at: path)
    }

    /// A string; `null` reads as `nil`.
    static func string(_ value: JSONValue, at path: @autoclosure () -> String) throws(ClassificationError)
        -> String?
    {
        switch value {
        case .string(let text): return text
        case .null: return nil
        default: throw invalid(value, expected: "a string", at: path())
        }
    }

    /// A string or a number as text; `null` and `""` read as `nil`.
    static func text(_ value: JSONValue, at path: @autoclosure () -> String) throws(ClassificationError)
        -> String?
    {
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number): return number.text
        case .null: return nil
        default: throw invalid(value, expected: "a string or a number", at: path())
        }
    }

    /// An integer given as a number or a numeric string; `null` and `""` read as `nil`.
    static func integer(_ value: JSONValue, at path: @autoclosure () -> String) throws(ClassificationError)
        -> Int?
    {
        switch value {
        case .number(let number):
            if let integer = number.integralValue { return integer }
        case .string(let text):
            if text.isEmpty { return nil }
            if let integer = Int(text) { return integer }
        case .null: return nil
        default: break
        }
        throw invalid(value, expected: "an integer", at: path())
    }

    /// An SMTP reply code (200-599) given as a number or a numeric string.
    static func replyCode(_ value: JSONValue, at path: @autoclosure () -> String) throws(ClassificationError)
        -> Int?
    {
        guard let code = try integer(value, at: path()) else { return nil }
        guard (200...599).contains(code) else {
            throw ClassificationError(.invalidField, "expected an SMTP reply code (200-599), found \(code)", at: path())
        }
        return code
    }

    /// An enhanced status code (`"5.1.1"`); `null` and `""` read as `nil`. Text that is not a code is an error
    /// with `strict`, `nil` without.
    static func status(_ value: JSONValue, strict: Bool, at path: @autoclosure () -> String)
        throws(ClassificationError) -> StatusCode?
    {
        guard let text = try string(value, at: path()), !text.isEmpty else { return nil }
        if let code = plainStatus(text) ?? StatusCode(text) { return code }
        if strict {
            throw ClassificationError(
                .invalidField, "expected an enhanced status code such as \"5.1.1\", found \"\(text)\"", at: path())
        }
        return nil
    }

    /// `"5.1.1"` read without allocating, for the common form with nothing around the code; `nil` for any
    /// other text (which ``StatusCode/init(_:)`` then reads).
    static func plainStatus(_ text: String) -> StatusCode? {
        plainStatus(utf8: text.utf8)
    }

    /// ``plainStatus(_:)`` of UTF-8 bytes.
    static func plainStatus<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) -> StatusCode? {
        var parts = (0, 0, 0)
        var part = 0
        var digits = 0
        for byte in bytes {
            if byte == 0x2E {
                guard digits > 0, part < 2 else { return nil }
                part += 1
                digits = 0
                continue
            }
            guard byte >= 0x30, byte <= 0x39, digits < (part == 0 ? 1 : 3) else { return nil }
            digits += 1
            let digit = Int(byte - 0x30)
            switch part {
            case 0: parts.0 = parts.0 * 10 + digit
            case 1: parts.1 = parts.1 * 10 + digit
            default: parts.2 = parts.2 * 10 + digit
            }
        }
        guard part == 2, digits > 0 else { return nil }
        return StatusCode(klass: parts.0, subject: parts.1, detail: parts.2)
    }

    /// A time: ISO 8601 text kept as written, or a unix time (a number or a string of digits) converted to
    /// ISO 8601 UTC. `null` and `""` read as `nil`.
    static func timestamp(_ value: JSONValue, at path: @autoclosure () -> String) throws(ClassificationError)
        -> String?
    {
        let seconds: Double?
        switch value {
        case .string(let text):
            if text.isEmpty { return nil }
            guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) else { return text }
            seconds = Double(text)
        case .number(let number): seconds = number.double
        case .null: return nil
        default: throw invalid(value, expected: "a time (ISO 8601 text or unix seconds)", at: path())
        }
        guard let seconds, let text = UnixTime.iso8601(seconds) else {
            throw ClassificationError(.invalidField, "expected a unix time in years 1970-9999", at: path())
        }
        return text
    }

    /// A boolean field.
    func bool(_ key: String) throws(ClassificationError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw invalid(key, expected: "a boolean", found: value) }
        return flag
    }

    /// An object field.
    func fields(_ key: String) throws(ClassificationError) -> JSONFields? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else { throw invalid(key, expected: "an object", found: value) }
        return JSONFields(object, path: path(key))
    }

    /// An object field that must be present.
    func requiredFields(_ key: String) throws(ClassificationError) -> JSONFields {
        guard let fields = try fields(key) else {
            throw ClassificationError(.missingField, "\(key) is required", at: path(key))
        }
        return fields
    }

    /// An array field.
    func array(_ key: String) throws(ClassificationError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw invalid(key, expected: "an array", found: value) }
        return elements
    }

    /// An array of objects that must be present and not empty; each element is read with its own path.
    func requiredObjects(_ key: String) throws(ClassificationError) -> [JSONFields] {
        guard let elements = try array(key), !elements.isEmpty else {
            throw ClassificationError(.missingField, "\(key) is required and must not be empty", at: path(key))
        }
        var result = [JSONFields]()
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            result.append(try JSONFields(element, path: "\(path(key))[\(index)]"))
        }
        return result
    }

    /// The campaign, subscriber and list ids of a metadata object (`campaign_id`, `subscriber_id`, `list_id`,
    /// each a string or a number), copied into `observation` where present.
    func readIdentifiers(into observation: inout BounceObservation) throws(ClassificationError) {
        if let campaign = try text("campaign_id") { observation.campaignID = campaign }
        if let subscriber = try text("subscriber_id") { observation.subscriberID = subscriber }
        if let list = try text("list_id") { observation.listID = list }
    }
}

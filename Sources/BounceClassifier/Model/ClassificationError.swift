/// Why an input could not be classified, and where.
public struct ClassificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: String, Sendable, Hashable {
        /// The input is empty or only white space.
        case empty
        /// The input is larger than ``ClassifierLimits/maximumInputBytes``.
        case tooLarge = "too_large"
        /// The input looks like JSON but is not valid JSON.
        case malformedJSON = "malformed_json"
        /// The input is valid JSON but nests deeper than ``ClassifierLimits/maximumJSONDepth``.
        case tooDeep = "too_deep"
        /// The input is JSON of no known event format.
        case unrecognizedFormat = "unrecognized_format"
        /// A required field is missing.
        case missingField = "missing_field"
        /// A field has the wrong type or an unusable value.
        case invalidField = "invalid_field"
        /// The input is not a parseable email.
        case malformedEmail = "malformed_email"
        /// The email parsed but reports no recipient result (it is not a bounce, complaint or auto-reply).
        case noRecipients = "no_recipients"
    }

    /// The kind of failure.
    public var kind: Kind
    /// What is wrong, in words.
    public var message: String
    /// Where: a byte offset, a JSON path (`bouncedRecipients[0].emailAddress`) or a MIME part.
    public var location: String?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// `"malformed_json at byte 17: expected ':' after an object key"`.
    public var description: String {
        if let location { return "\(kind.rawValue) at \(location): \(message)" }
        return "\(kind.rawValue): \(message)"
    }
}

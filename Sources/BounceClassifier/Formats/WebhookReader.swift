/// Reads JSON inputs: the canonical event and the provider webhooks.
struct WebhookReader: Sendable {
    let limits: ClassifierLimits

    /// The JSON formats, in detection order: the providers first (each has a marker of its own), the
    /// canonical event last (an object with `recipient` and none of the provider markers).
    static var formats: [any WebhookFormat.Type] {
        [
            SESWebhook.self, SparkPostWebhook.self, MailgunWebhook.self, PostmarkWebhook.self, SendGridWebhook.self,
            CanonicalEvent.self,
        ]
    }

    /// The observations in one JSON input and the format detected (or forced).
    func observations(in input: [UInt8], format: InputFormat) throws(ClassificationError) -> (
        InputFormat, [BounceObservation]
    ) {
        if format == .auto || format == .canonical, limits.maximumJSONDepth >= 2,
            let fast = CanonicalFastReader.observations(in: input),
            !fast.isEmpty, fast.count <= limits.maximumRecipients
        {
            return (.canonical, fast)
        }
        let value = try JSONParser(limits: limits).parse(input)
        let reader: any WebhookFormat.Type
        if format == .auto {
            if case .array(let elements) = value, elements.isEmpty {
                throw ClassificationError(.noRecipients, "the JSON array holds no events")
            }
            guard let detected = Self.formats.first(where: { $0.matches(value) }) else {
                throw ClassificationError(
                    .unrecognizedFormat,
                    "expected a canonical bounce event (an object with \"recipient\") or an array of them, or an "
                        + "Amazon SES, SendGrid, Mailgun, Postmark or SparkPost webhook payload",
                    at: "$")
            }
            reader = detected
        } else {
            guard let forced = Self.formats.first(where: { $0.format == format }) else {
                throw ClassificationError(.unrecognizedFormat, "format \(format.rawValue) is not a JSON format")
            }
            // The canonical shape (an object with "recipient") also fits some provider events; the first
            // format that matches is the one the input has.
            let detected = Self.formats.first(where: { $0.matches(value) })
            guard let detected, detected.format == forced.format else {
                let found = detected.map { "; the input looks like \($0.format.rawValue)" } ?? ""
                throw ClassificationError(.unrecognizedFormat, "expected \(forced.expectation)\(found)", at: "$")
            }
            reader = forced
        }
        let observations = try reader.observations(in: value, context: WebhookContext(limits: limits))
        guard !observations.isEmpty else {
            throw ClassificationError(
                .noRecipients, "the \(reader.format.rawValue) payload reports no bounce, complaint or delivery")
        }
        guard observations.count <= limits.maximumRecipients else {
            throw ClassificationError(
                .tooLarge,
                "the input reports \(observations.count) recipients; the limit is \(limits.maximumRecipients)")
        }
        return (reader.format, observations)
    }
}

/// What a JSON format reader may need besides the parsed value.
struct WebhookContext: Sendable {
    /// The classifier's limits (SES parses the SNS message string with the same depth limit).
    let limits: ClassifierLimits
}

/// One JSON input format: how to recognise it and how to read observations from it.
protocol WebhookFormat {
    /// The format's name.
    static var format: InputFormat { get }
    /// What the format looks like, for the error when a forced format does not match:
    /// `"an Amazon SES notification (...)"`.
    static var expectation: String { get }
    /// Whether `value` has this format's shape.
    static func matches(_ value: JSONValue) -> Bool
    /// The observations in `value`, in input order. Events that are not bounce results are skipped.
    static func observations(in value: JSONValue, context: WebhookContext) throws(ClassificationError)
        -> [BounceObservation]
}

extension WebhookFormat {
    /// The objects of a batch: the elements of an array (each must be an object, read with path `[i]`),
    /// or the value itself when it is a single object.
    static func batch(_ value: JSONValue) throws(ClassificationError) -> [JSONFields] {
        switch value {
        case .array(let elements):
            var result = [JSONFields]()
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                result.append(try JSONFields(element, path: "[\(index)]"))
            }
            return result
        case .object(let object):
            return [JSONFields(object)]
        default:
            throw ClassificationError(.unrecognizedFormat, "expected \(expectation)", at: "$")
        }
    }

    /// The first object of `value`: itself, or the first element of an array.
    static func firstObject(_ value: JSONValue) -> JSONObject? {
        switch value {
        case .object(let object): return object
        case .array(let elements): return elements.first?.objectValue
        default: return nil
        }
    }
}

/// The streaming fast path for canonical events: reads an event (or an array of events) straight into
/// observations, without building a ``JSONValue`` tree.
///
/// It only takes inputs it is sure about: objects whose members are all canonical members with scalar
/// values, each event valid. Anything else (an unknown member that might be a provider's marker, a nested
/// value, malformed JSON, an invalid field) returns `nil`, and the caller reads the input through the tree,
/// which reports errors with their exact location. Both paths apply members with ``CanonicalEvent/apply(_:_:to:path:)``,
/// so they give the same observations.
enum CanonicalFastReader {
    /// The observations in `input`, or `nil` when the input needs the general path.
    static func observations(in input: [UInt8]) -> [BounceObservation]? {
        input.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            switch scanner.peekSkippingWhiteSpace() {
            case 0x7B:
                guard let observation = event(&scanner), scanner.peekSkippingWhiteSpace() == nil else { return nil }
                return [observation]
            case 0x5B:
                scanner.position += 1
                var result = [BounceObservation]()
                while true {
                    guard scanner.peekSkippingWhiteSpace() == 0x7B, let observation = event(&scanner) else {
                        return nil
                    }
                    result.append(observation)
                    switch scanner.peekSkippingWhiteSpace() {
                    case 0x2C: scanner.position += 1
                    case 0x5D:
                        scanner.position += 1
                        return scanner.peekSkippingWhiteSpace() == nil ? result : nil
                    default: return nil
                    }
                }
            default:
                return nil
            }
        }
    }

    /// Reads one event object starting at its `{`.
    private static func event(_ scanner: inout JSONScanner) -> BounceObservation? {
        scanner.position += 1
        var draft = CanonicalEvent.Draft()
        if scanner.peekSkippingWhiteSpace() == 0x7D { return nil }
        while true {
            guard scanner.peekSkippingWhiteSpace() == 0x22, let spelling = scanner.readPlainKey(),
                let key = CanonicalEvent.Key.match(spelling), (try? scanner.expect(0x3A, "':'")) != nil,
                let value = scalar(&scanner), (try? CanonicalEvent.apply(key, value, to: &draft, path: "")) != nil
            else { return nil }
            switch scanner.peekSkippingWhiteSpace() {
            case 0x2C: scanner.position += 1
            case 0x7D:
                scanner.position += 1
                return try? draft.finished(path: "")
            default: return nil
            }
        }
    }

    /// Reads a string, number or `null`; `nil` for anything else.
    private static func scalar(_ scanner: inout JSONScanner) -> JSONValue? {
        guard let byte = scanner.peekSkippingWhiteSpace() else { return nil }
        switch byte {
        case 0x22: return (try? scanner.readString()).map(JSONValue.string)
        case 0x2D, 0x30...0x39: return (try? scanner.readNumber()).map(JSONValue.number)
        case 0x6E: return (try? scanner.readLiteral("null")).map { JSONValue.null }
        default: return nil
        }
    }
}

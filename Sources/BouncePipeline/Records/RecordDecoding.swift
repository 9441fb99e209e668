import BounceClassifier

/// Why a record on an internal or command topic could not be read.
public struct RecordDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Reads back the JSON records the worker itself writes (classified results, state), and operator commands.
public enum RecordDecoding {
    private static let parser = JSONParser(limits: ClassifierLimits(maximumJSONDepth: 8))

    /// A classified result written by ``OutputRecords/classifiedResult(_:occurredAtMilliseconds:)``.
    public static func classifiedEvent(_ bytes: [UInt8]) throws(RecordDecodingError) -> ClassifiedEvent {
        // The record is a flat object: read in one pass. Any other shape (or a malformed record) is read through
        // the tree, which also names what is wrong.
        var fields = ClassifiedRecordFields()
        if parser.forEachScalarMember(in: bytes, { fields.take($0, $1) }) { return try fields.event() }
        fields = ClassifiedRecordFields()
        fields.take(try object(bytes))
        return try fields.event()
    }

    /// An operator command: `{"action": "add"|"remove", "address": "...", "reason": "...", "id": "...", "at": "..."}`.
    /// - Parameters:
    ///   - bytes: the command's JSON.
    ///   - key: the record key, used as the address when the command names none.
    ///   - fallbackID: the id to use when the command has none (derived from its origin).
    ///   - fallbackMilliseconds: the time to use when the command has no `at`.
    public static func operatorCommand(
        _ bytes: [UInt8], key: [UInt8]?, fallbackID: String, fallbackMilliseconds: Int64
    ) throws(RecordDecodingError) -> OperatorCommand {
        let object = try object(bytes)
        guard let actionText = object["action"]?.stringValue else {
            throw RecordDecodingError("operator command: field action is missing (expected \"add\" or \"remove\")")
        }
        guard let action = OperatorCommand.Action(rawValue: actionText.lowercased()) else {
            throw RecordDecodingError("operator command: action \"\(actionText)\" is not \"add\" or \"remove\"")
        }
        let address = object["address"]?.stringValue ?? key.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let normalized = BounceClassifier.normalizedAddress(address)
        guard normalized.contains("@"), normalized.count <= 320 else {
            throw RecordDecodingError("operator command: address \"\(address)\" is not an email address")
        }
        let at = object["at"]?.stringValue.flatMap(Timestamps.milliseconds(fromISO8601:)) ?? fallbackMilliseconds
        return OperatorCommand(
            commandID: object["id"]?.stringValue ?? fallbackID, action: action, address: normalized,
            reason: object["reason"]?.stringValue, atMilliseconds: at)
    }

    /// The JSON of a forwarded command on the classified topic.
    public static func encode(_ command: OperatorCommand) -> [UInt8] {
        var json = JSONOutput(capacity: 200)
        json.beginObject()
        json.field("id", command.commandID)
        json.field("action", command.action.rawValue)
        json.field("address", command.address)
        json.field("reason", command.reason)
        json.field("at", Timestamps.iso8601(milliseconds: command.atMilliseconds))
        json.endObject()
        return json.finish()
    }

    /// An address state written by ``OutputRecords/addressState(_:)``.
    public static func addressState(_ bytes: [UInt8]) throws(RecordDecodingError) -> AddressState {
        let object = try object(bytes)
        var state = AddressState()
        guard let statusText = object["status"]?.stringValue, let status = SubscriberStatus(rawValue: statusText) else {
            throw RecordDecodingError("state record: field status is missing or invalid")
        }
        state.status = status
        for value in object["soft_bounces"]?.arrayValue ?? [] {
            if case .number(let number) = value, let time = number.integralValue {
                state.softBounces.append(Int64(time))
            }
        }
        var version = 1
        if case .number(let number)? = object["v"], let value = number.integralValue { version = value }
        // Version 3 writes the ids' hashes; earlier versions wrote the ids, hashed here as the engine hashes.
        for value in object["recent_event_id_hashes"]?.arrayValue ?? [] {
            if let text = value.stringValue, let hash = UInt64(text, radix: 16) {
                state.recentEventIDHashes.append(hash)
            }
        }
        for value in object["recent_event_ids"]?.arrayValue ?? [] {
            if let id = value.stringValue { state.recentEventIDHashes.append(AddressState.stableHash(of: id)) }
        }
        for value in object["recent_fingerprints"]?.arrayValue ?? [] {
            guard let text = value["hash"]?.stringValue, case .number(let number)? = value["at"],
                let at = number.integralValue
            else { continue }
            // Version 1 wrote the fingerprint's text; it is hashed as the engine hashes a new one.
            let written = version >= 2 ? UInt64(text, radix: 16) : nil
            state.recentFingerprints.append(
                .init(hash: written ?? AddressState.stableHash(of: text), at: Int64(at)))
        }
        return state
    }

    private static func object(_ bytes: [UInt8]) throws(RecordDecodingError) -> JSONObject {
        let value: JSONValue
        do {
            value = try parser.parse(bytes)
        } catch {
            throw RecordDecodingError("not JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw RecordDecodingError("expected a JSON object, found \(value.typeDescription)")
        }
        return object
    }
}

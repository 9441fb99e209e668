import BounceClassifier

/// The JSON values the worker publishes. Field names and meanings are documented in `docs/events.md`, with a
/// JSON Schema per topic in `docs/schemas/`.
public enum OutputRecords {
    /// The `bounces.log` row for a unique bounce or complaint.
    public static func bounceLogRow(_ event: ClassifiedEvent) -> [UInt8] {
        let result = event.result
        var json = JSONOutput(capacity: 512)
        json.beginObject()
        json.field("event_id", event.eventID)
        json.field("recipient", result.recipient)
        json.field("kind", result.kind.rawValue)
        json.field("type", result.type.rawValue)
        json.field("reason", result.reason.rawValue)
        json.field("status", result.status)
        json.field("reply_code", result.replyCode)
        json.field("diagnostic", result.diagnostic)
        json.field("action", result.action.rawValue)
        json.field("campaign_id", result.campaignID)
        json.field("subscriber_id", result.subscriberID)
        json.field("list_id", result.listID)
        json.field("original_message_id", result.originalMessageID)
        json.field("remote_mta", result.remoteMTA)
        json.field("occurred_at", result.occurredAt ?? Timestamps.iso8601(milliseconds: event.occurredAtMilliseconds))
        json.endObject()
        return json.finish()
    }

    /// The `subscribers.status` record for a status change.
    public static func statusChange(_ change: StatusChange) -> [UInt8] {
        var json = JSONOutput(capacity: 256)
        json.beginObject()
        json.field("address", change.address)
        json.field("status", change.status.rawValue)
        json.field("previous_status", change.previousStatus.rawValue)
        json.field("reason", change.reason)
        json.field("cause_event_id", change.causeEventID)
        json.field("campaign_id", change.campaignID)
        json.field("subscriber_id", change.subscriberID)
        json.field("at", Timestamps.iso8601(milliseconds: change.atMilliseconds))
        json.endObject()
        return json.finish()
    }

    /// The `blacklist` record for a blacklist change.
    public static func blacklistChange(_ change: BlacklistChange) -> [UInt8] {
        var json = JSONOutput(capacity: 256)
        json.beginObject()
        json.field("address", change.address)
        json.field("action", change.action.rawValue)
        json.field("reason", change.reason)
        json.field("cause_event_id", change.causeEventID)
        json.field("at", Timestamps.iso8601(milliseconds: change.atMilliseconds))
        json.endObject()
        return json.finish()
    }

    /// The `bounce-worker.policy-state` changelog record for an address.
    public static func addressState(_ state: AddressState) -> [UInt8] {
        var json = JSONOutput(capacity: 128 + (state.recentEventIDHashes.count + state.recentFingerprints.count) * 40)
        json.beginObject()
        // 3: event ids and fingerprints as 16 hex digits of their hash; 2: event ids as text;
        // 1: fingerprints as the hashed text too.
        json.field("v", 3)
        json.field("status", state.status.rawValue)
        json.key("soft_bounces")
        json.beginArray()
        for time in state.softBounces { json.number(Int(time)) }
        json.endArray()
        json.key("recent_event_id_hashes")
        json.beginArray()
        for hash in state.recentEventIDHashes { json.string(hexadecimal: hash) }
        json.endArray()
        json.key("recent_fingerprints")
        json.beginArray()
        for fingerprint in state.recentFingerprints {
            json.beginObject()
            json.key("hash")
            json.string(hexadecimal: fingerprint.hash)
            json.field("at", Int(fingerprint.at))
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.finish()
    }

    /// The `bounce-worker.classified` record for one result.
    public static func classifiedResult(_ result: BounceResult, occurredAtMilliseconds: Int64) -> [UInt8] {
        var json = JSONOutput(capacity: 640)
        json.beginObject()
        result.writeFields(to: &json)
        json.field("occurred_at_ms", Int(occurredAtMilliseconds))
        json.endObject()
        return json.finish()
    }
}

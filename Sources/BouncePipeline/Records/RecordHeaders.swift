import KafkaClient

/// The record headers the worker reads and writes.
public enum RecordHeaders {
    /// The deterministic id of the event a record carries: the same input always yields the same ids.
    public static let eventID = "bw-event-id"
    /// Where the input came from: `topic/partition/offset`.
    public static let source = "bw-source"
    /// `application/json` on every record the worker writes.
    public static let contentType = "content-type"
    /// On the classified topic: `result` or `command`.
    public static let recordType = "bw-record-type"
    /// On inputs: forces the input format (`canonical`, `email`, `ses`, `sendgrid`, `mailgun`, `postmark`,
    /// `sparkpost`).
    public static let bounceFormat = "bounce-format"
    /// On dead letters: what is wrong.
    public static let error = "bw-error"
    /// On dead letters: the kind of error (`malformed_json`, `no_recipients`, ...).
    public static let errorKind = "bw-error-kind"
    /// On dead letters: the stage that rejected the input.
    public static let stage = "bw-stage"
    /// On dead letters: the source topic.
    public static let sourceTopic = "bw-source-topic"
    /// On dead letters: the source partition.
    public static let sourcePartition = "bw-source-partition"
    /// On dead letters: the source offset.
    public static let sourceOffset = "bw-source-offset"
    /// On dead letters: when the input was rejected (ISO 8601).
    public static let failedAt = "bw-failed-at"

    /// The value of header `name` as text, if present.
    public static func value(_ name: String, in headers: [KafkaHeader]) -> String? {
        for header in headers where header.name.lowercased() == name {
            return String(decoding: header.value, as: UTF8.self)
        }
        return nil
    }

    /// `topic/partition/offset` for a message.
    public static func sourceValue(of message: KafkaMessage) -> String {
        "\(message.topic)/\(message.partition)/\(message.offset)"
    }

    /// The headers of a record the worker writes.
    static func standard(eventID: String, source: String, recordType: String? = nil) -> [KafkaHeader] {
        var headers = [
            KafkaHeader(name: Self.eventID, string: eventID), KafkaHeader(name: Self.source, string: source),
            KafkaHeader(name: contentType, string: "application/json"),
        ]
        if let recordType { headers.append(KafkaHeader(name: Self.recordType, string: recordType)) }
        return headers
    }
}

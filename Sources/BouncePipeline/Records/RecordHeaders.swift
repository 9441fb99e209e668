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
        bytes(name, in: headers).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of header `name` (matched ignoring ASCII case; `name` is lower-case), if present: the
    /// header's own storage, not a copy.
    public static func bytes(_ name: String, in headers: [KafkaHeader]) -> [UInt8]? {
        var name = name
        return name.withUTF8 { wanted in
            for header in headers {
                var headerName = header.name
                let matches = headerName.withUTF8 { have in
                    have.count == wanted.count
                        && zip(have, wanted).allSatisfy { ($0 | ($0 &- 65 < 26 ? 0x20 : 0)) == $1 }
                }
                if matches { return header.value }
            }
            return nil
        }
    }

    /// `topic/partition/offset` for a message.
    public static func sourceValue(of message: KafkaMessage) -> String {
        String(decoding: sourceBytes(of: message), as: UTF8.self)
    }

    /// ``sourceValue(of:)`` as bytes, written in one array (the header value of every record a message causes).
    public static func sourceBytes(of message: KafkaMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(message.topic.utf8.count + 32)
        bytes.append(contentsOf: message.topic.utf8)
        bytes.append(0x2F)
        // Decimal numbers of up to 15 digits are inline strings: no allocation.
        bytes.append(contentsOf: String(message.partition).utf8)
        bytes.append(0x2F)
        bytes.append(contentsOf: String(message.offset).utf8)
        return bytes
    }

    /// The `content-type` of every record the worker writes.
    static let jsonContentType = Array("application/json".utf8)
    /// The `bw-record-type` of a classified result.
    static let resultRecordType = Array("result".utf8)
    /// The `bw-record-type` of a forwarded operator command.
    static let commandRecordType = Array("command".utf8)

    /// The headers of a record the worker writes. `source` (`topic/partition/offset` as bytes) and the
    /// constant values are shared between records, not copied.
    static func standard(eventID: String, source: [UInt8], recordType: [UInt8]? = nil) -> [KafkaHeader] {
        standard(eventID: Array(eventID.utf8), source: source, recordType: recordType)
    }

    /// ``standard(eventID:source:recordType:)`` with the event id given as its UTF-8 bytes.
    static func standard(eventID: [UInt8], source: [UInt8], recordType: [UInt8]? = nil) -> [KafkaHeader] {
        var headers: [KafkaHeader] = []
        headers.reserveCapacity(recordType == nil ? 3 : 4)
        headers.append(KafkaHeader(name: Self.eventID, value: eventID))
        headers.append(KafkaHeader(name: Self.source, value: source))
        headers.append(KafkaHeader(name: contentType, value: jsonContentType))
        if let recordType { headers.append(KafkaHeader(name: Self.recordType, value: recordType)) }
        return headers
    }
}

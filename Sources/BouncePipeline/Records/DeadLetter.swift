import BounceClassifier
import KafkaClient

/// Builds the dead-letter record for an input that could not be processed: the original key and bytes,
/// the original headers, and headers with the error and the input's origin.
public enum DeadLetter {
    /// The dead-letter record for `message`.
    /// - Parameters:
    ///   - message: the input.
    ///   - error: what is wrong, in words.
    ///   - kind: the error's kind.
    ///   - stage: the stage that rejected it.
    ///   - topic: the dead-letter topic.
    ///   - nowMilliseconds: the current time.
    public static func record(
        for message: KafkaMessage, error: String, kind: String, stage: String, topic: String, nowMilliseconds: Int64
    ) -> KafkaProducerRecord {
        let source = RecordHeaders.sourceValue(of: message)
        var headers = message.headers.filter { !$0.name.hasPrefix("bw-") }
        headers += [
            KafkaHeader(name: RecordHeaders.eventID, string: EventIDs.derived(from: "dlq", source)),
            KafkaHeader(name: RecordHeaders.source, string: source),
            KafkaHeader(name: RecordHeaders.error, string: error),
            KafkaHeader(name: RecordHeaders.errorKind, string: kind),
            KafkaHeader(name: RecordHeaders.stage, string: stage),
            KafkaHeader(name: RecordHeaders.sourceTopic, string: message.topic),
            KafkaHeader(name: RecordHeaders.sourcePartition, string: String(message.partition)),
            KafkaHeader(name: RecordHeaders.sourceOffset, string: String(message.offset)),
            KafkaHeader(name: RecordHeaders.failedAt, string: Timestamps.iso8601(milliseconds: nowMilliseconds)),
        ]
        return KafkaProducerRecord(topic: topic, key: message.key, value: message.value, headers: headers)
    }
}

import BounceClassifier
import KafkaClient

/// The classify stage: every raw bounce input becomes one record per recipient result on the classified
/// topic, keyed by the lower-cased recipient so that everything about one address meets in one partition;
/// operator commands are forwarded there too, keyed by address, for the same reason. Inputs that cannot be
/// read go to the dead-letter topic. Stateless.
public struct ClassifyProcessor: PartitionProcessor {
    /// Nothing is kept per partition.
    public typealias PartitionState = Void

    /// The classifier.
    public let classifier: BounceClassifier
    /// The topic names.
    public let topics: TopicNames
    /// The current time in milliseconds (for dead-letter timestamps and inputs without a time).
    public let now: @Sendable () -> Int64
    /// Told about every input (for metrics); may be `nil`.
    public let observer: StageObserver?

    /// Creates the processor.
    public init(
        classifier: BounceClassifier, topics: TopicNames, now: @escaping @Sendable () -> Int64,
        observer: StageObserver? = nil
    ) {
        self.classifier = classifier
        self.topics = topics
        self.now = now
        self.observer = observer
    }

    /// Nothing to prepare.
    public func prepare(_ partition: KafkaTopicPartition) async throws {}

    /// Classifies one input (or forwards one command).
    public func process(_ message: KafkaMessage, state: inout Void) -> ProcessedMessage {
        let sourceBytes = RecordHeaders.sourceBytes(of: message)
        if message.topic == topics.commands { return forwardCommand(message, source: sourceBytes) }
        let format = Self.format(of: message.headers)
        let results: [BounceResult]
        do throws(ClassificationError) {
            results = try classifier.classify(message.value, format: format)
        } catch {
            observer?.deadLettered(stage: "classify", kind: error.kind.rawValue)
            return ProcessedMessage(outputs: [
                DeadLetter.record(
                    for: message, error: error.description, kind: error.kind.rawValue, stage: "classify",
                    topic: topics.deadLetter, nowMilliseconds: now())
            ])
        }
        observer?.classified(results, format: results.first?.format ?? format)
        let messageTime = message.timestamp.map { Int64($0.timeIntervalSince1970 * 1000) } ?? now()
        var outputs: [KafkaProducerRecord] = []
        outputs.reserveCapacity(results.count)
        for result in results {
            let occurred = result.occurredAt.flatMap(Timestamps.milliseconds(fromISO8601:)) ?? messageTime
            outputs.append(
                KafkaProducerRecord(
                    topic: topics.classified, key: Array(result.recipient.utf8),
                    value: OutputRecords.classifiedResult(result, occurredAtMilliseconds: occurred),
                    headers: RecordHeaders.standard(
                        eventID: result.eventID, source: sourceBytes, recordType: RecordHeaders.resultRecordType)))
        }
        return ProcessedMessage(outputs: outputs)
    }

    private func forwardCommand(_ message: KafkaMessage, source sourceBytes: [UInt8]) -> ProcessedMessage {
        let source = String(decoding: sourceBytes, as: UTF8.self)
        let fallbackTime = message.timestamp.map { Int64($0.timeIntervalSince1970 * 1000) } ?? now()
        do throws(RecordDecodingError) {
            let command = try RecordDecoding.operatorCommand(
                message.value, key: message.key, fallbackID: EventIDs.derived(from: "command", source),
                fallbackMilliseconds: fallbackTime)
            observer?.commandForwarded()
            return ProcessedMessage(outputs: [
                KafkaProducerRecord(
                    topic: topics.classified, key: Array(command.address.utf8), value: RecordDecoding.encode(command),
                    headers: RecordHeaders.standard(
                        eventID: command.commandID, source: sourceBytes,
                        recordType: RecordHeaders.commandRecordType))
            ])
        } catch {
            observer?.deadLettered(stage: "classify", kind: "invalid_command")
            return ProcessedMessage(outputs: [
                DeadLetter.record(
                    for: message, error: error.message, kind: "invalid_command", stage: "classify",
                    topic: topics.deadLetter, nowMilliseconds: now())
            ])
        }
    }

    /// The format a `bounce-format` or `content-type` header forces, else automatic detection.
    static func format(of headers: [KafkaHeader]) -> InputFormat {
        if let forced = RecordHeaders.value(RecordHeaders.bounceFormat, in: headers)?.lowercased(),
            let format = InputFormat(rawValue: forced)
        {
            return format
        }
        if let contentType = RecordHeaders.value(RecordHeaders.contentType, in: headers)?.lowercased() {
            if contentType.hasPrefix("message/") || contentType.hasPrefix("multipart/report") { return .email }
        }
        return .auto
    }
}

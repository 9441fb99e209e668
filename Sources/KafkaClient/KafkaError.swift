import CRdKafka

/// An error reported by librdkafka or by the Kafka layer itself.
///
/// Every error carries librdkafka's numeric error code and its symbolic name
/// (for example `-195` / `_TRANSPORT`, or `6` / `NOT_LEADER_OR_FOLLOWER`), a
/// human readable message, and whether librdkafka considers it fatal (the
/// client instance is unusable and must be recreated) or retriable (the same
/// operation may succeed when tried again).
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// librdkafka's numeric error code (`rd_kafka_resp_err_t`). Negative values are
    /// client-side errors, positive values are Kafka protocol error codes.
    public var code: Int32
    /// librdkafka's symbolic name of ``code``, e.g. `"_QUEUE_FULL"` or `"UNKNOWN_TOPIC_OR_PART"`.
    public var codeName: String
    /// A human readable description of what failed.
    public var message: String
    /// `true` when the client instance raised a fatal error and can no longer be used.
    public var isFatal: Bool
    /// `true` when retrying the failed operation may succeed.
    public var isRetriable: Bool

    /// Creates an error from its parts.
    public init(code: Int32, codeName: String, message: String, isFatal: Bool = false, isRetriable: Bool = false) {
        self.code = code
        self.codeName = codeName
        self.message = message
        self.isFatal = isFatal
        self.isRetriable = isRetriable
    }

    /// A description such as `"Kafka error _TRANSPORT (-195): Broker transport failure [retriable]"`.
    public var description: String {
        var text = "Kafka error \(codeName) (\(code)): \(message)"
        if isFatal { text += " [fatal]" }
        if isRetriable { text += " [retriable]" }
        return text
    }

    /// The code used for errors raised by this layer rather than by librdkafka.
    public static let clientErrorCode: Int32 = -1
}

extension KafkaError {
    /// Builds an error from a librdkafka response code; `context` prefixes librdkafka's text.
    static func from(_ err: rd_kafka_resp_err_t, context: String? = nil, isFatal: Bool = false) -> KafkaError {
        let text = String(cString: rd_kafka_err2str(err))
        let message = context.map { "\($0): \(text)" } ?? text
        return KafkaError(
            code: err.rawValue,
            codeName: String(cString: rd_kafka_err2name(err)),
            message: message,
            isFatal: isFatal || err == RD_KAFKA_RESP_ERR__FATAL,
            isRetriable: Self.isRetriable(err)
        )
    }

    /// Builds an error from an `rd_kafka_error_t` and destroys it.
    static func consuming(_ error: OpaquePointer, context: String? = nil) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? ""
        return KafkaError(
            code: code.rawValue,
            codeName: rd_kafka_error_name(error).map { String(cString: $0) } ?? "",
            message: context.map { "\($0): \(text)" } ?? text,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
        )
    }

    /// Reads the fatal error a client instance raised (`rd_kafka_fatal_error`).
    static func fatal(of handle: OpaquePointer) -> KafkaError? {
        var buffer = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(handle, &buffer, buffer.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let text = CString.text(buffer)
        return KafkaError(
            code: err.rawValue,
            codeName: String(cString: rd_kafka_err2name(err)),
            message: text,
            isFatal: true,
            isRetriable: false
        )
    }

    /// An error raised by this layer (closed client, bad argument, ...).
    static func client(_ message: String) -> KafkaError {
        KafkaError(code: clientErrorCode, codeName: "CLIENT", message: message)
    }

    /// Transient client-side and broker errors that librdkafka itself would retry.
    static func isRetriable(_ err: rd_kafka_resp_err_t) -> Bool {
        switch err {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__WAIT_COORD,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR:
            return true
        default:
            return false
        }
    }
}

/// A configuration property was rejected by librdkafka or by this layer.
public struct KafkaConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The librdkafka property name, e.g. `"sasl.mechanism"`.
    public var property: String
    /// Why the property was rejected. Never contains the property's value.
    public var message: String

    /// Creates a configuration error for `property`.
    public init(property: String, message: String) {
        self.property = property
        self.message = message
    }

    /// A description such as `"Invalid Kafka configuration property 'acks': ..."`.
    public var description: String {
        "Invalid Kafka configuration property '\(property)': \(message)"
    }
}

import CRdKafka
import Logging

/// The object librdkafka's C callbacks reach through the configuration's opaque pointer.
///
/// librdkafka calls back into Swift only through plain C function pointers that capture
/// nothing; they recover this object with `Unmanaged.fromOpaque`. A client retains its
/// context (`passRetained`) before creating the handle and releases it after
/// `rd_kafka_destroy` returned, when no callback can run any more.
///
/// `@unchecked Sendable`: the stored properties are immutable and `Sendable`; subclasses
/// guard their mutable state with a `Mutex`.
class CallbackContext: @unchecked Sendable {
    /// Receives librdkafka's own log lines.
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Called with a parsed statistics report (on the thread serving the queue).
    func received(statistics: KafkaStatistics) {}

    /// Called with a client error (`error_cb`); fatal errors carry the underlying cause.
    func received(error: KafkaError) {
        logger.warning("librdkafka error", metadata: ["error": "\(error)"])
    }

    /// Installs the log, error and statistics callbacks and this context as the opaque pointer.
    /// Returns the retained opaque pointer; release it with ``release(_:)`` after destroying the handle.
    func install(on conf: OpaquePointer) -> UnsafeMutableRawPointer {
        let opaque = Unmanaged.passRetained(self).toOpaque()
        rd_kafka_conf_set_opaque(conf, opaque)
        rd_kafka_conf_set_log_cb(conf, librdkafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, librdkafkaErrorCallback)
        rd_kafka_conf_set_stats_cb(conf, librdkafkaStatisticsCallback)
        return opaque
    }

    /// Balances the retain taken by ``install(on:)``.
    static func release(_ opaque: UnsafeMutableRawPointer) {
        Unmanaged<CallbackContext>.fromOpaque(opaque).release()
    }

    /// The context behind a callback's opaque pointer.
    static func from(_ opaque: UnsafeMutableRawPointer?) -> CallbackContext? {
        guard let opaque else { return nil }
        return Unmanaged<CallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// Maps librdkafka's syslog levels to swift-log.
private func logLevel(_ syslogLevel: Int32) -> Logger.Level {
    switch syslogLevel {
    case ...2: return .critical
    case 3: return .error
    case 4: return .warning
    case 5: return .notice
    case 6: return .info
    default: return .debug
    }
}

private let librdkafkaLogCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) ->
        Void = { handle, level, facility, text in
            guard let handle, let context = CallbackContext.from(rd_kafka_opaque(handle)) else { return }
            let facilityText = facility.map { String(cString: $0) } ?? ""
            let line = text.map { String(cString: $0) } ?? ""
            context.logger.log(
                level: logLevel(level),
                "\(line)",
                metadata: ["librdkafka.facility": "\(facilityText)"]
            )
        }

private let librdkafkaErrorCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?)
        -> Void = { handle, code, reason, opaque in
            guard let handle, let context = CallbackContext.from(opaque) else { return }
            let err = rd_kafka_resp_err_t(rawValue: code)
            if err == RD_KAFKA_RESP_ERR__FATAL, let fatal = KafkaError.fatal(of: handle) {
                context.received(error: fatal)
                return
            }
            var error = KafkaError.from(err)
            if let reason { error.message = String(cString: reason) }
            context.received(error: error)
        }

private let librdkafkaStatisticsCallback:
    @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?)
        -> Int32 = { _, json, length, opaque in
            guard let json, let context = CallbackContext.from(opaque) else { return 0 }
            let bytes = UnsafeRawBufferPointer(start: json, count: length)
            if let statistics = KafkaStatistics(json: Array(bytes)) {
                context.received(statistics: statistics)
            } else {
                context.logger.debug("Could not parse librdkafka statistics")
            }
            return 0  // librdkafka frees the JSON buffer
        }

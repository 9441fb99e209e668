import Logging

/// How the worker logs: the format, the level and whether addresses are redacted (`BW_LOG_*`).
public struct LogSettings: Sendable, Hashable {
    /// The line format.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// swift-log's `StreamLogHandler` lines, for people.
        case text
        /// One JSON object per line, for log collectors.
        case json
    }

    /// The level. Default `info`.
    public var level: Logger.Level
    /// The format. Default `text`.
    public var format: Format
    /// Whether e-mail addresses in messages and metadata are redacted. Default `true`.
    public var redactAddresses: Bool

    /// Creates settings; every parameter has the documented default.
    public init(level: Logger.Level = .info, format: Format = .text, redactAddresses: Bool = true) {
        self.level = level
        self.format = format
        self.redactAddresses = redactAddresses
    }

    /// A log handler for `label` with these settings (the level is applied by ``makeLogger(label:)``).
    public func makeHandler(label: String) -> any LogHandler {
        let handler: any LogHandler =
            switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler(label: label)
            }
        return redactAddresses ? RedactingLogHandler(wrapping: handler) : handler
    }

    /// Installs these settings as the process's logging system (once per process, in `bounce-worker run`).
    public func bootstrap() {
        LoggingSystem.bootstrap { label in
            var handler = makeHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A logger with these settings.
    public func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label) { makeHandler(label: $0) }
        logger.logLevel = level
        return logger
    }
}

import Logging

/// Wraps a log handler and redacts e-mail addresses (``AddressRedaction``) in every message and metadata
/// value before they reach it, including metadata set on the logger.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler

    /// Wraps `wrapped`.
    public init(wrapping wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    /// The wrapped handler's metadata provider.
    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    /// The wrapped handler's level.
    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    /// The wrapped handler's metadata (stored redacted).
    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(Self.redact) }
    }

    /// One metadata value (stored redacted).
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map(Self.redact) }
    }

    /// Redacts the event, then hands it on.
    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: AddressRedaction.redact(event.message.description))
        event.metadata = event.metadata?.mapValues(Self.redact)
        wrapped.log(event: event)
    }

    static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(AddressRedaction.redact(text))
        case .stringConvertible(let convertible): return .string(AddressRedaction.redact(convertible.description))
        case .array(let values): return .array(values.map(redact))
        case .dictionary(let values): return .dictionary(values.mapValues(redact))
        }
    }
}

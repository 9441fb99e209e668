import Foundation
import Logging

/// Writes one JSON object per log event on standard error (JSON Lines): `time` (ISO 8601, UTC, milliseconds),
/// `level`, `label`, `message`, `metadata` (when any) and `source`. Each line is written with one `write(2)`.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The level below which events are dropped (by `Logger`).
    public var logLevel: Logger.Level = .info
    /// Metadata added to every event of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Adds task-local or constant metadata to every event.
    public var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler writing to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider) { bytes in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(
                        FileHandle.standardError.fileDescriptor, buffer.baseAddress?.advanced(by: offset),
                        buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// A handler handing each line (with its newline) to `write`, e.g. for tests.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// One metadata value of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one JSON line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        var line = "{\"time\":\""
        line += Timestamps.iso8601(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        line += "\",\"level\":\"\(event.level.rawValue)\",\"label\":"
        Self.appendString(label, to: &line)
        line += ",\"message\":"
        Self.appendString(event.message.description, to: &line)
        if !merged.isEmpty {
            line += ",\"metadata\":"
            Self.appendDictionary(merged, to: &line)
        }
        line += ",\"source\":"
        Self.appendString(event.source, to: &line)
        line += "}\n"
        write(Array(line.utf8))
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &line)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        case .dictionary(let values): appendDictionary(values, to: &line)
        }
    }

    private static func appendDictionary(_ values: Logger.Metadata, to line: inout String) {
        line += "{"
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            appendString(key, to: &line)
            line += ":"
            if let value = values[key] { appendValue(value, to: &line) }
        }
        line += "}"
    }

    /// Appends `text` as a JSON string literal.
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}

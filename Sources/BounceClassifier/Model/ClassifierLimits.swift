/// Bounds on the work done per input, so that no input can make classification slow or crash it.
public struct ClassifierLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes. Default 8 MiB: a bounce with the whole original message attached
    /// fits; larger inputs are rejected with ``ClassificationError/Kind/tooLarge``.
    public var maximumInputBytes: Int
    /// The deepest JSON nesting accepted. Default 64.
    public var maximumJSONDepth: Int
    /// The deepest MIME multipart nesting followed. Default 16.
    public var maximumMIMEDepth: Int
    /// The most recipients read from one input. Default 10,000.
    public var maximumRecipients: Int

    /// Creates limits; every parameter has the documented default.
    public init(
        maximumInputBytes: Int = 8 << 20, maximumJSONDepth: Int = 64, maximumMIMEDepth: Int = 16,
        maximumRecipients: Int = 10_000
    ) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumJSONDepth = maximumJSONDepth
        self.maximumMIMEDepth = maximumMIMEDepth
        self.maximumRecipients = maximumRecipients
    }
}

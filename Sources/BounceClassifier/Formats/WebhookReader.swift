/// Reads JSON inputs: the canonical event and the provider webhooks.
struct WebhookReader: Sendable {
    let limits: ClassifierLimits

    /// The observations in one JSON input and the format detected (or forced).
    func observations(in input: [UInt8], format: InputFormat) throws(ClassificationError) -> (
        InputFormat, [BounceObservation]
    ) {
        throw ClassificationError(.unrecognizedFormat, "JSON input is not supported yet")
    }
}

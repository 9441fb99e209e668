/// Reads raw RFC 5322 emails: delivery-status reports, non-standard bounces, ARF complaints and auto-replies.
struct EmailReader: Sendable {
    let limits: ClassifierLimits

    /// The observations in one email, one per recipient, in order.
    func observations(in input: [UInt8]) throws(ClassificationError) -> [BounceObservation] {
        throw ClassificationError(.malformedEmail, "email input is not supported yet")
    }
}

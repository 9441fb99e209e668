/// Detects an input's format and hands it to the parser for that format.
struct InputReader: Sendable {
    let limits: ClassifierLimits

    /// The observations in `input`, and the format they were read as.
    func observations(in input: [UInt8], format: InputFormat) throws(ClassificationError) -> (
        InputFormat, [BounceObservation]
    ) {
        guard input.count <= limits.maximumInputBytes else {
            throw ClassificationError(
                .tooLarge, "input is \(input.count) bytes; the limit is \(limits.maximumInputBytes)")
        }
        guard let first = input.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            throw ClassificationError(.empty, "input is empty")
        }
        switch format {
        case .email:
            return (.email, try EmailReader(limits: limits).observations(in: input))
        case .auto where first != 0x7B && first != 0x5B:
            return (.email, try EmailReader(limits: limits).observations(in: input))
        default:
            return try WebhookReader(limits: limits).observations(in: input, format: format)
        }
    }

    /// A hash of the input with line endings normalised and trailing white space removed, for inputs that
    /// carry no identifier of their own.
    static func contentHash(of input: [UInt8]) -> StableHash {
        var hash = StableHash()
        var end = input.count
        while end > 0,
            input[end - 1] == 0x20 || input[end - 1] == 0x0A || input[end - 1] == 0x0D
                || input[end - 1] == 0x09
        {
            end -= 1
        }
        for index in 0..<end where input[index] != 0x0D { hash.combine(byte: input[index]) }
        return hash
    }
}

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
        input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            var index = 0
            // Eight bytes at a time; a word that may hold a CR (the test can also flag a byte after a CR) is
            // mixed in byte by byte without its CRs.
            while index &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let returns = word ^ 0x0D0D_0D0D_0D0D_0D0D
                if (returns &- ones) & ~returns & highs == 0 {
                    hash.combine(eightBytes: word)
                } else {
                    for position in index..<(index &+ 8) where base[position] != 0x0D {
                        hash.combine(byte: base[position])
                    }
                }
                index &+= 8
            }
            while index < end {
                if base[index] != 0x0D { hash.combine(byte: base[index]) }
                index &+= 1
            }
        }
        return hash
    }
}

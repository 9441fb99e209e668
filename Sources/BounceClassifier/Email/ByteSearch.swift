#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding one byte value in a buffer eight bytes at a time (a word compared against the value repeated, and
/// the lowest matching byte taken from the zero-byte test), for the scans that skip most bytes: line ends,
/// boundary lines, a marker's rarest byte.
enum ByteSearch {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `target` in `buffer[start..<end]`, or `end` when there is none (`start` when it is
    /// past `end`). Spans of 32 bytes or more go to the C library's `memchr`, which reads them a vector at a time.
    @inline(__always)
    static func index(of target: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard let base = buffer.baseAddress, start < end else { return max(start, end) }
        if end &- start >= 32 {
            guard let found = memchr(base + start, Int32(target), end &- start) else { return end }
            return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        }
        let pattern = UInt64(target) &* ones
        var index = start
        while index &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) ^ pattern
            // The lowest byte whose high bit is set here is the first byte equal to `target`.
            let zeros = (word &- ones) & ~word & highs
            if zeros != 0 { return index &+ zeros.trailingZeroBitCount >> 3 }
            index &+= 8
        }
        while index < end {
            if base[index] == target { return index }
            index &+= 1
        }
        return end
    }

    /// The index of the first `first` in `buffer[start..<end]` that is followed by `second` (also before `end`), or
    /// `end` when there is none. Sixteen places are tested at a time.
    @inline(__always)
    static func index(
        of first: UInt8, followedBy second: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        guard let base = buffer.baseAddress, start < end else { return max(start, end) }
        let firstVector = SIMD16<UInt8>(repeating: first)
        let secondVector = SIMD16<UInt8>(repeating: second)
        var index = start
        while index &+ 17 <= end {
            let here = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            let after = UnsafeRawPointer(base + (index &+ 1)).loadUnaligned(as: SIMD16<UInt8>.self)
            if any((here .== firstVector) .& (after .== secondVector)) { break }
            index &+= 16
        }
        while index &+ 1 < end {
            if base[index] == first && base[index &+ 1] == second { return index }
            index &+= 1
        }
        return end
    }

    /// The index of the first byte in `buffer[start..<end]` that is `first`, `second` or `third`, or `end` when
    /// there is none; eight bytes are compared at a time (the lowest flagged byte of each zero-byte test is a
    /// true match, so the lowest of the three is too).
    @inline(__always)
    static func index(
        of first: UInt8, _ second: UInt8, _ third: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int,
        to end: Int
    ) -> Int {
        guard let base = buffer.baseAddress, start < end else { return max(start, end) }
        let firstPattern = UInt64(first) &* ones
        let secondPattern = UInt64(second) &* ones
        let thirdPattern = UInt64(third) &* ones
        var index = start
        while index &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let a = word ^ firstPattern
            let b = word ^ secondPattern
            let c = word ^ thirdPattern
            let zeros = ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c) & highs
            if zeros != 0 { return index &+ zeros.trailingZeroBitCount >> 3 }
            index &+= 8
        }
        while index < end {
            let byte = base[index]
            if byte == first || byte == second || byte == third { return index }
            index &+= 1
        }
        return end
    }

    /// The index of the first byte in `buffer[start..<end]` that is `first` or `second` (lower-case ASCII
    /// letters) in either case, or `end` when there is none. Bytes are skipped sixteen at a time.
    @inline(__always)
    static func index(
        ofLetter first: UInt8, orLetter second: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int,
        to end: Int
    ) -> Int {
        guard let base = buffer.baseAddress, start < end else { return max(start, end) }
        var index = start
        // Sixteen bytes at a time while none is either letter; the word loop below finds the one that is.
        let firstVector = SIMD16<UInt8>(repeating: first)
        let secondVector = SIMD16<UInt8>(repeating: second)
        let caseVector = SIMD16<UInt8>(repeating: 0x20)
        while index &+ 16 <= end {
            let vector = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self) | caseVector
            if any((vector .== firstVector) .| (vector .== secondVector)) { break }
            index &+= 16
        }
        let firstPattern = UInt64(first) &* ones
        let secondPattern = UInt64(second) &* ones
        let caseBits: UInt64 = 0x2020_2020_2020_2020
        while index &+ 8 <= end {
            // Setting bit 5 maps a capital letter to its small one and no other byte to a small letter.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) | caseBits
            let a = word ^ firstPattern
            let b = word ^ secondPattern
            let zeros = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
            if zeros != 0 { return index &+ zeros.trailingZeroBitCount >> 3 }
            index &+= 8
        }
        while index < end {
            let byte = base[index] | 0x20
            if byte == first || byte == second { return index }
            index &+= 1
        }
        return end
    }

    /// Whether `buffer[range]` is ASCII without control bytes below 0x20 and without `=?`: text that unfolding,
    /// encoded-word and charset decoding all leave as it is.
    static func isPlainASCIILine(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let base = buffer.baseAddress else { return range.isEmpty }
        let controls: UInt64 = 0x2020_2020_2020_2020
        let questions: UInt64 = 0x3F3F_3F3F_3F3F_3F3F
        var index = range.lowerBound
        while index &+ 8 <= range.upperBound {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let question = word ^ questions
            // Any byte above 0x7F, below 0x20 or equal to `?` sends the word to the byte loop below.
            if (word | (word &- controls) | ((question &- ones) & ~question)) & highs != 0 { break }
            index &+= 8
        }
        var previous: UInt8 = index > range.lowerBound ? base[index &- 1] : 0
        while index < range.upperBound {
            let byte = base[index]
            if byte >= 0x80 || byte < 0x20 || (byte == 0x3F && previous == 0x3D) { return false }
            previous = byte
            index &+= 1
        }
        return true
    }

    /// The end of the line starting at `start` (before its CR LF or LF, or `end`), and the index of the next line.
    @inline(__always)
    static func line(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> (contentEnd: Int, next: Int) {
        let newline = index(of: 0x0A, in: buffer, from: start, to: end)
        let next = newline < end ? newline + 1 : end
        var contentEnd = newline
        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        return (contentEnd, next)
    }
}

/// Reading a string's UTF-8 bytes without copying the string.
extension String {
    /// Calls `body` with the string's UTF-8 bytes. A native string lends its storage as it is; unlike
    /// `withUTF8`, which is mutating, this needs no copy of the string to call on (and so no retain and release).
    /// A string without contiguous UTF-8 is first made contiguous in a copy.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}

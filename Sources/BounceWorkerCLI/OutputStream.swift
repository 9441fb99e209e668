#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered writer to standard output or standard error, so that thousands of result lines cost few syscalls.
struct OutputStream {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let flushThreshold = 64 * 1024

    /// Standard output.
    static func standardOutput() -> OutputStream { OutputStream(descriptor: 1) }
    /// Standard error.
    static func standardError() -> OutputStream { OutputStream(descriptor: 2) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends raw bytes.
    mutating func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Appends a line of text.
    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Writes out everything buffered.
    mutating func flush() {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                guard let base = raw.baseAddress else { return }
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `write(2)`, outside the type whose method has the same name.
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}

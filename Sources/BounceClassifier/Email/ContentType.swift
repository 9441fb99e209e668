/// A parsed `Content-Type` value: `type/subtype` lower-cased, and its parameters (names lower-cased,
/// quoted values unquoted). Unparseable values give `text/plain`, the RFC 2045 default.
///
/// The parameters of an ASCII value are read when asked for, from the value's bytes: a reader asks for one or
/// two of them, so the others never become strings.
struct ContentType: Sendable, Hashable {
    /// `type/subtype`, lower-case.
    let mediaType: String
    /// Where the parameters are read from.
    private let source: Parameters

    /// The parameters of a value: still as bytes, or read.
    private enum Parameters: Sendable {
        /// The bytes of an ASCII value without control bytes, and where its parameters start (at a `;` or the
        /// end).
        case ascii([UInt8], Range<Int>)
        /// The parameters in order, names lower-case.
        case read([(name: String, value: String)])
    }

    /// The parameters in order, names lower-case.
    var parameters: [(name: String, value: String)] {
        switch source {
        case .read(let parameters): return parameters
        case .ascii(let bytes, let range):
            return bytes.withUnsafeBufferPointer {
                Self.parameters(UnsafeBufferPointer(rebasing: $0[..<range.upperBound]), from: range.lowerBound, true)
            }
        }
    }

    static func == (lhs: ContentType, rhs: ContentType) -> Bool {
        lhs.mediaType == rhs.mediaType && lhs.parameters.elementsEqual(rhs.parameters, by: { $0 == $1 })
    }

    func hash(into hasher: inout Hasher) { hasher.combine(mediaType) }

    /// The RFC 2045 default: `text/plain; charset=us-ascii`.
    static let plainText = ContentType(mediaType: "text/plain", source: .read([]))

    private init(mediaType: String, source: Parameters) {
        self.mediaType = mediaType
        self.source = source
    }

    /// The value of parameter `name` (lower-case), if present.
    func parameter(_ name: String) -> String? {
        switch source {
        case .read(let parameters): return parameters.first(where: { $0.name == name })?.value
        case .ascii(let bytes, let range):
            var name = name
            return name.withUTF8 { name in
                bytes.withUnsafeBufferPointer {
                    Self.parameter(
                        name, in: UnsafeBufferPointer(rebasing: $0[..<range.upperBound]), from: range.lowerBound)
                }
            }
        }
    }

    /// Whether the type is `multipart/*`.
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// Whether the type is `text/*`.
    var isText: Bool { mediaType.hasPrefix("text/") }

    /// The `Content-Type` of `headers`, or ``plainText`` when they have none. A value that ``HeaderFields/text(of:)``
    /// leaves as ASCII bytes is read from those bytes, without a `String` of the value.
    init(in headers: HeaderFields) {
        guard let range = headers.firstRange(Self.fieldName) else {
            self = .plainText
            return
        }
        let trimmed = Bytes.trimmed(headers.bytes, range)
        if headers.bytes.withUnsafeBufferPointer({ ByteSearch.isPlainASCIILine($0, trimmed) }) {
            self.init(ascii: headers.bytes, trimmed)
        } else if let unfolded = headers.unfoldedASCII(of: range) {
            self.init(ascii: unfolded, 0..<unfolded.count)
        } else {
            self.init(parsing: headers.text(of: range))
        }
    }

    /// `content-type`.
    private static let fieldName = Array("content-type".utf8)

    /// Parses a header value such as `multipart/report; report-type=delivery-status; boundary="x"`.
    init(parsing value: String) {
        var value = value
        self = value.withUTF8 { ContentType(parsing: $0) }
    }

    /// ``init(parsing:)`` over the value's UTF-8 bytes. In an ASCII value without carriage returns every byte is
    /// one `Character`, so the `/` and `*` tests read bytes; otherwise they read characters, as a `*` followed by
    /// a combining mark is no `*`.
    private init(parsing bytes: UnsafeBufferPointer<UInt8>) {
        var isASCII = true
        for byte in bytes where byte >= 0x80 || byte == 0x0D {
            isASCII = false
            break
        }
        if isASCII {
            self.init(ascii: Array(bytes), 0..<bytes.count)
            return
        }
        let (type, end) = Self.mediaType(bytes, isASCII: false)
        self.init(mediaType: type, source: .read(Self.parameters(bytes, from: end, false)))
    }

    /// Parses `bytes[range]`, ASCII without carriage returns.
    private init(ascii bytes: [UInt8], _ range: Range<Int>) {
        let (type, end) = bytes.withUnsafeBufferPointer {
            Self.mediaType(UnsafeBufferPointer(rebasing: $0[range]), isASCII: true)
        }
        self.init(mediaType: type, source: .ascii(bytes, (range.lowerBound + end)..<range.upperBound))
    }

    /// The media type at the start of `bytes` (white space and quotes dropped, lower-cased; `text/plain` without a
    /// `/`), and the index of the `;` after it (or the end).
    private static func mediaType(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> (String, Int) {
        var end = 0
        var kept = 0
        var hasSlashByte = false
        while end < bytes.count, bytes[end] != 0x3B {
            let byte = bytes[end]
            if !Bytes.isSpace(byte) && byte != 0x22 {
                kept += 1
                if byte == 0x2F { hasSlashByte = true }
            }
            end += 1
        }
        let type = String(unsafeUninitializedCapacity: kept) { out in
            var count = 0
            for index in 0..<end {
                let byte = bytes[index]
                if !Bytes.isSpace(byte) && byte != 0x22 {
                    out[count] = Bytes.lower(byte)
                    count += 1
                }
            }
            return count
        }
        let hasSlash = isASCII ? hasSlashByte : type.contains("/")
        return (hasSlash ? type : "text/plain", end)
    }

    /// Every parameter in `bytes` from `start` (a `;` or the end). RFC 2231 split parameters (`boundary*0=`) are
    /// joined under the plain name, onto the first parameter of that name.
    private static func parameters(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ isASCII: Bool) -> [(
        name: String, value: String
    )] {
        var scratch = [UInt8]()
        var index = start
        var parameters: [(name: String, value: String)] = []
        while index < bytes.count {
            index += 1  // the ';'
            while index < bytes.count, Bytes.isSpace(bytes[index]) || bytes[index] == 0x3B { index += 1 }
            scratch.removeAll(keepingCapacity: true)
            while index < bytes.count, bytes[index] != 0x3D, bytes[index] != 0x3B {
                if !Bytes.isSpace(bytes[index]) { scratch.append(Bytes.lower(bytes[index])) }
                index += 1
            }
            guard index < bytes.count, bytes[index] == 0x3D else { continue }
            let isSplit = scratch.contains(0x2A)
            var key: String
            if isASCII {
                key = String(decoding: scratch.prefix { $0 != 0x2A }, as: UTF8.self)
            } else {
                key = String(decoding: scratch, as: UTF8.self)
                if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
            }
            index += 1
            scratch.removeAll(keepingCapacity: true)
            index = value(bytes, from: index, into: &scratch)
            let text = String(decoding: scratch, as: UTF8.self)
            if let existing = parameters.firstIndex(where: { $0.name == key }), isSplit {
                parameters[existing].value += text
            } else {
                parameters.append((key, text))
            }
        }
        return parameters
    }

    /// The value of parameter `name` (lower-case) in `bytes` (ASCII without carriage returns) from `start`: what
    /// ``parameters(_:from:_:)`` gives for it, with only that value collected.
    private static func parameter(
        _ name: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int
    )
        -> String?
    {
        var found: [UInt8]?
        // A value read in one piece (unquoted, or quoted without escapes) is kept as its range until a split
        // continuation needs it as bytes.
        var foundRange: Range<Int>?
        var index = start
        while index < bytes.count {
            index += 1  // the ';'
            while index < bytes.count, Bytes.isSpace(bytes[index]) || bytes[index] == 0x3B { index += 1 }
            // The key is the name's lower-cased bytes up to its first `*`, white space dropped.
            var matched = 0
            var matches = true
            var isSplit = false
            while index < bytes.count, bytes[index] != 0x3D, bytes[index] != 0x3B {
                let byte = Bytes.lower(bytes[index])
                index += 1
                if Bytes.isSpace(byte) { continue }
                if byte == 0x2A {
                    isSplit = true
                } else if !isSplit {
                    if matched < name.count, name[matched] == byte {
                        matched += 1
                    } else {
                        matches = false
                    }
                }
            }
            guard index < bytes.count, bytes[index] == 0x3D else { continue }
            index += 1
            if matches, matched == name.count, found == nil && foundRange == nil || isSplit {
                if found == nil, foundRange == nil {
                    var unused: [UInt8] = []
                    let (next, run) = read(bytes, from: index, into: &unused, collecting: false)
                    if let run {
                        foundRange = run
                        index = next
                        continue
                    }
                }
                var value = found ?? foundRange.map { Array(bytes[$0]) } ?? []
                foundRange = nil
                index = Self.value(bytes, from: index, into: &value)
                found = value
            } else {
                index = skipValue(bytes, from: index)
            }
        }
        if let foundRange { return String(decoding: UnsafeBufferPointer(rebasing: bytes[foundRange]), as: UTF8.self) }
        return found.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the parameter value at `start` (after the `=`) to `value`: a quoted string unquoted, or the bytes
    /// up to the next `;` without trailing white space. Returns the index of that `;` (or the end).
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into value: inout [UInt8]) -> Int {
        read(bytes, from: start, into: &value, collecting: true).end
    }

    /// The index of the `;` (or the end) after the parameter value at `start`, as ``value(_:from:into:)`` reads it.
    private static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var unused: [UInt8] = []
        return read(bytes, from: start, into: &unused, collecting: false).end
    }

    /// Reads the parameter value at `start` as ``value(_:from:into:)`` describes, appending it to `value` only
    /// when `collecting`.
    /// - Returns: the index of the `;` (or the end) after the value, and the value's range in `bytes` when it is
    ///   one run of them (unquoted, or quoted without a backslash escape).
    @inline(__always)
    private static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into value: inout [UInt8], collecting: Bool
    ) -> (end: Int, run: Range<Int>?) {
        var index = start
        while index < bytes.count, Bytes.isSpace(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == 0x22 {
            index += 1
            let valueStart = index
            var escaped = false
            while index < bytes.count, bytes[index] != 0x22 {
                if bytes[index] == 0x5C, index + 1 < bytes.count {
                    index += 1
                    escaped = true
                }
                if collecting { value.append(bytes[index]) }
                index += 1
            }
            let run = escaped ? nil : valueStart..<index
            while index < bytes.count, bytes[index] != 0x3B { index += 1 }
            return (index, run)
        }
        let valueStart = index
        while index < bytes.count, bytes[index] != 0x3B { index += 1 }
        var valueEnd = index
        while valueEnd > valueStart, Bytes.isSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        if collecting { value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])) }
        return (index, valueStart..<valueEnd)
    }
}

/// A parsed `Content-Type` value: `type/subtype` lower-cased, and its parameters (names lower-cased,
/// quoted values unquoted). Unparseable values give `text/plain`, the RFC 2045 default.
struct ContentType: Sendable, Hashable {
    /// `type/subtype`, lower-case.
    let mediaType: String
    /// The parameters in order, names lower-case.
    let parameters: [(name: String, value: String)]

    static func == (lhs: ContentType, rhs: ContentType) -> Bool {
        lhs.mediaType == rhs.mediaType && lhs.parameters.elementsEqual(rhs.parameters, by: { $0 == $1 })
    }

    func hash(into hasher: inout Hasher) { hasher.combine(mediaType) }

    /// The RFC 2045 default: `text/plain; charset=us-ascii`.
    static let plainText = ContentType(mediaType: "text/plain", parameters: [])

    private init(mediaType: String, parameters: [(name: String, value: String)]) {
        self.mediaType = mediaType
        self.parameters = parameters
    }

    /// The value of parameter `name` (lower-case), if present.
    func parameter(_ name: String) -> String? {
        parameters.first(where: { $0.name == name })?.value
    }

    /// Whether the type is `multipart/*`.
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// Whether the type is `text/*`.
    var isText: Bool { mediaType.hasPrefix("text/") }

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
        var scratch = [UInt8]()
        scratch.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count, bytes[index] != 0x3B {
            let byte = bytes[index]
            if !Bytes.isSpace(byte) && byte != 0x22 { scratch.append(Bytes.lower(byte)) }
            index += 1
        }
        let type = String(decoding: scratch, as: UTF8.self)
        let hasSlash = isASCII ? scratch.contains(0x2F) : type.contains("/")
        mediaType = hasSlash ? type : "text/plain"
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
            // RFC 2231 split parameters (`boundary*0=`) are joined under the plain name.
            let isSplit = scratch.contains(0x2A)
            var key: String
            if isASCII {
                key = String(decoding: scratch.prefix { $0 != 0x2A }, as: UTF8.self)
            } else {
                key = String(decoding: scratch, as: UTF8.self)
                if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
            }
            index += 1
            while index < bytes.count, Bytes.isSpace(bytes[index]) { index += 1 }
            scratch.removeAll(keepingCapacity: true)
            if index < bytes.count, bytes[index] == 0x22 {
                index += 1
                while index < bytes.count, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C, index + 1 < bytes.count { index += 1 }
                    scratch.append(bytes[index])
                    index += 1
                }
                while index < bytes.count, bytes[index] != 0x3B { index += 1 }
            } else {
                while index < bytes.count, bytes[index] != 0x3B {
                    scratch.append(bytes[index])
                    index += 1
                }
                while let last = scratch.last, Bytes.isSpace(last) { scratch.removeLast() }
            }
            let text = String(decoding: scratch, as: UTF8.self)
            if let existing = parameters.firstIndex(where: { $0.name == key }), isSplit {
                parameters[existing].value += text
            } else {
                parameters.append((key, text))
            }
        }
        self.parameters = parameters
    }
}

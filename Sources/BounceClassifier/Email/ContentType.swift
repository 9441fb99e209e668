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
        let bytes = Array(value.utf8)
        var index = 0
        var typeBytes = [UInt8]()
        while index < bytes.count, bytes[index] != 0x3B {
            let byte = bytes[index]
            if !Bytes.isSpace(byte) && byte != 0x22 { typeBytes.append(Bytes.lower(byte)) }
            index += 1
        }
        let type = String(decoding: typeBytes, as: UTF8.self)
        mediaType = type.contains("/") ? type : "text/plain"
        var parameters: [(name: String, value: String)] = []
        while index < bytes.count {
            index += 1  // the ';'
            while index < bytes.count, Bytes.isSpace(bytes[index]) || bytes[index] == 0x3B { index += 1 }
            var name = [UInt8]()
            while index < bytes.count, bytes[index] != 0x3D, bytes[index] != 0x3B {
                if !Bytes.isSpace(bytes[index]) { name.append(Bytes.lower(bytes[index])) }
                index += 1
            }
            guard index < bytes.count, bytes[index] == 0x3D else { continue }
            index += 1
            while index < bytes.count, Bytes.isSpace(bytes[index]) { index += 1 }
            var parameterValue = [UInt8]()
            if index < bytes.count, bytes[index] == 0x22 {
                index += 1
                while index < bytes.count, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C, index + 1 < bytes.count { index += 1 }
                    parameterValue.append(bytes[index])
                    index += 1
                }
                while index < bytes.count, bytes[index] != 0x3B { index += 1 }
            } else {
                while index < bytes.count, bytes[index] != 0x3B {
                    parameterValue.append(bytes[index])
                    index += 1
                }
                while let last = parameterValue.last, Bytes.isSpace(last) { parameterValue.removeLast() }
            }
            // RFC 2231 split parameters (`boundary*0=`) are joined under the plain name.
            var key = String(decoding: name, as: UTF8.self)
            if let star = key.firstIndex(of: "*") { key = String(key[..<star]) }
            let text = String(decoding: parameterValue, as: UTF8.self)
            if let existing = parameters.firstIndex(where: { $0.name == key }), name.contains(0x2A) {
                parameters[existing].value += text
            } else {
                parameters.append((key, text))
            }
        }
        self.parameters = parameters
    }
}

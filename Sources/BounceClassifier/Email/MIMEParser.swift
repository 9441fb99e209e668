#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits an RFC 5322 message into its MIME leaves, depth first and in order.
///
/// Nested multiparts are followed up to ``ClassifierLimits/maximumMIMEDepth``; deeper containers are kept as
/// opaque leaves. Attached messages (`message/rfc822`) are not descended into: only their headers are read.
/// A multipart whose boundary never occurs is kept as a text leaf, and a missing closing boundary ends the
/// last part at the end of the input, so truncated mail still yields its text. Each level is one linear scan.
struct MIMEParser {
    /// The most leaves kept from one message.
    static let maximumParts = 2_000

    let maximumDepth: Int
    private(set) var parts: [MIMEPart] = []
    /// The parsed `Content-Type` of the whole message (``ContentType/plainText`` when it has none).
    private(set) var messageContentType = ContentType.plainText

    init(maximumDepth: Int) {
        self.maximumDepth = maximumDepth
    }

    /// Parses `bytes` as a whole message.
    /// - Returns: the top-level headers.
    mutating func parseMessage(_ bytes: [UInt8]) -> HeaderFields {
        let (headers, body) = HeaderFields.parse(bytes, from: 0, to: bytes.count)
        parts.reserveCapacity(8)
        walk(headers: headers, body: body..<bytes.count, path: "0", depth: 0, insideMessage: false)
        return headers
    }

    private mutating func walk(headers: HeaderFields, body: Range<Int>, path: String, depth: Int, insideMessage: Bool) {
        guard parts.count < Self.maximumParts else { return }
        let contentType = ContentType(in: headers)
        if depth == 0 { messageContentType = contentType }
        let bytes = headers.bytes
        if contentType.isMultipart, depth < maximumDepth, let boundary = contentType.parameter("boundary"),
            !boundary.isEmpty
        {
            let ranges = Self.split(bytes, body, boundary: Array(boundary.utf8))
            if !ranges.isEmpty {
                for (offset, range) in ranges.enumerated() {
                    let (partHeaders, partBody) = HeaderFields.parse(
                        bytes, from: range.lowerBound, to: range.upperBound)
                    let childPath = path == "0" ? "\(offset + 1)" : "\(path).\(offset + 1)"
                    walk(
                        headers: partHeaders, body: partBody..<range.upperBound, path: childPath, depth: depth + 1,
                        insideMessage: insideMessage)
                }
                return
            }
        }
        let leafType = contentType.isMultipart ? ContentType.plainText : contentType
        var attached: HeaderFields?
        switch leafType.mediaType {
        case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers",
            "message/global-headers":
            let encoding = headers.value("Content-Transfer-Encoding")?.lowercased()
            if encoding == "base64" || encoding == "quoted-printable" {
                let decoded = TransferEncoding.decode(bytes, body, encoding: encoding)
                attached =
                    HeaderFields.parse(
                        decoded, from: Self.skipBlankLines(decoded, 0..<decoded.count), to: decoded.count
                    ).0
            } else {
                attached = HeaderFields.parse(bytes, from: Self.skipBlankLines(bytes, body), to: body.upperBound).0
            }
        default:
            break
        }
        parts.append(
            MIMEPart(
                path: path, headers: headers, body: body, contentType: leafType,
                insideAttachedMessage: insideMessage, attachedHeaders: attached))
    }

    /// The first index in `range` that does not start an empty line.
    static func skipBlankLines(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        var index = range.lowerBound
        while index < range.upperBound {
            let (contentEnd, next) = Bytes.line(in: bytes, from: index, end: range.upperBound)
            var probe = index
            while probe < contentEnd, Bytes.isBlank(bytes[probe]) { probe += 1 }
            if probe < contentEnd { return index }
            index = next
        }
        return index
    }

    /// Whether the line at `lineStart` (which starts with `--`) is a `--boundary` delimiter: if so, whether it is
    /// the closing one (`--boundary--`) and where the next line starts.
    private static func delimiter(
        _ bytes: UnsafeBufferPointer<UInt8>, at lineStart: Int, end: Int, boundary: UnsafeBufferPointer<UInt8>
    ) -> (closing: Bool, next: Int)? {
        let (contentEnd, next) = ByteSearch.line(in: bytes, from: lineStart, end: end)
        guard contentEnd - lineStart >= boundary.count + 2, let base = bytes.baseAddress else { return nil }
        // In bounds: the line holds `--` and at least the boundary's length after it.
        if let boundaryBase = boundary.baseAddress, memcmp(base + lineStart + 2, boundaryBase, boundary.count) != 0 {
            return nil
        }
        let after = lineStart + 2 + boundary.count
        let closing = contentEnd - after >= 2 && bytes[after] == 0x2D && bytes[after + 1] == 0x2D
        if !closing {
            var probe = after
            while probe < contentEnd, Bytes.isBlank(bytes[probe]) { probe += 1 }
            if probe < contentEnd { return nil }  // a longer boundary that merely starts with this one
        }
        return (closing, next)
    }

    /// The ranges of the parts between `--boundary` lines in `range` (preamble and epilogue dropped).
    static func split(_ bytes: [UInt8], _ range: Range<Int>, boundary: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { buffer in
            boundary.withUnsafeBufferPointer { split(buffer, range, boundary: $0) }
        }
    }

    /// ``split(_:_:boundary:)`` over a buffer: only lines starting with `--` are compared with the boundary, and
    /// the lines starting with `-` are found sixteen bytes at a time, without reading the others' ends.
    private static func split(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, boundary: UnsafeBufferPointer<UInt8>
    ) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(4)
        var partStart: Int?
        var lineStart = range.lowerBound
        let end = range.upperBound
        while lineStart < end {
            if lineStart + 1 < end, bytes[lineStart] == 0x2D, bytes[lineStart + 1] == 0x2D,
                let (closing, next) = delimiter(bytes, at: lineStart, end: end, boundary: boundary)
            {
                if let start = partStart {
                    // The line break before a delimiter belongs to the delimiter.
                    var partEnd = lineStart
                    if partEnd > start, bytes[partEnd - 1] == 0x0A { partEnd -= 1 }
                    if partEnd > start, bytes[partEnd - 1] == 0x0D { partEnd -= 1 }
                    ranges.append(start..<max(start, partEnd))
                    if ranges.count >= maximumParts { return ranges }
                }
                if closing { return ranges }
                partStart = next
            }
            // Only lines starting with `-` can be delimiters: the next one starts after a line feed followed by `-`.
            let newline = ByteSearch.index(of: 0x0A, followedBy: 0x2D, in: bytes, from: lineStart, to: end)
            lineStart = newline < end ? newline + 1 : end
        }
        if let start = partStart, start < end { ranges.append(start..<end) }
        return ranges
    }
}

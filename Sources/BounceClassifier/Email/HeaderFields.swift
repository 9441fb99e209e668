/// The header fields of one message or MIME part: names and value ranges into the bytes they were read from.
///
/// Parsing records ranges only; a value becomes a `String` when a reader asks for it (unfolded, RFC 2047
/// encoded-words decoded). Lines without a colon are skipped, so a leading mbox `From ` line or stray text does
/// not stop the parse.
struct HeaderFields: Sendable {
    /// One field: its name and the raw value (after the colon, folded lines included).
    struct Field: Sendable {
        /// The name as written.
        let name: Range<Int>
        /// The raw value, possibly spanning folded lines.
        var value: Range<Int>
    }

    /// The bytes the ranges point into.
    let bytes: [UInt8]
    /// The fields in order.
    private(set) var fields: [Field] = []

    /// Headers with no fields.
    init() {
        bytes = []
    }

    /// Parses the header block that starts at `start` and ends at the first empty line (or `end`).
    /// - Returns: the fields and the index where the body starts.
    static func parse(_ bytes: [UInt8], from start: Int, to end: Int, maximumFields: Int = 1_000) -> (
        HeaderFields, body: Int
    ) {
        var headers = HeaderFields(bytes: bytes)
        let body = bytes.withUnsafeBufferPointer { headers.parseFields($0, from: start, to: end, maximumFields) }
        return (headers, body)
    }

    /// Reads the fields of the block at `start` into ``fields``; returns where the body starts.
    private mutating func parseFields(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ maximumFields: Int
    ) -> Int {
        var index = start
        var lastWasField = false
        while index < end {
            let (contentEnd, next) = ByteSearch.line(in: bytes, from: index, end: end)
            if contentEnd == index {
                // An empty line ends the header block.
                return next
            }
            if Bytes.isBlank(bytes[index]) {
                if lastWasField, let lastIndex = fields.indices.last {
                    fields[lastIndex].value = fields[lastIndex].value.lowerBound..<contentEnd
                }
                index = next
                continue
            }
            // The name runs to the first colon, space or tab.
            var colon = ByteSearch.index(of: 0x3A, 0x20, 0x09, in: bytes, from: index, to: contentEnd)
            var nameEnd = colon
            while colon < contentEnd, Bytes.isBlank(bytes[colon]) { colon += 1 }
            if colon < contentEnd, bytes[colon] == 0x3A, nameEnd > index, fields.count < maximumFields {
                while nameEnd > index, Bytes.isBlank(bytes[nameEnd - 1]) { nameEnd -= 1 }
                // Room for one field per 32 bytes of what remains, between 16 and 64 fields: a message's own
                // header block (often 20 to 60 fields) then rarely grows its array again.
                if fields.isEmpty { fields.reserveCapacity(min(64, max(16, (end - index) / 32))) }
                fields.append(Field(name: index..<nameEnd, value: (colon + 1)..<contentEnd))
                lastWasField = true
            } else {
                lastWasField = false
            }
            index = next
        }
        return end
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether the block has no fields.
    var isEmpty: Bool { fields.isEmpty }

    /// Whether `field`'s name is `name` (lower-case), ignoring case.
    @inline(__always) func field(_ field: Field, isNamed name: [UInt8]) -> Bool {
        field.name.count == name.count
            && Bytes.hasPrefix(bytes, at: field.name.lowerBound, end: field.name.upperBound, name)
    }

    /// The raw value range of the first field named `name` (lower-case).
    func firstRange(_ name: [UInt8]) -> Range<Int>? {
        for field in fields where self.field(field, isNamed: name) { return field.value }
        return nil
    }

    /// Whether `field`'s name is `name`, ignoring ASCII case, without copying `name`.
    @inline(__always) private func field(_ field: Field, isNamedIgnoringCase name: String.UTF8View) -> Bool {
        guard field.name.count == name.count else { return false }
        var index = field.name.lowerBound
        for byte in name {
            if Bytes.lower(bytes[index]) != Bytes.lower(byte) { return false }
            index += 1
        }
        return true
    }

    /// The raw value range of the first field named `name` (any case).
    private func firstRange(named name: String) -> Range<Int>? {
        var name = name
        return name.withUTF8 { key in
            bytes.withUnsafeBufferPointer { bytes in
                for field in fields where field.name.count == key.count {
                    var index = field.name.lowerBound
                    var matches = true
                    for byte in key {
                        if Bytes.lower(bytes[index]) != Bytes.lower(byte) {
                            matches = false
                            break
                        }
                        index += 1
                    }
                    if matches { return field.value }
                }
                return nil
            }
        }
    }

    /// The raw value range of the first field of each of `names` (lower-case), read in one pass over the fields.
    func firstRanges(_ names: [[UInt8]]) -> [Range<Int>?] {
        var ranges = [Range<Int>?](repeating: nil, count: names.count)
        var missing = names.count
        // The lengths of the names (one bit per length below 64; longer names set bit 63): a field whose name
        // has none of them is passed over without comparing.
        var lengths: UInt64 = 0
        for name in names { lengths |= 1 << UInt64(min(name.count, 63)) }
        for field in fields where missing > 0 && lengths & (1 << UInt64(min(field.name.count, 63))) != 0 {
            for (index, name) in names.enumerated() where ranges[index] == nil && self.field(field, isNamed: name) {
                ranges[index] = field.value
                missing -= 1
            }
        }
        return ranges
    }

    /// Whether a field named `name` (case-insensitive) is present.
    func contains(_ name: String) -> Bool { firstRange(named: name) != nil }

    /// The unfolded, decoded, trimmed value of the first field named `name` (case-insensitive).
    func value(_ name: String) -> String? {
        firstRange(named: name).map(text(of:))
    }

    /// The values of every field named `name`, in order.
    func values(_ name: String) -> [String] {
        let key = name.utf8
        var found: [String] = []
        for field in fields where self.field(field, isNamedIgnoringCase: key) { found.append(text(of: field.value)) }
        return found
    }

    /// The UTF-8 of ``text(of:)`` when that is the value's bytes with its line breaks dropped and tabs made
    /// spaces (a value of ASCII without encoded-words), else `nil`.
    func unfoldedASCII(of range: Range<Int>) -> [UInt8]? {
        let trimmed = Bytes.trimmed(bytes, range)
        return bytes.withUnsafeBufferPointer { bytes -> [UInt8]? in
            var isASCII = true
            let unfolded = [UInt8](unsafeUninitializedCapacity: trimmed.count) { out, count in
                count = 0
                for index in trimmed {
                    let byte = bytes[index]
                    if byte >= 0x80 || (byte == 0x3F && index > trimmed.lowerBound && bytes[index - 1] == 0x3D) {
                        isASCII = false
                        return
                    }
                    if byte == 0x0D || byte == 0x0A { continue }
                    out[count] = byte == 0x09 ? 0x20 : byte
                    count += 1
                }
            }
            return isASCII ? unfolded : nil
        }
    }

    /// A value range as text: folded lines joined, encoded-words decoded, ends trimmed.
    func text(of range: Range<Int>) -> String {
        let trimmed = Bytes.trimmed(bytes, range)
        if bytes.withUnsafeBufferPointer({ ByteSearch.isPlainASCIILine($0, trimmed) }) {
            return String(decoding: bytes[trimmed], as: UTF8.self)
        }
        var unfolded = [UInt8]()
        unfolded.reserveCapacity(trimmed.count)
        var hasEncodedWord = false
        for index in trimmed {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A { continue }
            if byte == 0x3F, index > trimmed.lowerBound, bytes[index - 1] == 0x3D { hasEncodedWord = true }
            unfolded.append(byte == 0x09 ? 0x20 : byte)
        }
        if hasEncodedWord { return EncodedWords.decode(unfolded) }
        return Charset.decode(unfolded[...], charset: nil)
    }
}

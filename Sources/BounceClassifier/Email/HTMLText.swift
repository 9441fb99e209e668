/// Reduces HTML to its text for bounce reading: tags removed (block tags become line breaks), the few entities
/// bounces use decoded, `<style>`/`<script>` contents dropped. One linear pass; unbalanced markup cannot hurt it.
enum HTMLText {
    private static let lineBreakTags: [[UInt8]] = [
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "table", "/p", "/div", "/tr", "/td", "td",
    ].map { Array($0.utf8) }
    /// Each value is shorter than its name with `&` and `;`: ``text(_:)`` writes into a buffer of the HTML's size.
    private static let entities: [(name: [UInt8], value: [UInt8])] = [
        ("lt", "<"), ("gt", ">"), ("amp", "&"), ("quot", "\""), ("nbsp", " "), ("#39", "'"), ("apos", "'"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    private static let style = Array("style".utf8)
    private static let script = Array("script".utf8)
    private static let closingStyle = Array("</style".utf8)
    private static let closingScript = Array("</script".utf8)

    /// The text of `html`. The text is never longer than the HTML (a tag gives at most a line break, an entity
    /// fewer bytes than its name), so it is written into a buffer of the HTML's size.
    static func text(_ html: [UInt8]) -> [UInt8] {
        html.withUnsafeBufferPointer { buffer in
            [UInt8](unsafeUninitializedCapacity: buffer.count) { out, count in
                count = 0
                var index = 0
                while index < buffer.count {
                    let byte = buffer[index]
                    if byte == 0x3C {
                        index = tag(at: index, in: html, buffer, out, &count)
                        continue
                    }
                    if byte == 0x26, let after = entity(at: index, in: buffer, out, &count) {
                        index = after
                        continue
                    }
                    out[count] = byte == 0x0D || byte == 0x0A ? 0x20 : byte
                    count += 1
                    index += 1
                }
            }
        }
    }

    /// Reads the tag at `index` (a `<`): writes a line break for a block tag, skips a style or script element to
    /// its end, and returns the index after the tag.
    private static func tag(
        at index: Int, in html: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutableBufferPointer<UInt8>,
        _ count: inout Int
    ) -> Int {
        var end = index + 1
        while end < buffer.count, buffer[end] != 0x3E { end += 1 }
        let nameStart = index + 1
        // A name is only compared with the names that start with its first letter.
        let first = nameStart < end ? Bytes.lower(buffer[nameStart]) : 0
        let isStyle = first == style[0] && Bytes.hasPrefix(html, at: nameStart, end: end, style)
        if isStyle || first == script[0] && Bytes.hasPrefix(html, at: nameStart, end: end, script) {
            end = Bytes.find(isStyle ? closingStyle : closingScript, in: html, end..<html.count) ?? html.count
            while end < buffer.count, buffer[end] != 0x3E { end += 1 }
        } else if lineBreakTags.contains(where: { tag in
            tag[0] == first && Bytes.hasPrefix(html, at: nameStart, end: end, tag)
                && (nameStart + tag.count >= end || !Bytes.isLetter(buffer[nameStart + tag.count]))
        }) {
            out[count] = 0x0A
            count += 1
        }
        return end + 1
    }

    /// Writes the entity at `index` (a `&`) decoded and returns the index after it, or returns `nil` when no known
    /// entity is there.
    private static func entity(
        at index: Int, in buffer: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutableBufferPointer<UInt8>,
        _ count: inout Int
    ) -> Int? {
        for entity in entities where index + 1 + entity.name.count <= buffer.count {
            let matches = entity.name.withUnsafeBufferPointer { Bytes.hasPrefix(buffer, at: index + 1, $0) }
            let after = index + 1 + entity.name.count
            if matches, after < buffer.count, buffer[after] == 0x3B {
                for value in entity.value {
                    out[count] = value
                    count += 1
                }
                return after + 1
            }
        }
        return nil
    }
}

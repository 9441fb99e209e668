/// Reduces HTML to its text for bounce reading: tags removed (block tags become line breaks), the few entities
/// bounces use decoded, `<style>`/`<script>` contents dropped. One linear pass; unbalanced markup cannot hurt it.
enum HTMLText {
    private static let lineBreakTags: [[UInt8]] = [
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "table", "/p", "/div", "/tr", "/td", "td",
    ].map { Array($0.utf8) }
    private static let entities: [(name: [UInt8], value: [UInt8])] = [
        ("lt", "<"), ("gt", ">"), ("amp", "&"), ("quot", "\""), ("nbsp", " "), ("#39", "'"), ("apos", "'"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    private static let style = Array("style".utf8)
    private static let script = Array("script".utf8)
    private static let closingStyle = Array("</style".utf8)
    private static let closingScript = Array("</script".utf8)

    /// The text of `html`.
    static func text(_ html: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(html.count)
        var index = 0
        while index < html.count {
            // Runs of plain bytes are copied at once.
            var plainEnd = index
            while plainEnd < html.count {
                let byte = html[plainEnd]
                if byte == 0x3C || byte == 0x26 || byte == 0x0D || byte == 0x0A { break }
                plainEnd += 1
            }
            if plainEnd > index {
                out.append(contentsOf: html[index..<plainEnd])
                index = plainEnd
                continue
            }
            let byte = html[index]
            if byte == 0x3C {
                var end = index + 1
                while end < html.count, html[end] != 0x3E { end += 1 }
                let nameStart = index + 1
                let isStyle = Bytes.hasPrefix(html, at: nameStart, end: end, style)
                if isStyle || Bytes.hasPrefix(html, at: nameStart, end: end, script) {
                    end = Bytes.find(isStyle ? closingStyle : closingScript, in: html, end..<html.count) ?? html.count
                    while end < html.count, html[end] != 0x3E { end += 1 }
                } else if lineBreakTags.contains(where: { tag in
                    Bytes.hasPrefix(html, at: nameStart, end: end, tag)
                        && (nameStart + tag.count >= end || !Bytes.isLetter(html[nameStart + tag.count]))
                }) {
                    out.append(0x0A)
                }
                index = end + 1
                continue
            }
            if byte == 0x26 {
                var matched = false
                for entity in entities where Bytes.hasPrefix(html, at: index + 1, end: html.count, entity.name) {
                    let after = index + 1 + entity.name.count
                    if after < html.count, html[after] == 0x3B {
                        out.append(contentsOf: entity.value)
                        index = after + 1
                        matched = true
                        break
                    }
                }
                if matched { continue }
            }
            out.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte)
            index += 1
        }
        return out
    }
}

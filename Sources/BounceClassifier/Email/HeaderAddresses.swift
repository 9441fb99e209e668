extension HeaderFields {
    /// The addresses in every field named one of `names` (lower-case), lower-cased, in the order of `names` and
    /// then of the fields: what `names.flatMap(values).flatMap(AddressScanner.all(in:))` gives. A value that is
    /// plain ASCII on one line (which ``text(of:)`` leaves as it is) is scanned in place, without a `String`.
    func addresses(in names: [[UInt8]]) -> [String] {
        var found: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            for name in names {
                for field in fields where self.field(field, isNamed: name) {
                    let trimmed = Bytes.trimmed(bytes, field.value)
                    if ByteSearch.isPlainASCIILine(buffer, trimmed) {
                        AddressScanner.appendAll(in: buffer, trimmed, to: &found)
                    } else {
                        found.append(contentsOf: AddressScanner.all(in: text(of: field.value)))
                    }
                }
            }
        }
        return found
    }
}

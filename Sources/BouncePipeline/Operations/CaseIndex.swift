/// The position of `value`'s case in declaration order, which is the order of a synthesized `allCases`.
///
/// Read from the value itself: Swift lays out an enum without payloads and with fewer than 257 cases as one
/// byte holding its case's index in declaration order. The worker's hot paths key tables with it because the
/// `Hashable` conformance of an enum backed by `String` raw values hashes the raw value's characters.
/// `CaseIndexTests` checks the layout for every enum the worker keys this way.
@inline(__always)
func caseIndex<Value: CaseIterable>(of value: Value) -> Int {
    assert(MemoryLayout<Value>.size == 1, "\(Value.self) is not laid out as a one-byte case index")
    return withUnsafeBytes(of: value) { Int($0[0]) }
}

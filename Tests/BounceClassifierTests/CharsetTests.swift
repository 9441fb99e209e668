import Testing

@testable import BounceClassifier

/// ``Charset/isValidUTF8(_:)`` against the standard library's validation.
@Suite struct CharsetTests {
    @Test func validUTF8MatchesTheStandardLibrary() {
        let pieces: [[UInt8]] = [
            Array("plain ascii text ".utf8), Array("é".utf8), Array("€".utf8), Array("𝄞".utf8), [0xC0, 0x80],
            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFF], [0xF0, 0x9F, 0x98],
        ]
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<next(10) { bytes += pieces[next(pieces.count)] }
            let slice = bytes[next(bytes.count + 1)...]
            #expect(Charset.isValidUTF8(slice) == (String(validating: slice, as: UTF8.self) != nil), "\(Array(slice))")
        }
    }
}

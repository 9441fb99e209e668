import BounceClassifier
import Testing

/// `JSONOutput.string(hexadecimal:)`: 16 lower-case digits, zero-padded, as `String(value, radix: 16)` spells them.
@Suite struct JSONOutputHexadecimalTests {
    @Test(arguments: [0, 0xAB, 0x0123_4567_89AB_CDEF, UInt64.max])
    func writesSixteenDigits(value: UInt64) {
        var json = JSONOutput()
        json.beginArray()
        json.string(hexadecimal: value)
        json.string(hexadecimal: value)
        json.endArray()
        let digits = String(value, radix: 16)
        let padded = String(repeating: "0", count: 16 - digits.count) + digits
        #expect(json.text == "[\"\(padded)\",\"\(padded)\"]")
    }
}

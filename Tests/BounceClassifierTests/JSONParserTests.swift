import BounceClassifier
import TestSupport
import Testing

@Suite struct JSONParserTests {
    let parser = JSONParser()

    func parse(_ text: String) throws(ClassificationError) -> JSONValue {
        try parser.parse(Array(text.utf8))
    }

    func error(_ bytes: [UInt8], parser: JSONParser = JSONParser()) -> ClassificationError? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesNestedValuesInOrder() throws {
        let value = try parse(#" { "a" : [1, 2, {"b": null}], "c": true, "d": false, "e": "x" } "#)
        let object = try #require(value.objectValue)
        #expect(object.members.map(\.key) == ["a", "c", "d", "e"])
        #expect(value["c"] == .bool(true))
        #expect(value["d"] == .bool(false))
        #expect(value["e"] == .string("x"))
        let array = try #require(value["a"]?.arrayValue)
        #expect(array.count == 3)
        #expect(array[2]["b"] == .null)
        #expect(value["missing"] == nil)
    }

    @Test func parsesTopLevelScalarsAndEmptyContainers() throws {
        #expect(try parse("\"x\"") == .string("x"))
        #expect(try parse(" null ") == .null)
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object(JSONObject()))
        #expect(try parse("[[],{}]") == .array([.array([]), .object(JSONObject())]))
    }

    @Test func lastDuplicateKeyWins() throws {
        #expect(try parse(#"{"a": 1, "a": 2}"#)["a"] == .number(JSONNumber(2)))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u00e9\u20AC\ud83d\ude00 plain""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\té€😀 plain"))
        #expect(try parse("\"é€😀\"") == .string("é€😀"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func keepsNumberText() throws {
        let cases: [(String, Int?)] = [
            ("0", 0), ("-0", 0), ("550", 550), ("-12", -12), ("1.5e10", nil), ("-1E-5", nil), ("2.50", nil),
            ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
            ("9223372036854775808", nil), ("123456789012345678901234567890", nil), ("1e400", nil),
        ]
        for (text, integer) in cases {
            guard case .number(let number) = try parse(text) else {
                Issue.record("\(text) is not a number")
                continue
            }
            #expect(number.text == text)
            #expect(number.integer == integer, "\(text)")
        }
        guard case .number(let huge) = try parse("1e400") else { return }
        #expect(huge.double == .infinity)
        guard case .number(let float) = try parse("5.5e2") else { return }
        #expect(float.integralValue == 550)
    }

    @Test(arguments: [
        "", " ", "{", "[", "[1,]", #"{"a":1,}"#, "01", "1.", "-", ".5", "+1", "1e", "1e+", "tru", "nul", "falsy",
        "\"abc", #""\x""#, #""\u12""#, #""\u12G4""#, #""\ud800""#, #""\ud800\u0041""#, #""\udc00""#, "[1 2]",
        #"{"a" 1}"#, "{1:2}", "[1]x", "NaN", "Infinity", "'a'", "\"a\u{01}b\"", "\"tab\there\"", #"{"a":}"#, "]",
        "[1}", #"{"a":1]"#,
    ])
    func rejectsInvalidJSON(_ text: String) {
        let error = error(Array(text.utf8))
        #expect(error?.kind == .malformedJSON, "\(text)")
        #expect(error?.location?.hasPrefix("byte ") == true)
        #expect(error?.message.hasPrefix("expected") == true)
    }

    @Test func reportsTheByteOffset() {
        let error = error(Array(#"{"a" 1}"#.utf8))
        #expect(error == ClassificationError(.malformedJSON, "expected ':' after an object key", at: "byte 5"))
    }

    @Test(
        arguments: [
            [0x22, 0xC3, 0x28, 0x22],  // bad continuation
            [0x22, 0xC0, 0xAF, 0x22],  // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // beyond U+10FFFF
            [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
            [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape
            [0x22, 0x80, 0x22],  // lone continuation byte
        ] as [[UInt8]])
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        let error = error(bytes)
        #expect(error?.kind == .malformedJSON)
        #expect(error?.message == "expected UTF-8 text in a string")
    }

    @Test func deepNestingIsTooDeepWithoutCrashing() {
        let deep = [UInt8](repeating: 0x5B, count: 10_000) + [UInt8](repeating: 0x5D, count: 10_000)
        #expect(error(deep)?.kind == .tooDeep)
        let objects = Array(String(repeating: #"{"a":"#, count: 10_000).utf8)
        #expect(error(objects)?.kind == .tooDeep)
        #expect(error(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)) == nil)
        #expect(
            error(Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8))?.kind == .tooDeep
        )
    }

    @Test func deepNestingWithinARaisedLimitParsesIteratively() throws {
        let parser = JSONParser(limits: ClassifierLimits(maximumJSONDepth: 20_000))
        let deep = [UInt8](repeating: 0x5B, count: 10_000) + [UInt8](repeating: 0x5D, count: 10_000)
        var value = try parser.parse(deep)
        var depth = 0
        while case .array(let elements) = value, let first = elements.first {
            depth += 1
            value = first
        }
        #expect(depth == 9_999)
    }

    @Test func everyTruncationFailsCleanly() {
        let document = Array(
            #"{"id": "e-1", "n": [1, -2.5e3, true, false, null], "s": "a\"\u00e9\ud83d\ude00", "o": {"k": {}}}"#.utf8)
        #expect(error(document) == nil)
        for length in 0..<document.count {
            let error = error(Array(document[..<length]))
            #expect(error?.kind == .malformedJSON, "prefix of \(length) bytes")
        }
    }

    @Test func randomBytesNeverCrash() {
        var random = SeededGenerator(seed: 0x5EED_2024)
        let alphabet = Array(#"{}[]:,"\u0123456789-+.eEtruefalsnl abc"#.utf8) + [0x0A, 0xC3, 0xA9, 0xFF, 0xED, 0x00]
        var accepted = 0
        for _ in 0..<4_000 {
            let length = Int.random(in: 0..<48, using: &random)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &random)
                    ? alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                    : UInt8.random(in: 0...255, using: &random)
            }
            if let error = error(bytes) {
                #expect(error.kind == .malformedJSON || error.kind == .tooDeep)
            } else {
                accepted += 1
            }
        }
        #expect(accepted < 4_000)
    }
}

extension JSONParserTests {
    @Test func siblingContainersDoNotShareMembers() throws {
        let value = try parse(#"[{"a": 1}, {"b": 2}, [3], [4, {"c": [5, {"d": 6}]}], {"e": {}}]"#)
        let array = try #require(value.arrayValue)
        #expect(array[0].objectValue?.members.map(\.key) == ["a"])
        #expect(array[1].objectValue?.members.map(\.key) == ["b"])
        #expect(array[2] == .array([.number(JSONNumber(3))]))
        #expect(array[3].arrayValue?.count == 2)
        #expect(array[3].arrayValue?[1]["c"]?.arrayValue?[1]["d"] == .number(JSONNumber(6)))
        #expect(array[4].objectValue?.members.map(\.key) == ["e"])
    }
}

extension JSONParserTests {
    /// The string scanner tests 8 bytes at a time: put each kind of special byte at every offset.
    @Test func specialBytesAtEveryOffset() throws {
        for offset in 0..<24 {
            let prefix = String(repeating: "a", count: offset)
            let suffix = String(repeating: "b", count: 24 - offset)
            #expect(try parse("\"\(prefix)\\n\(suffix)\"") == .string(prefix + "\n" + suffix))
            #expect(try parse("\"\(prefix)é\(suffix)\"") == .string(prefix + "é" + suffix))
            #expect(try parse("\"\(prefix)\"") == .string(prefix))
            #expect(error(Array("\"\(prefix)\u{1}\(suffix)\"".utf8))?.location == "byte \(offset + 1)")
            #expect(error(Array("\"\(prefix)".utf8) + [0xFF] + Array("\(suffix)\"".utf8))?.kind == .malformedJSON)
        }
    }
}

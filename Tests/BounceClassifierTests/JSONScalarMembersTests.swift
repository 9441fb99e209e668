import BounceClassifier
import Testing

/// `JSONParser.forEachScalarMember(in:_:)` against the tree parser: the same members for flat objects, and a
/// refusal for every other text.
@Suite struct JSONScalarMembersTests {
    let parser = JSONParser()

    /// The members read in one pass, or `nil` when the reader refused the text.
    func members(_ text: String) -> [JSONMember]? {
        var members: [JSONMember] = []
        let read = parser.forEachScalarMember(in: Array(text.utf8)) { key, value in
            let json: JSONValue
            switch value {
            case .string(let string): json = .string(string)
            case .number(let number): json = .number(number)
            case .bool(let flag): json = .bool(flag)
            case .null: json = .null
            }
            members.append(JSONMember(key: String(decoding: key, as: UTF8.self), value: json))
        }
        return read ? members : nil
    }

    @Test(arguments: [
        #"{}"#,
        #" { } "#,
        #"{"a":"x","b":1,"c":-2.5e3,"d":true,"e":false,"f":null}"#,
        "\t{ \"a\" : \"caf\u{E9} \\\"q\\\" \\u00e9\\n\" ,\r\n \"b\" : 550 }\n",
        #"{"a":"first","a":"second"}"#,
    ])
    func readsFlatObjectsAsTheTreeParserDoes(text: String) throws {
        let tree = try parser.parse(Array(text.utf8))
        #expect(members(text) == tree.objectValue?.members)
    }

    @Test(arguments: [
        #"{"a":[1]}"#,  // nested values
        #"{"a":{"b":1}}"#,
        #"{"\u0061":1}"#,  // keys with escapes or non-ASCII bytes
        "{\"caf\u{E9}\":1}",
        #"[1,2]"#,  // not an object
        #""text""#,
        #"{"a":1} x"#,  // malformed
        #"{"a":1"#,
        #"{"a" 1}"#,
        #"{"a":tru}"#,
        #"{"a":"\ud800"}"#,
        #"{"a":1,}"#,
        "",
    ])
    func refusesEveryOtherText(text: String) {
        #expect(members(text) == nil)
    }
}

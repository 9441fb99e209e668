import BounceClassifier
import Foundation
import Testing

/// `JSONOutput`: escapes, numbers, and text longer than the room it was created with.
@Suite struct JSONOutputTests {
    @Test func escapesAndGrowsPastItsInitialRoom() throws {
        let long = String(repeating: "mailbox \"full\" \\ over quota\t", count: 40) + "\u{1}é✓"
        var json = JSONOutput(capacity: 16)
        json.beginObject()
        json.field("diagnostic", long)
        json.field("reply_code", 552)
        json.field("negative", Int.min)
        json.field("missing", nil as String?)
        json.field("flag", true)
        json.key("list")
        json.beginArray()
        json.string("")
        json.number(0)
        json.null()
        json.endArray()
        json.endObject()
        let bytes = json.bytes
        #expect(json.text == String(decoding: bytes, as: UTF8.self))
        #expect(json.finish() == bytes)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["diagnostic"] as? String == long)
        #expect(object["reply_code"] as? Int == 552)
        #expect(object["negative"] as? Int == Int.min)
        #expect(object["missing"] is NSNull)
        #expect(object["flag"] as? Bool == true)
        #expect((object["list"] as? [Any])?.count == 3)
        #expect(
            String(decoding: bytes.prefix(48), as: UTF8.self).hasPrefix(
                #"{"diagnostic":"mailbox \"full\" \\ over quota\t"#))
    }
}

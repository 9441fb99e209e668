import BounceClassifier
import BouncePipeline
import Foundation
import Testing

/// Classified records read back: the one-pass reader and the tree agree, whatever the record's shape.
struct RecordDecodingTests {
    /// The seed's sample events, classified.
    static func results() throws -> [BounceResult] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/seed-bounces.json")
        return try BounceClassifier().classify(Array(Data(contentsOf: url)))
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func decode(_ text: String) -> Result<ClassifiedEvent, RecordDecodingError> {
        Result { () throws(RecordDecodingError) in try RecordDecoding.classifiedEvent(Array(text.utf8)) }
    }

    @Test func readsBackWhatTheClassifyStageWrites() throws {
        let results = try Self.results()
        #expect(results.count == 6)
        for (index, result) in results.enumerated() {
            let time = Int64(1_795_166_043_000 + index)
            let record = OutputRecords.classifiedResult(result, occurredAtMilliseconds: time)
            #expect(JSONParser().forEachScalarMember(in: record) { _, _ in }, "read in one pass")
            let event = try RecordDecoding.classifiedEvent(record)
            #expect(event.result == result)
            #expect(event.eventID == result.eventID)
            #expect(event.occurredAtMilliseconds == time)
        }
    }

    @Test func recordsOfAnotherShapeReadAsTheirFlatForm() throws {
        let result = try #require(try Self.results().first)
        let record = text(OutputRecords.classifiedResult(result, occurredAtMilliseconds: 7))
        let plain = try decode(record).get()
        // An escaped key, a nested member and white space send the record through the tree: same event.
        let escaped = record.replacingOccurrences(of: #""recipient""#, with: #""recipi\u0065nt""#)
        let nested = record.replacingOccurrences(of: "{", with: #"{ "extra" : [1, {"a": 2}] , "#)
        #expect(escaped != record && nested != record)
        #expect(try decode(escaped).get() == plain)
        #expect(try decode(nested).get() == plain)
    }

    @Test func theLastDuplicateCountsAndWrongTypesReadAsAbsent() throws {
        let result = try #require(try Self.results().first)
        let record = text(OutputRecords.classifiedResult(result, occurredAtMilliseconds: 7))
        let duplicated = record.replacingOccurrences(
            of: "{", with: #"{"diagnostic":"earlier","occurred_at_ms":"soon","#)
        #expect(try decode(duplicated).get().result.diagnostic == result.diagnostic)
        let late = String(record.dropLast()) + #","diagnostic":"later","occurred_at_ms":"soon"}"#
        let event = try decode(late).get()
        #expect(event.result.diagnostic == "later")
        #expect(event.occurredAtMilliseconds == 0)
        let numberAsText = String(record.dropLast()) + #","diagnostic":5,"remote_mta":{"a":1}}"#
        #expect(try decode(numberAsText).get().result.diagnostic == "")
        #expect(try decode(numberAsText).get().result.remoteMTA == nil)
    }

    @Test(arguments: [
        (#"{"event_id":"e"}"#, "classified record: field recipient is missing or invalid"),
        (
            #"{"event_id":"e","recipient":"a@b","kind":"bounce","type":"hard","reason":"nonsense"}"#,
            "classified record: field reason is missing or invalid"
        ),
        (#"[1]"#, "expected a JSON object, found an array"),
        (#"{"event_id":"e""#, "not JSON: malformed_json at byte 15: expected ',' or '}' in an object"),
    ])
    func namesWhatIsWrong(record: String, message: String) {
        guard case .failure(let error) = decode(record) else {
            Issue.record("decoded \(record)")
            return
        }
        #expect(error.message == message)
    }
}

import Testing

@testable import BounceClassifier

/// ``ContentType``: a parameter read on its own from the value's bytes is the one the full parameter list has.
@Suite struct ContentTypeTests {
    @Test func parameterReadAloneMatchesTheList() {
        let pieces = [
            "multipart/report", "text/plain", ";", " ", "\t", "boundary", "BOUNDARY", "charset", "boundary*0",
            "boundary*1*", "=", "\"", "\\", "x y", "abc", "\"q;z\"", "utf-8", "report-type", "delivery-status", "*",
        ]
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            var value = ""
            for _ in 0..<next(16) { value += pieces[next(pieces.count)] }
            let type = ContentType(parsing: value)
            for name in ["boundary", "charset", "report-type", "x"] {
                #expect(
                    type.parameter(name) == type.parameters.first(where: { $0.name == name })?.value,
                    "\(value.debugDescription) \(name)")
            }
        }
    }

    @Test func splitAndQuotedParameters() {
        let type = ContentType(parsing: #"Multipart/Mixed; boundary*0="ab\"c"; charset=x ; boundary*1=d ;boundary=e"#)
        #expect(type.mediaType == "multipart/mixed")
        #expect(type.parameter("boundary") == "ab\"cd")
        #expect(type.parameter("charset") == "x")
        #expect(ContentType(parsing: "text").mediaType == "text/plain")
    }
}

import BounceClassifier
import Testing

struct StatusExtractionTests {
    @Test(
        arguments: [
            ("550 5.1.1 <x@y.example>: Recipient address rejected: User unknown", 550, "5.1.1"),
            ("550-5.1.1 The email account that you tried to reach does not exist.", 550, "5.1.1"),
            ("smtp; 550 #5.1.1 mailbox unavailable", 550, "5.1.1"),
            ("Status: 5.1.1", nil, "5.1.1"),
            (
                "X-Postfix; host mx.example.com[192.0.2.1] said: 450 4.2.0 <x@y>: Recipient address rejected", 450,
                "4.2.0"
            ),
            ("554 5.0.0 Service unavailable; 5.1.1 user unknown", 554, "5.1.1"),
            ("host 203.0.113.5 said: 421 too many connections", 421, nil),
            ("Connection to 10.5.1.1 timed out", nil, nil),
            ("no code at all", nil, nil),
        ] as [(String, Int?, String?)])
    func extractsCodes(_ text: String, _ reply: Int?, _ status: String?) {
        let codes = DiagnosticCodes.scan(text)
        #expect(codes.replyCode == reply)
        #expect(codes.status?.description == status)
    }

    @Test func genericDSNStatusLosesToSpecificCodeInDiagnostic() {
        let result = BounceClassifier().decide(
            BounceObservation(
                recipient: "X@Y.example", status: StatusCode("5.0.0"), diagnostic: "550 5.1.1 user unknown"),
            format: .email, identity: "id")
        #expect(result.status == StatusCode("5.1.1"))
        #expect(result.statusSource == .text)
        #expect(result.reason == .userunknown)
        #expect(result.action == .blacklist)
        #expect(result.recipient == "x@y.example")
    }

    @Test func statusCodeParsing() {
        #expect(StatusCode("5.7.509")?.detail == 509)
        #expect(StatusCode(" #4.4.7 ")?.description == "4.4.7")
        #expect(StatusCode("3.1.1") == nil)
        #expect(StatusCode("5.1") == nil)
        #expect(StatusCode("5.1.1234") == nil)
        #expect(StatusCode("") == nil)
    }

    @Test func noCodeInfersClassUnderStandardOnly() {
        let observation = BounceObservation(recipient: "a@b.example", diagnostic: "Sorry, no mailbox here by that name")
        let standard = BounceClassifier(policy: .standard).decide(observation, format: .email, identity: "")
        #expect(standard.reason == .userunknown)
        #expect(standard.type == .hard)
        #expect(standard.statusSource == .inferred)
        #expect(standard.action == .blacklist)
        let acelle = BounceClassifier(policy: .acelle).decide(observation, format: .email, identity: "")
        #expect(acelle.type == .unknown)
        #expect(acelle.status == nil)
        #expect(acelle.action == .none)
    }

    @Test func eventIDsAreDeterministicAndPerRecipient() {
        let classifier = BounceClassifier()
        let a = classifier.decide(BounceObservation(recipient: "a@b.example"), format: .email, identity: "m1")
        let a2 = classifier.decide(BounceObservation(recipient: "A@B.example"), format: .email, identity: "m1")
        let b = classifier.decide(BounceObservation(recipient: "c@b.example"), format: .email, identity: "m1")
        #expect(a.eventID == a2.eventID)
        #expect(a.eventID != b.eventID)
        #expect(a.eventID.count == 32)
    }
}

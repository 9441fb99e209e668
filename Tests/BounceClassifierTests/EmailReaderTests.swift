import Foundation
import Testing

@testable import BounceClassifier

/// Hand-written emails through the email reader: structure, encodings, kinds, and hostile input.
@Suite struct EmailReaderTests {
    let classifier = BounceClassifier(policy: .standard)

    func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/email/" + name, withExtension: nil))
        return try [UInt8](Data(contentsOf: url))
    }

    func classify(_ text: String, crlf: Bool = false) throws(ClassificationError) -> [BounceResult] {
        let body = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
        return try classifier.classify(Array(body.utf8), format: .email)
    }

    /// A small bounce wrapped around a delivery-status part given as `status`.
    func report(_ status: String, statusHeaders: String = "Content-Type: message/delivery-status") -> String {
        """
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        To: sender@example.com
        Subject: Delivery Status Notification (Failure)
        Message-ID: <r1@mx.example.org>
        Date: Tue, 17 Jun 2014 12:34:56 +0000
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Delivery failed.
        --b1
        \(statusHeaders)

        \(status)
        --b1--

        """
    }

    @Test func multiRecipientDeliveryStatusReport() throws {
        let results = try classifier.classify(fixture("multi-recipient-dsn.eml"))
        #expect(results.map(\.recipient) == ["alice@example.net", "bob@example.net", "carol@example.net"])
        #expect(results[0].kind == .bounce && results[0].reason == .userunknown && results[0].action == .blacklist)
        #expect(results[0].status?.description == "5.1.1")
        #expect(results[0].remoteMTA == "mx.example.net")
        #expect(results[0].originalMessageID == "original-42@example.com")
        #expect(results[0].campaignID == "camp-7" && results[0].subscriberID == "sub-9")
        #expect(results[0].occurredAt == "2014-06-17T12:34:56Z")
        #expect(results[0].diagnostic.hasPrefix("550 5.1.1 <alice@example.net>: Recipient address rejected"))
        #expect(results[1].kind == .delayed && results[1].reason == .mailboxfull)
        // A generic Status: 5.0.0 with 550 5.1.1 in the diagnostic becomes 5.1.1.
        #expect(results[2].status?.description == "5.1.1" && results[2].reason == .userunknown)
    }

    @Test func postfixPlainBounce() throws {
        let results = try classifier.classify(fixture("postfix-plain.eml"))
        #expect(results.count == 1)
        #expect(results.first?.recipient == "nobody@example.net")
        #expect(results.first?.reason == .userunknown)
        #expect(results.first?.status?.description == "5.1.1")
        #expect(results.first?.originalMessageID == "orig-plain@example.com")
    }

    @Test func base64DeliveryStatusPart() throws {
        let fields =
            "Final-Recipient: rfc822; dave@example.net\nAction: failed\nStatus: 5.2.2\n"
            + "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n"
        let encoded = Data(fields.utf8).base64EncodedString(options: .lineLength76Characters)
        let results = try classify(
            report(encoded, statusHeaders: "Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64"))
        #expect(results.map(\.recipient) == ["dave@example.net"])
        #expect(results.first?.reason == .mailboxfull)
    }

    @Test func quotedPrintableDiagnostic() throws {
        let status = """
            Final-Recipient: rfc822; erin@example.net
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not=
             exist =3D gone
            """
        let results = try classify(
            report(
                status,
                statusHeaders: "Content-Type: message/delivery-status\nContent-Transfer-Encoding: quoted-printable"))
        #expect(results.first?.diagnostic.contains("does not exist = gone") == true)
    }

    @Test func latin1TextAndEncodedWordSubjectAndFoldedHeaders() throws {
        var bytes = Array(
            """
            From: MAILER-DAEMON@mx.example.org
            To: sender@example.com
            Subject: =?ISO-8859-1?Q?Unzustellbar:_R=FCckmeldung?=
             =?UTF-8?B?IGbDvHI=?= Test
            Content-Type: text/plain; charset=ISO-8859-1

            Ihre Nachricht konnte nicht zugestellt werden.

            <frank@example.net>: 550 5.1.1 user unknown, Empf
            """.utf8)
        bytes.append(0xE4)  // "ä" in Latin-1
        bytes.append(contentsOf: Array("nger unbekannt\n".utf8))
        let headers = HeaderFields.parse(bytes, from: 0, to: bytes.count).0
        #expect(headers.value("Subject") == "Unzustellbar: Rückmeldung für Test")
        let results = try classifier.classify(bytes, format: .email)
        #expect(results.first?.recipient == "frank@example.net")
        #expect(results.first?.diagnostic.contains("Empfänger") == true)
    }

    @Test func crlfAndLFGiveTheSameResults() throws {
        let status = "Final-Recipient: rfc822; gina@example.net\nAction: failed\nStatus: 5.1.1\n"
        let lf = try classify(report(status))
        let crlf = try classify(report(status), crlf: true)
        #expect(lf.map(\.recipient) == ["gina@example.net"])
        #expect(crlf.map(\.recipient) == lf.map(\.recipient))
        #expect(crlf.map(\.reason) == lf.map(\.reason))
    }

    @Test func nestedMultipartInsideReport() throws {
        let text = """
            From: MAILER-DAEMON@mx.example.org
            To: sender@example.com
            Subject: failure
            Content-Type: multipart/report; report-type=delivery-status; boundary="outer"

            --outer
            Content-Type: multipart/mixed; boundary="inner"

            --inner
            Content-Type: text/plain

            Could not deliver.
            --inner--
            --outer
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; hank@example.net
            Action: failed
            Status: 5.1.2
            --outer--
            """
        let results = try classify(text)
        #expect(results.map(\.recipient) == ["hank@example.net"])
        #expect(results.first?.reason == .hostunknown)
    }

    @Test func arfComplaint() throws {
        let text = """
            From: feedback@fbl.example.net
            To: abuse@example.com
            Subject: Complaint
            Message-ID: <fbl-1@fbl.example.net>
            Content-Type: multipart/report; report-type=feedback-report; boundary="f"

            --f
            Content-Type: text/plain

            This is an abuse report.
            --f
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: FBL/1.0
            Version: 1
            Original-Rcpt-To: ivy@example.net

            --f
            Content-Type: message/rfc822

            Message-ID: <orig-arf@example.com>
            From: sender@example.com
            To: ivy@example.net

            Buy now
            --f--
            """
        let results = try classify(text)
        #expect(results.map(\.recipient) == ["ivy@example.net"])
        #expect(results.first?.kind == .complaint && results.first?.reason == .feedback)
        #expect(results.first?.action == .spamReported)
        #expect(results.first?.originalMessageID == "orig-arf@example.com")
    }

    @Test func vacationAutoReply() throws {
        let text = """
            From: Jane Doe <jane@example.net>
            To: sender@example.com
            Subject: Out of Office: back on Monday
            Auto-Submitted: auto-replied

            I am away until Monday.
            """
        let results = try classify(text)
        #expect(results.map(\.recipient) == ["jane@example.net"])
        #expect(results.first?.kind == .autoReply && results.first?.reason == .vacation)
        #expect(results.first?.action == BounceAction.none)
    }

    @Test func ordinaryMailHasNoRecipients() {
        let text = "From: a@example.com\nTo: b@example.com\nSubject: lunch?\n\nSee you at noon.\n"
        #expect(throws: ClassificationError.self) { try classify(text) }
        do {
            _ = try classify(text)
        } catch let error as ClassificationError {
            #expect(error.kind == .noRecipients)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    // MARK: - Hostile input: results or a ClassificationError, never a crash, always quick.

    func survives(_ bytes: [UInt8]) -> Duration {
        let clock = ContinuousClock()
        return clock.measure {
            do {
                _ = try classifier.classify(bytes, format: .email)
            } catch let error as ClassificationError {
                #expect(!error.message.isEmpty)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 17, 512, 65_536] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(survives(bytes) < .seconds(2))
        }
    }

    @Test func garbageIsMalformed() {
        do {
            _ = try classifier.classify([0x00, 0xFF, 0xFE, 0x41], format: .email)
            Issue.record("garbage was accepted")
        } catch let error as ClassificationError {
            #expect(error.kind == .malformedEmail)
            #expect(error.location != nil)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func truncatedMIME() {
        let text = report("Final-Recipient: rfc822; jo@example.net\nAction: failed\nStatus: 5.1.1\n")
        let bytes = Array(text.utf8)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(survives(Array(bytes[0..<cut])) < .seconds(1))
        }
    }

    @Test func tenMegabyteBody() {
        var bytes = Array(report("Final-Recipient: rfc822; kim@example.net\nAction: failed\nStatus: 5.1.1\n").utf8)
        bytes.append(contentsOf: [UInt8](repeating: 0x61, count: 10 << 20))
        let limits = ClassifierLimits(maximumInputBytes: 16 << 20)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let results = try? BounceClassifier(limits: limits).classify(bytes, format: .email)
            #expect(results?.first?.recipient == "kim@example.net")
        }
        #expect(elapsed < .seconds(5))
        #expect(throws: ClassificationError.self) { try classifier.classify(bytes, format: .email) }
    }

    @Test func invalidUTF8() {
        var bytes = Array(
            "From: MAILER-DAEMON@x.example\nSubject: fail\nContent-Type: text/plain; charset=utf-8\n\n".utf8)
        bytes.append(contentsOf: [0xC3, 0x28, 0xA0, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF])
        bytes.append(contentsOf: Array("\n<lee@example.net>: 550 5.1.1 unknown\n".utf8))
        let results = try? classifier.classify(bytes, format: .email)
        #expect(results?.first?.recipient == "lee@example.net")
    }

    @Test func thousandDeepNestedMultiparts() {
        var text = "From: MAILER-DAEMON@x.example\nSubject: fail\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
        for depth in 0..<1_000 {
            text += "--b\(depth)\nContent-Type: multipart/mixed; boundary=\"b\(depth + 1)\"\n\n"
        }
        text += "--b1000\nContent-Type: text/plain\n\n<max@example.net>: 550 5.1.1 user unknown\n"
        #expect(survives(Array(text.utf8)) < .seconds(2))
    }
}

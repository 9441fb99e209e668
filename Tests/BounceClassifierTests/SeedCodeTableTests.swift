import BounceClassifier
import Testing

/// Every 3-digit code of the "soft and hard bounce codes" seed table is an enhanced status code written
/// without dots (`522` is 5.2.2); each must get the type the table gives.
struct SeedCodeTableTests {
    static let table: [(code: String, type: BounceType)] = [
        ("421", .soft), ("450", .soft), ("451", .soft), ("452", .soft),
        ("500", .hard), ("510", .hard), ("511", .hard), ("512", .hard), ("513", .hard), ("514", .hard),
        ("515", .hard), ("516", .hard), ("517", .hard), ("518", .hard), ("520", .soft), ("521", .soft),
        ("522", .soft), ("523", .hard), ("524", .hard), ("530", .hard), ("531", .soft), ("532", .hard),
        ("533", .hard), ("534", .hard), ("540", .hard), ("541", .hard), ("542", .hard), ("543", .hard),
        ("544", .hard), ("545", .soft), ("546", .hard), ("547", .hard), ("550", .hard), ("551", .hard),
        ("552", .hard), ("553", .soft), ("554", .hard), ("555", .hard), ("560", .hard), ("561", .hard),
        ("562", .hard), ("563", .hard), ("564", .hard), ("565", .hard), ("570", .hard), ("571", .hard),
        ("572", .hard), ("573", .hard), ("574", .hard), ("575", .hard), ("576", .hard), ("577", .hard),
    ]

    @Test func everyCodeHasTheTypeTheTableGives() throws {
        for (code, expected) in Self.table {
            let digits = Array(code)
            let dotted = "\(digits[0]).\(digits[1]).\(digits[2])"
            let status = try #require(StatusCode(dotted))
            #expect(status.seedType == expected, "\(dotted)")
            for policy in SuppressionPolicy.allCases {
                let result = BounceClassifier(policy: policy).decide(
                    BounceObservation(recipient: "a@b.example", status: status), format: .canonical, identity: code)
                #expect(result.type == expected, "\(dotted) under \(policy)")
                #expect(result.statusSource == .dsn)
            }
        }
    }

    @Test func mailboxFullWithReplyCode552IsSoft() {
        // In "552 5.2.2 ... over quota", 552 is the reply code and 5.2.2 the enhanced code.
        let result = BounceClassifier().decide(
            BounceObservation(recipient: "x@y.example", diagnostic: "552 5.2.2 mailbox over quota"),
            format: .canonical, identity: "")
        #expect(result.replyCode == 552)
        #expect(result.status == StatusCode("5.2.2"))
        #expect(result.type == .soft)
        #expect(result.reason == .mailboxfull)
    }
}

import BounceClassifier
import Testing

/// The six example rows of the AcelleMail bounce-log article, decided from their SMTP replies.
struct SeedExampleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let recipient: String
        let reply: String
        let type: BounceType
        let reason: BounceReason?
        let standard: BounceAction
        let acelle: BounceAction
        var testDescription: String { recipient }
    }

    static let rows: [Row] = [
        Row(
            recipient: "moorevanessa@navarro.com",
            reply: "550 5.1.1 The email account that you tried to reach does not exist", type: .hard,
            reason: .userunknown, standard: .blacklist, acelle: .blacklist),
        Row(
            recipient: "clayton61@molina.info",
            reply: "552 5.2.2 The email account that you tried to reach is over quota", type: .soft,
            reason: .mailboxfull, standard: .none, acelle: .none),
        Row(
            recipient: "conleyricky@day.com", reply: "550 5.7.1 Message rejected as spam by Content Filtering",
            type: .hard, reason: .spamdetected, standard: .none, acelle: .blacklist),
        Row(
            recipient: "mindy49@hodges.com",
            reply: "451 4.7.0 Recipient server is rate-limiting your IP. Retry recommended", type: .soft,
            reason: nil, standard: .none, acelle: .none),
        Row(
            recipient: "damon34@taylor.com", reply: "550 5.1.2 The domain has no DNS / no MX records", type: .hard,
            reason: .hostunknown, standard: .blacklist, acelle: .blacklist),
        Row(
            recipient: "dustin40@reeves.biz", reply: "550 5.7.7 Message failed DMARC alignment for the From: domain",
            type: .hard, reason: .authfailure, standard: .none, acelle: .blacklist),
    ]

    @Test(arguments: rows)
    func rowIsClassifiedAsTheSeedSays(_ row: Row) {
        let observation = BounceObservation(recipient: row.recipient, diagnostic: row.reply)
        for (policy, action) in [(SuppressionPolicy.standard, row.standard), (.acelle, row.acelle)] {
            let result = BounceClassifier(policy: policy).decide(observation, format: .canonical, identity: "seed")
            #expect(result.kind == .bounce)
            #expect(result.type == row.type, "\(policy)")
            if let reason = row.reason { #expect(result.reason == reason, "\(policy)") }
            #expect(result.action == action, "\(policy)")
            #expect(result.statusSource == .text)
            #expect(result.replyCode == Int(row.reply.prefix(3)))
            #expect(result.status?.description == String(row.reply.split(separator: " ")[1]))
            #expect(result.recipient == row.recipient)
        }
    }
}

/// Advice for the sender, after the seed documents: what a result tells you and what to do about it.
public enum BounceAdvice {
    /// The advice for a result with this reason and status.
    public static func advice(reason: BounceReason, status: StatusCode?) -> String {
        if let status, status.klass == 5, status.subject == 7, !reason.meansDeadAddress {
            return "A 5.7.x rejection is very often about your own setup (DKIM, SPF, DMARC, sending reputation), "
                + "not a bad address. Across many recipients at once it is a deliverability problem to fix, not a "
                + "list to clean: check that your sending domain's DKIM/SPF records verify. To one recipient "
                + "domain only, that receiver is blocking you: investigate that domain."
        }
        switch reason {
        case .userunknown:
            return "A dead mailbox (typo at signup or a deleted account). Suppress the address. A spike on the "
                + "first send to a freshly imported list means a bad import source: stop and verify the list."
        case .hostunknown, .notaccept:
            return "The domain is dead or takes no mail, usually a mistyped domain at signup. Suppress the address."
        case .hasmoved:
            return "The recipient has moved and left no forwarding address. Suppress the address."
        case .mailboxfull:
            return "The inbox is full right now; it may clear up. Over quota creeping up over time means stale, "
                + "abandoned mailboxes: clean the list periodically."
        case .suspend:
            return "The mailbox is disabled or suspended. Repeated soft bounces like this should eventually "
                + "suppress the address."
        case .expired, .networkerror, .systemerror, .systemfull, .toomanyconn, .speeding, .mailererror:
            return "The receiver is having trouble or deferring you; out of your hands. The sending server "
                + "retries; no action on the address is needed."
        case .blocked, .badreputation, .requireptr:
            return "Your sending IP or domain is blocked or has poor reputation. Check block lists, reverse DNS "
                + "and complaint rates; this is a deliverability problem, not a bad address."
        case .authfailure:
            return "SPF, DKIM or DMARC failed: an authentication problem on your side, not a bad address. "
                + "Check your sending domain's DNS records."
        case .spamdetected, .filtered, .contenterror, .virusdetected, .policyviolation, .notcompliantrfc:
            return "The receiver rejected the message itself (filter, content or policy). Investigate on your "
                + "side before assuming the address is bad."
        case .rejected, .norelaying, .securityerror, .failedstarttls, .syntaxerror, .mesgtoobig, .exceedlimit:
            return "The receiver refused the sender, the session or the message size; the address may be fine. "
                + "Fix the sending side."
        case .suppressed:
            return "The sending service suppressed the message because the address bounced or complained before."
        case .feedback:
            return "A spam complaint: stop mailing this subscriber (status spam-reported)."
        case .vacation:
            return "An automatic reply: not a bounce, no action."
        case .delivered:
            return "Delivered: no action."
        case .onhold, .undefined:
            return "No clear cause could be read. Read the diagnostic text; no action on the address."
        }
    }
}

/// Ordered text patterns per reason: the rules that decide a reason from a server's diagnostic text when the
/// status code is missing or says too little (5.0.0, 4.0.0, 5.5.0, 5.7.1 ...).
///
/// The reasons are tried in the order of ``ordered``; the first reason with a matching pattern wins, so more
/// specific causes (a full mailbox, a spam verdict) come before broad ones (a block, a system error).
/// A pattern is lower-case text matched against the lower-cased diagnostic; `*` inside a pattern stands for
/// any text in between (`"mailbox * full"` matches "mailbox is full" and "mailbox for x@y is full").
public enum TextRules {
    /// Reasons whose wording wins over a dead-address status code (5.1.1, 5.1.2): servers answer "5.1.1" for
    /// block lists, full mailboxes and sender rejections too, and a false "dead address" verdict loses a
    /// subscriber, so specific text naming one of these causes is believed over the code.
    public static let overrideDeadAddressCode: Set<BounceReason> = [
        .norelaying, .blocked, .mailboxfull, .hasmoved, .rejected, .notaccept, .filtered, .suspend,
        .mailererror,
    ]

    /// Generic "user unknown" wording. Servers also use it for filter verdicts after the recipient was
    /// accepted, so alone it proves a dead address only at `RCPT TO` or with an addressing status (x.1.x);
    /// see ``BounceClassifier``'s reason rules. The other ``BounceReason/userunknown`` patterns name the
    /// recipient or mailbox as invalid and count at any stage after `MAIL FROM`.
    public static let stageDependentUserUnknown: Set<String> = [
        "user unknown", "unknown user", "no such user", "user not exist", "user does not exist",
        "user doesn't exist", "user not found", "user not known", "does not exist", "not exist", "non-existent",
        "nonexistent", "no such local user",
    ]

    /// The rules, most specific reason first.
    public static let ordered: [(reason: BounceReason, patterns: [String])] = [
        (
            .mailboxfull,
            [
                "mailbox full", "mailbox is full", "mailbox * full", "mailbox over quota", "over quota",
                "overquota", "quota exceeded", "exceeded * quota", "exceeding * quota", "over the quota",
                "quota violation", "disk quota", "storage allocation", "mailbox size limit", "mailfolder is full",
                "not enough storage", "insufficient storage", "not enough disk space", "no space left",
                "space has been used up", "has exceeded its disk space", "too much mail data",
                "too many messages on the server", "boite du destinataire pleine", "full mailbox",
                "mailbox has exceeded", "exceeds the maximum size allowed for mail delivery",
            ]
        ),
        (
            .mesgtoobig,
            [
                "message too big", "message too large", "message is too large", "message size exceeds",
                "message file too big", "max message size", "exceeded maximum inbound message size",
                "message length exceeds", "size limit", "exceeds size limit", "taille limite du message",
                "message exceeds * size",
            ]
        ),
        (
            .exceedlimit,
            ["message header size exceeds limit", "exceeds * limit for recipients", "too many recipients"]
        ),
        (
            .suspend,
            [
                "mailbox disabled", "mailbox is disabled", "mailbox deactivated", "is a deactivated mailbox",
                "mailbox is inactive", "account disabled", "account has been disabled", "account is disabled",
                "account suspended", "account has been suspended", "account is suspended", "has been suspended",
                "user suspended", "inactive user", "inactive account", "invalid/inactive user",
                "user not active", "temporarily inactive", "account is locked", "account inactive",
                "this account has been disabled", "user or domain is disabled", "user is terminated",
                "recipient suspend", "account has been temporarily suspended", "account expired",
                "mailbox unavailable or access denied", "account is not active", "mailbox is frozen",
                "temporary locked", "temporarily locked", "account that you tried to reach is disabled",
            ]
        ),
        (
            .hasmoved,
            ["address has moved", "user has moved", "has been moved", "no longer at this address"]
        ),
        (
            .norelaying,
            [
                "relay access denied", "relaying denied", "relay denied", "relay not permitted",
                "relaying not allowed", "unable to relay", "not permitted to relay", "not allowed to relay",
                "not an open relay", "configured to relay", "relaying mail to", "we do not relay", "as a relay",
                "not a gateway", "relay not allowed", "relaying is prohibited", "no relaying",
            ]
        ),
        (
            .authfailure,
            [
                "spf", "dkim", "dmarc", "sender policy framework", "domain authentication fail",
                "unauthenticated email", "not authenticated per", "authentication results",
            ]
        ),
        (
            .requireptr,
            [
                "ptr record", "reverse dns", "reverse lookup", "cannot find your hostname",
                "ip name lookup failed", "unresolvable relay host name", "no ptr", "generic dns ptr",
                "reverse-dns", "rdns",
            ]
        ),
        (
            .virusdetected,
            ["virus", "infected", "malware", "potentially executable attachment"]
        ),
        (
            .spamdetected,
            [
                "spam", "unsolicited", "bulk mail", "bulk email", "junk mail", "content filter",
                "mail content denied", "message content rejected", "uribl", "surbl", "spamcop",
                "spam probability", "classified as bulk", "recurrent pattern detection",
            ]
        ),
        (
            .hostunknown,
            [
                "host unknown", "unknown host", "host not found", "domain not found", "unknown domain",
                "no such domain", "domain does not exist", "domain doesn't exist", "domain must exist",
                "host or domain name not found", "name or service not known", "unrouteable mail domain",
                "no mx record", "mx lookup", "dns lookup failed", "nxdomain", "domain is not reachable",
                "domain name not found", "invalid domain", "bad destination system", "unroutable domain",
            ]
        ),
        (
            .userunknown,
            [
                "user unknown", "unknown user", "unknown recipient", "recipient unknown", "no such user",
                "no such recipient", "no such mailbox", "no such address", "no such email address",
                "no such person", "no such account", "no mailbox", "mailbox not found",
                "mailbox does not exist", "mailbox doesn't exist", "mailbox unavailable", "mailbox not available",
                "mailbox is unavailable", "mailbox not present", "mailbox invalid", "invalid mailbox",
                "unknown mailbox", "address unknown", "address does not exist", "address doesn't exist",
                "address not present in directory", "not found in directory", "email account that you tried to reach",
                "user does not exist", "user doesn't exist", "user not exist", "user not found", "user not known",
                "recipient does not exist", "recipient not found", "recipient not exist", "recipient is not",
                "recipient address rejected: unknown user", "recipient address rejected: invalid user",
                "recipient address rejected: invalid-recipient", "recipient address rejected: userunknown",
                "recipient address rejected: access denied", "address couldn't be found",
                "address could not be found", "recipient unavailable",
                "not a valid recipient", "not a valid mailbox", "not a valid user", "invalid recipient",
                "invalid address", "bad destination mailbox", "badrcptto", "no account by that name",
                "doesn't have a", "does not have an account", "is not a known user", "not known at this site",
                "account does not exist", "no longer valid", "no longer accepts mail", "not our customer",
                "unknown local part", "unknown address", "utilisateur inconnu", "destination addresses were unknown",
                "no valid recipients", "unrouteable address", "not a local address",
                "invalid or unknown virtual user", "this user doesn't have", "no existe", "there is no one at",
                "the user's email name is not found", "user unknown", "non-existent", "nonexistent",
                "does not exist", "not exist", "addressee unknown", "unknown or illegal alias",
                "no mail box", "not listed in", "undeliverable address", "no such local user",
                "recipient not ok", "mailbox is not available", "recipient name is not recognized",
            ]
        ),
        (
            .notaccept,
            [
                "does not accept mail", "doesn't accept mail", "not accepting mail", "not accept any mail",
                "does not receive mail", "null mx", "domain does not accept", "mail receiving disabled",
                "not accepting any mail", "host does not accept",
                "no smtp service", "couldn't find a mail exchanger", "system not accepting network messages",
                "malformed or unexpected name server reply",
            ]
        ),
        (
            .filtered,
            [
                "refused due to recipient preferences", "recipient is only accepting mail from",
                "is not accepting mail from", "user refuses", "recipient has restricted", "not authorized to send to",
                "filtered", "notauthorized", "resolver.rst", "new mail is not currently being accepted",
                "delivery not authorized", "sender is not allowed", "blocked by recipient",
            ]
        ),
        (
            .rejected,
            [
                "sender address rejected", "sender rejected", "sender verify failed", "invalid sender",
                "sender email address rejected", "sender not pre-approved", "envelope sender", "batv",
                "null sender", "empty envelope sender", "domain of sender address", "sender domain",
                "from address", "mail from", "returned mail not accepted", "sender is in my badmailfrom",
                "unroutable sender", "no third-party dsns", "fully qualified email address required",
                "your email address has been blacklisted", "sender address", "not allowed to post",
                "may not have permission to post", "purported responsible address", "sender was rejected",
            ]
        ),
        (
            .badreputation,
            ["reputation", "unexpected volume or user complaints"]
        ),
        (
            .speeding,
            [
                "rate limit", "rate-limit", "ratelimit", "rate limited", "too fast", "try again slower",
                "receiving mail at a rate", "sending rate", "mail flood", "too many messages",
            ]
        ),
        (
            .toomanyconn,
            [
                "too many connections", "too many concurrent", "connection limit", "too many smtp sessions",
                "too many errors from your ip", "trop de connexions", "max emails per hour",
                "too many simultaneous",
            ]
        ),
        (
            .blocked,
            [
                "blocked", "blacklist", "block list", "blocklist", "denylist", "listed in", "rbl", "dnsbl",
                "spamhaus", "client host rejected", "not allowed to send mail from", "dynamic ip",
                "your ip", "sender ip", "sending ip", "helo command rejected", "go away", "banned",
                "connection refused by", "access denied", "not currently accepting mail from your",
                "has been temporarily rate limited", "you are not allowed to connect", "open proxy",
                "poor reputation", "ip address", "host network not allowed",
            ]
        ),
        (
            .policyviolation,
            [
                "policy", "prohibited", "not allowed", "illegal attachment", "members-only",
                "organizational settings", "organization policy", "not accepted for policy reasons",
                "protocol violation",
            ]
        ),
        (
            .notcompliantrfc,
            [
                "rfc 5322", "rfc5322", "rfc 2822", "rfc2822", "rfc 822", "not rfc", "rfcmessagenoncompliant",
                "duplicate header", "invalid header", "header error", "bare lf", "multiple addresses in",
                "missing date header", "missing message-id",
            ]
        ),
        (
            .contenterror,
            [
                "content rejected", "message content", "mime", "improper use of 8-bit", "binary content",
                "base64 encoding", "message header", "executable files are not allowed",
            ]
        ),
        (
            .failedstarttls,
            ["starttls", "tls required", "encryption required", "must issue a starttls", "tls negotiation"]
        ),
        (
            .securityerror,
            [
                "authentication required", "authentication is required", "must be authenticated",
                "not authorized", "unauthenticated", "authentication failure", "authentication credentials",
                "insecure", "security", "verification failure",
            ]
        ),
        (
            .mailererror,
            [
                "x-unix", "command died", "command failed", "mailer error", "pipe to |", "procmail",
                "exited with status", "exit code", "delivery to program failed", "local delivery failed",
            ]
        ),
        (
            .systemfull,
            ["mail system full", "insufficient system storage", "mail queue full", "out of disk space"]
        ),
        (
            .expired,
            [
                "delivery time expired", "retry time", "retry timeout exceeded", "giving up", "message expired",
                "queue too long", "in the queue too long", "queue lifetime", "maximum queue time",
                "could not be delivered for", "has not been delivered for", "was not reachable within",
                "unable to deliver message after", "after multiple retries", "message timed out",
                "delivery expired", "have been failing for a long time", "could not be delivered within",
                "too long in the queue", "expired after", "timeout exceeded", "delivery attempts will continue",
                "no answer from host", "message is older than",
                // A final bounce after connection failures: the sending side gave up retrying.
                "connection timed out", "timed out", "did not accept our requests to connect",
                "message still undelivered", "will keep trying", "message will be retried",
            ]
        ),
        (
            .networkerror,
            [
                "connection refused", "no route to host",
                "network is unreachable", "host is unreachable", "host unreachable", "connection reset",
                "lost connection", "could not connect", "unable to connect", "name server", "dns", "mail loop",
                "routing loop", "forwarding loop", "too many hops", "hop count exceeded", "looping",
                "temporary failure in name resolution", "host name lookup failure",
            ]
        ),
        (
            .systemerror,
            [
                "system error", "internal error", "server error", "configuration error", "local error",
                "temporary local problem", "service currently unavailable", "service unavailable",
                "try again later", "temporarily unavailable", "temporary failure", "local problem",
                "error in processing", "transaction failed", "interrupted system call", "mail system",
            ]
        ),
        (
            .syntaxerror,
            [
                "syntax error", "command unrecognized", "unrecognized command", "bad sequence of commands",
                "bad command sequence", "command not implemented", "command not recognized",
            ]
        ),
        (
            .suppressed,
            ["suppression list", "suppressed", "previously bounced", "on the account-level suppression"]
        ),
    ]
}

/// The facts an input format reports about one recipient, before any decision is made.
///
/// Every input parser (canonical JSON, bounce emails, complaint reports, provider webhooks) turns its input
/// into observations; ``BounceClassifier`` turns each observation into a ``BounceResult``.
public struct BounceObservation: Sendable, Hashable {
    /// What the input says happened, when it says so (a DSN `Action:`, a webhook event type).
    /// `nil` lets the classifier decide from the status code.
    public var kind: BounceKind?
    /// The recipient address as written in the input.
    public var recipient: String
    /// The enhanced status code from a structured field (DSN `Status:`, a webhook's status).
    public var status: StatusCode?
    /// The SMTP reply code from a structured field.
    public var replyCode: Int?
    /// The server's diagnostic text (`550 5.1.1 <x@y>: Recipient address rejected ...`).
    public var diagnostic: String
    /// The remote MTA that reported the failure.
    public var remoteMTA: String?
    /// The Message-ID of the message that bounced.
    public var originalMessageID: String?
    /// The campaign the bounced message belonged to.
    public var campaignID: String?
    /// The subscriber the bounced message was sent to.
    public var subscriberID: String?
    /// The list the subscriber belongs to.
    public var listID: String?
    /// When the bounce happened, as ISO 8601 text.
    public var occurredAt: String?
    /// The input's own identifier for this event (canonical id, SES MessageId, sg_event_id, ...).
    public var sourceEventID: String?
    /// A reason the provider states outright (SES `NoEmail`, SparkPost bounce class 10, ...).
    public var reasonHint: BounceReason?
    /// Whether the provider says the failure is permanent (SES `Permanent`, Mailgun `permanent`, ...).
    public var permanentHint: Bool?
    /// The SMTP command the failure happened at (`CONN`, `HELO`, `MAIL`, `RCPT`, `DATA`), when the input says so
    /// (a transcript, `in reply to RCPT TO command`, `SMTP error ... after end of data`). `nil` when unknown.
    public var smtpCommand: String?

    /// Creates an observation; only the recipient is required.
    public init(
        kind: BounceKind? = nil, recipient: String, status: StatusCode? = nil, replyCode: Int? = nil,
        diagnostic: String = "", remoteMTA: String? = nil, originalMessageID: String? = nil,
        campaignID: String? = nil, subscriberID: String? = nil, listID: String? = nil, occurredAt: String? = nil,
        sourceEventID: String? = nil, reasonHint: BounceReason? = nil, permanentHint: Bool? = nil,
        smtpCommand: String? = nil
    ) {
        self.kind = kind
        self.recipient = recipient
        self.status = status
        self.replyCode = replyCode
        self.diagnostic = diagnostic
        self.remoteMTA = remoteMTA
        self.originalMessageID = originalMessageID
        self.campaignID = campaignID
        self.subscriberID = subscriberID
        self.listID = listID
        self.occurredAt = occurredAt
        self.sourceEventID = sourceEventID
        self.reasonHint = reasonHint
        self.permanentHint = permanentHint
        self.smtpCommand = smtpCommand
    }
}

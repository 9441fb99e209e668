/// The classification of one recipient of one input: what happened, why, and what must follow.
public struct BounceResult: Sendable, Hashable {
    /// What the input reports.
    public var kind: BounceKind
    /// Permanent, temporary, or not readable.
    public var type: BounceType
    /// Why.
    public var reason: BounceReason
    /// The enhanced status code the decision rests on.
    public var status: StatusCode?
    /// Where ``status`` came from.
    public var statusSource: StatusSource?
    /// The 3-digit SMTP reply code.
    public var replyCode: Int?
    /// The server's text, trimmed.
    public var diagnostic: String
    /// The recipient address, lower-cased.
    public var recipient: String
    /// The remote MTA that reported the failure.
    public var remoteMTA: String?
    /// The Message-ID of the message that bounced.
    public var originalMessageID: String?
    /// The campaign id the input carried.
    public var campaignID: String?
    /// The subscriber id the input carried.
    public var subscriberID: String?
    /// The list id the input carried.
    public var listID: String?
    /// When the bounce happened (ISO 8601), when the input says.
    public var occurredAt: String?
    /// What must happen to the address under the policy used.
    public var action: BounceAction
    /// A deterministic identifier: the same input always yields the same id for the same recipient.
    public var eventID: String
    /// The input format the result was read from.
    public var format: InputFormat

    /// Creates a result from its parts (used to read results back from the classified topic).
    public init(
        kind: BounceKind, type: BounceType, reason: BounceReason, status: StatusCode?, statusSource: StatusSource?,
        replyCode: Int?, diagnostic: String, recipient: String, remoteMTA: String?, originalMessageID: String?,
        campaignID: String?, subscriberID: String?, listID: String?, occurredAt: String?, action: BounceAction,
        eventID: String, format: InputFormat
    ) {
        self.kind = kind
        self.type = type
        self.reason = reason
        self.status = status
        self.statusSource = statusSource
        self.replyCode = replyCode
        self.diagnostic = diagnostic
        self.recipient = recipient
        self.remoteMTA = remoteMTA
        self.originalMessageID = originalMessageID
        self.campaignID = campaignID
        self.subscriberID = subscriberID
        self.listID = listID
        self.occurredAt = occurredAt
        self.action = action
        self.eventID = eventID
        self.format = format
    }
}

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
}

extension BounceResult {
    /// Creates a result from its parts, its event id first (used to read results back from the classified topic).
    ///
    /// The classifier builds results with the memberwise initializer, which the compiler builds in place; this
    /// one hands its parts on to it.
    public init(
        eventID: String, kind: BounceKind, type: BounceType, reason: BounceReason, status: StatusCode?,
        statusSource: StatusSource?, replyCode: Int?, diagnostic: String, recipient: String, remoteMTA: String?,
        originalMessageID: String?, campaignID: String?, subscriberID: String?, listID: String?, occurredAt: String?,
        action: BounceAction, format: InputFormat
    ) {
        self.init(
            kind: kind, type: type, reason: reason, status: status, statusSource: statusSource, replyCode: replyCode,
            diagnostic: diagnostic, recipient: recipient, remoteMTA: remoteMTA, originalMessageID: originalMessageID,
            campaignID: campaignID, subscriberID: subscriberID, listID: listID, occurredAt: occurredAt,
            action: action, eventID: eventID, format: format)
    }
}

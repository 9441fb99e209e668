/// The decided part of a ``BounceResult``: everything the classifier works out from an observation's facts,
/// without the identifiers and texts it copies through.
struct BounceVerdict: Sendable {
    /// What happened.
    var kind: BounceKind
    /// Permanent, temporary, or not readable.
    var type: BounceType
    /// Why.
    var reason: BounceReason
    /// The enhanced status code the decision rests on.
    var status: StatusCode?
    /// Where ``status`` came from.
    var statusSource: StatusSource?
    /// The 3-digit SMTP reply code.
    var replyCode: Int?
    /// What must happen to the address.
    var action: BounceAction
}

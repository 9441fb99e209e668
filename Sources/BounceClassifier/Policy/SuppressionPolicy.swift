/// What happens to an address after a result: which results blacklist it, and how a missing status code is read.
public enum SuppressionPolicy: String, Sendable, Hashable, CaseIterable {
    /// The seed's intent done right (the default). Blacklists only when the address itself is dead
    /// (`userunknown`, `hostunknown`, `hasmoved`, and `notaccept` when permanent); sender-side failures
    /// (5.7.x, blocks, spam verdicts, authentication) and temporary ones take no action on the address.
    /// Where the input has no code but the text names a reason, the class is inferred from the reason.
    case standard
    /// Exactly AcelleMail's table: hard → blacklist; soft and unknown → nothing; complaint → spam-reported.
    /// A missing code leaves the type `unknown`.
    case acelle

    /// The type of a bounce with status `status` (or none) and reason `reason`.
    ///
    /// - Parameters:
    ///   - status: the status code read from the input, if any.
    ///   - reason: the reason decided for the result.
    ///   - permanentHint: whether the input's provider states the failure is permanent.
    /// - Returns: the type, and the status code with its source when the policy inferred one.
    func type(
        status: StatusCode?, reason: BounceReason, permanentHint: Bool?
    ) -> (type: BounceType, inferredStatus: StatusCode?) {
        if let status {
            if self == .standard, status.klass == 5, reason.meansDeadAddress { return (.hard, nil) }
            return (status.seedType, nil)
        }
        switch self {
        case .acelle:
            guard let permanentHint else { return (.unknown, nil) }
            return (permanentHint ? .hard : .soft, nil)
        case .standard:
            guard let representative = reason.representativeStatus else {
                guard let permanentHint else { return (.unknown, nil) }
                let inferred = StatusCode(permanentHint ? 5 : 4, 0, 0)
                return (inferred.seedType, inferred)
            }
            var inferred = representative
            if let permanentHint, (inferred.klass == 5) != permanentHint {
                inferred = StatusCode(permanentHint ? 5 : 4, representative.subject, representative.detail)
            }
            if inferred.klass == 5, reason.meansDeadAddress { return (.hard, inferred) }
            return (inferred.seedType, inferred)
        }
    }

    /// The action for a result of this kind, type and reason.
    public func action(kind: BounceKind, type: BounceType, reason: BounceReason) -> BounceAction {
        switch kind {
        case .complaint: return .spamReported
        case .autoReply, .delivered, .delayed: return .none
        case .bounce:
            guard type == .hard else { return .none }
            switch self {
            case .acelle: return .blacklist
            case .standard: return reason.meansDeadAddress ? .blacklist : .none
            }
        }
    }
}

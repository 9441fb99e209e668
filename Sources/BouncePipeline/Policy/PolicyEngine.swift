import BounceClassifier

/// The per-address decisions of the policy stage: drops duplicates, records bounce-log rows, changes
/// statuses and the blacklist, and escalates repeated soft bounces. Pure: no I/O, no clocks.
public struct PolicyEngine: Sendable {
    /// The configuration.
    public let configuration: PolicyConfiguration

    /// Creates an engine.
    public init(configuration: PolicyConfiguration) {
        self.configuration = configuration
    }

    /// Applies one input to the state of its address.
    public func apply(_ input: PolicyInput, to state: inout AddressState) -> PolicyOutcome {
        switch input {
        case .event(let event): return apply(event, to: &state)
        case .command(let command): return apply(command, to: &state)
        }
    }

    private func apply(_ event: ClassifiedEvent, to state: inout AddressState) -> PolicyOutcome {
        var outcome = PolicyOutcome()
        let result = event.result
        let idHash = AddressState.stableHash(of: event.eventID)
        let fingerprint = Self.fingerprint(of: result)
        if isDuplicate(idHash: idHash, fingerprint: fingerprint, at: event.occurredAtMilliseconds, in: state) {
            outcome.duplicate = true
            return outcome
        }
        remember(idHash: idHash, in: &state)
        if let fingerprint {
            state.recentFingerprints.append(.init(hash: fingerprint, at: event.occurredAtMilliseconds))
            if state.recentFingerprints.count > configuration.recentEventLimit {
                state.recentFingerprints.removeFirst(state.recentFingerprints.count - configuration.recentEventLimit)
            }
        }
        outcome.stateChanged = true
        if result.kind == .bounce || result.kind == .complaint { outcome.bounceLog = event }

        switch result.action {
        case .blacklist:
            change(&state, to: .blacklisted, reason: result.reason.rawValue, cause: event, outcome: &outcome)
        case .spamReported:
            if state.status == .active {
                change(&state, to: .spamReported, reason: "spam-complaint", cause: event, outcome: &outcome)
            }
        case .none:
            escalateSoftBounce(event, state: &state, outcome: &outcome)
        }
        return outcome
    }

    private func apply(_ command: OperatorCommand, to state: inout AddressState) -> PolicyOutcome {
        var outcome = PolicyOutcome()
        let idHash = AddressState.stableHash(of: command.commandID)
        if state.recentEventIDHashes.contains(idHash) {
            outcome.duplicate = true
            return outcome
        }
        remember(idHash: idHash, in: &state)
        outcome.stateChanged = true
        let reason = command.reason ?? "operator-\(command.action.rawValue)"
        let previous = state.status
        switch command.action {
        case .add:
            guard previous != .blacklisted else { return outcome }
            state.status = .blacklisted
            state.softBounces.removeAll()
            outcome.statusChange = StatusChange(
                address: command.address, status: .blacklisted, previousStatus: previous, reason: reason,
                causeEventID: command.commandID, campaignID: nil, subscriberID: nil,
                atMilliseconds: command.atMilliseconds)
            outcome.blacklistChange = BlacklistChange(
                address: command.address, action: .add, reason: reason, causeEventID: command.commandID,
                atMilliseconds: command.atMilliseconds)
        case .remove:
            state.softBounces.removeAll()
            guard previous != .active else { return outcome }
            state.status = .active
            outcome.statusChange = StatusChange(
                address: command.address, status: .active, previousStatus: previous, reason: reason,
                causeEventID: command.commandID, campaignID: nil, subscriberID: nil,
                atMilliseconds: command.atMilliseconds)
            if previous == .blacklisted {
                outcome.blacklistChange = BlacklistChange(
                    address: command.address, action: .remove, reason: reason, causeEventID: command.commandID,
                    atMilliseconds: command.atMilliseconds)
            }
        }
        return outcome
    }

    private func escalateSoftBounce(_ event: ClassifiedEvent, state: inout AddressState, outcome: inout PolicyOutcome) {
        let result = event.result
        guard let rule = configuration.softBounceEscalation, result.kind == .bounce, result.type == .soft,
            !result.reason.isSenderSide, state.status == .active
        else { return }
        let time = event.occurredAtMilliseconds
        let window = Int64(rule.windowDays) * 86_400_000
        state.softBounces.append(time)
        state.softBounces.sort()
        let newest = state.softBounces.last ?? time
        state.softBounces.removeAll { newest - $0 >= window }
        let days = Set(state.softBounces.map { Timestamps.dayNumber(milliseconds: $0) })
        guard state.softBounces.count >= rule.count, days.count >= rule.distinctDays else { return }
        change(&state, to: .blacklisted, reason: "soft-bounce-threshold", cause: event, outcome: &outcome)
    }

    private func change(
        _ state: inout AddressState, to status: SubscriberStatus, reason: String, cause: ClassifiedEvent,
        outcome: inout PolicyOutcome
    ) {
        let previous = state.status
        guard previous != status else { return }
        state.status = status
        if status == .blacklisted { state.softBounces.removeAll() }
        let result = cause.result
        outcome.statusChange = StatusChange(
            address: result.recipient, status: status, previousStatus: previous, reason: reason,
            causeEventID: cause.eventID, campaignID: result.campaignID, subscriberID: result.subscriberID,
            atMilliseconds: cause.occurredAtMilliseconds)
        if status == .blacklisted {
            outcome.blacklistChange = BlacklistChange(
                address: result.recipient, action: .add, reason: reason, causeEventID: cause.eventID,
                atMilliseconds: cause.occurredAtMilliseconds)
        }
    }

    private func isDuplicate(idHash: UInt64, fingerprint: UInt64?, at time: Int64, in state: AddressState) -> Bool {
        if state.recentEventIDHashes.contains(idHash) { return true }
        guard let fingerprint else { return false }
        return state.recentFingerprints.contains {
            $0.hash == fingerprint && abs($0.at - time) < configuration.duplicateWindowMilliseconds
        }
    }

    private func remember(idHash: UInt64, in state: inout AddressState) {
        state.recentEventIDHashes.append(idHash)
        if state.recentEventIDHashes.count > configuration.recentEventLimit {
            state.recentEventIDHashes.removeFirst(state.recentEventIDHashes.count - configuration.recentEventLimit)
        }
    }

    /// Kind + original message id + status (the address is the state's own): the same bounce reported
    /// through two channels. `nil` when the result names no original message.
    static func fingerprint(of result: BounceResult) -> UInt64? {
        guard let messageID = result.originalMessageID, !messageID.isEmpty else { return nil }
        // The hash of "kind|message id|status" (status as `5.1.1`, or `-`), fed in pieces.
        var hasher = AddressState.StableHasher()
        hasher.combine(result.kind.rawValue)
        hasher.combine(byte: 0x7C)
        hasher.combine(messageID)
        hasher.combine(byte: 0x7C)
        if let status = result.status {
            hasher.combine(decimal: Int(status.klass))
            hasher.combine(byte: 0x2E)
            hasher.combine(decimal: Int(status.subject))
            hasher.combine(byte: 0x2E)
            hasher.combine(decimal: Int(status.detail))
        } else {
            hasher.combine(byte: 0x2D)
        }
        return hasher.value
    }
}

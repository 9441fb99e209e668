import BounceClassifier

/// A classified result as the policy stage reads it from the classified topic.
public struct ClassifiedEvent: Sendable, Hashable {
    /// The deterministic event id.
    public var eventID: String
    /// The result.
    public var result: BounceResult
    /// When it happened: the result's `occurred_at`, else the input record's timestamp (ms since the epoch).
    public var occurredAtMilliseconds: Int64

    /// Creates an event.
    public init(eventID: String, result: BounceResult, occurredAtMilliseconds: Int64) {
        self.eventID = eventID
        self.result = result
        self.occurredAtMilliseconds = occurredAtMilliseconds
    }
}

/// An operator's command on the `blacklist.commands` topic: `{"action": "remove"|"add", "address": ..., "reason": ...}`.
public struct OperatorCommand: Sendable, Hashable {
    /// What the operator asks for.
    public enum Action: String, Sendable, Hashable {
        /// Put the address on the blacklist.
        case add
        /// Take the address off the blacklist and reset its status and counters.
        case remove
    }

    /// The command's id (its own `id`, else derived from its origin), for dropping replays.
    public var commandID: String
    /// What to do.
    public var action: Action
    /// The address, lower-cased.
    public var address: String
    /// Why, in the operator's words.
    public var reason: String?
    /// When the command was issued (ms since the epoch).
    public var atMilliseconds: Int64

    /// Creates a command.
    public init(commandID: String, action: Action, address: String, reason: String?, atMilliseconds: Int64) {
        self.commandID = commandID
        self.action = action
        self.address = address
        self.reason = reason
        self.atMilliseconds = atMilliseconds
    }
}

/// One input of the policy stage.
public enum PolicyInput: Sendable, Hashable {
    /// A classified result.
    case event(ClassifiedEvent)
    /// An operator command.
    case command(OperatorCommand)

    /// The address the input is about.
    public var address: String {
        switch self {
        case .event(let event): return event.result.recipient
        case .command(let command): return command.address
        }
    }
}

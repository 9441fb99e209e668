/// Something a ``KafkaConsumer`` reports besides messages, see ``KafkaConsumer/events``.
public enum KafkaConsumerEvent: Sendable {
    /// The assignment changed; sent after the change was applied.
    case rebalance(KafkaRebalanceEvent)
    /// An offset commit failed (automatic, ``KafkaConsumer/commitAsync()`` or on revoke).
    case commitFailed(KafkaError)
    /// librdkafka reported an error; ``KafkaError/isFatal`` ones end the consumer's usefulness.
    case error(KafkaError)
    /// A statistics report (when `statisticsInterval` is set).
    case statistics(KafkaStatistics)
}

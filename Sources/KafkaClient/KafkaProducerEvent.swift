/// Something a ``KafkaProducer`` reports besides delivery results, see ``KafkaProducer/events``.
public enum KafkaProducerEvent: Sendable {
    /// A record handed to ``KafkaProducer/enqueue(_:)`` could not be delivered.
    case deliveryFailed(KafkaDeliveryFailure)
    /// librdkafka reported an error; ``KafkaError/isFatal`` ones end the producer's usefulness.
    case error(KafkaError)
    /// A statistics report (when `statisticsInterval` is set).
    case statistics(KafkaStatistics)
}

/// The pending delivery report of one record handed to ``KafkaProducer/submit(_:)``.
public struct KafkaDeliveryTicket: Sendable {
    let box: DeliveryBox

    /// Waits for the broker's acknowledgement; throws the delivery error if the record was not delivered.
    /// May be called once or several times; the report is kept.
    public func wait() async throws -> KafkaDeliveryReport {
        try await box.wait()
    }
}

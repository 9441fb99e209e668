import KafkaClient
import Testing

@Test func linksLibrdkafka2() {
    #expect(librdkafkaVersion.hasPrefix("2."))
}

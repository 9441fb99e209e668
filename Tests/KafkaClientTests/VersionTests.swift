import KafkaClient
import TestSupport
import Testing

@Test func linksLibrdkafka2() {
    #expect(librdkafkaVersion.hasPrefix("2."))
}

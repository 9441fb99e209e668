import BouncePipeline
import KafkaClient
import Testing

struct RecordHeadersTests {
    @Test(arguments: [
        ("bounces.raw", Int32(0), Int64(0)), ("t", 7, 1_234_567_890_123),
        ("a-much-longer-topic.name", 2_147_483_647, -1001),
        ("x", 12, Int64.max), ("y", -1, Int64.min),
    ])
    func sourceIsTopicPartitionOffset(topic: String, partition: Int32, offset: Int64) {
        let message = KafkaMessage(topic: topic, partition: partition, offset: offset, value: [])
        #expect(RecordHeaders.sourceValue(of: message) == "\(topic)/\(partition)/\(offset)")
        #expect(RecordHeaders.sourceBytes(of: message) == Array("\(topic)/\(partition)/\(offset)".utf8))
    }
}

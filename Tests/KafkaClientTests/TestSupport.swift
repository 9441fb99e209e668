import KafkaClient
import TestSupport

/// Consumer settings suited to the mock cluster: short sessions so rebalances take seconds.
func testConsumerConfiguration(
    cluster: KafkaMockCluster,
    group: String,
    strategy: KafkaConsumerConfiguration.AssignmentStrategy = .cooperativeSticky
) -> KafkaConsumerConfiguration {
    var configuration = KafkaConsumerConfiguration(
        groupID: group,
        connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers], clientID: group),
        assignmentStrategy: strategy,
        autoCommitInterval: .seconds(1),
        sessionTimeout: .milliseconds(4000),
        heartbeatInterval: .milliseconds(300)
    )
    configuration.additionalProperties["fetch.wait.max.ms"] = "100"
    configuration.additionalProperties["topic.metadata.refresh.interval.ms"] = "2000"
    return configuration
}

/// Producer settings suited to the mock cluster.
func testProducerConfiguration(cluster: KafkaMockCluster) -> KafkaProducerConfiguration {
    KafkaProducerConfiguration(
        connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers]),
        messageTimeout: .seconds(60)
    )
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}

import KafkaClient
import TestSupport
import Testing

@Suite("Configuration, statistics and admin")
struct ConfigurationTests {
    @Test("defaults map to librdkafka properties; pass-through wins")
    func consumerAndProducerDefaults() {
        var consumer = KafkaConsumerConfiguration(groupID: "g")
        consumer.additionalProperties["fetch.wait.max.ms"] = "50"
        consumer.additionalProperties["session.timeout.ms"] = "7000"
        let properties = consumer.properties
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["enable.auto.commit"] == "true")
        #expect(properties["auto.commit.interval.ms"] == "5000")
        #expect(properties["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(properties["queued.max.messages.kbytes"] == "8192")
        #expect(properties["fetch.wait.max.ms"] == "50")
        #expect(properties["session.timeout.ms"] == "7000")

        let producer = KafkaProducerConfiguration().properties
        #expect(producer["enable.idempotence"] == "true")
        #expect(producer["partitioner"] == "murmur2_random")
        #expect(producer["acks"] == "all")
    }

    @Test("secrets are masked in descriptions")
    func secretsAreRedacted() {
        var connection = KafkaConnectionConfiguration(
            securityProtocol: .saslSSL,
            saslMechanism: .scramSHA512,
            saslUsername: "worker",
            saslPassword: "hunter2",
            tlsKeyPassword: "key-secret"
        )
        connection.clientID = "bw"
        var configuration = KafkaProducerConfiguration(connection: connection)
        configuration.additionalProperties["ssl.key.pem"] = "-----BEGIN PRIVATE KEY-----"
        configuration.additionalProperties["sasl.oauthbearer.client.secret"] = "s3cr3t"
        let description = configuration.redactedDescription
        for secret in ["hunter2", "key-secret", "BEGIN PRIVATE KEY", "s3cr3t"] {
            #expect(!description.contains(secret))
        }
        #expect(description.contains("sasl.password=[REDACTED]"))
        #expect(description.contains("sasl.username=worker"))
        #expect(description.contains("sasl.mechanism=SCRAM-SHA-512"))
    }

    @Test("an invalid property is named in the error, its secret value never")
    func invalidPropertyIsNamed() {
        var configuration = KafkaProducerConfiguration()
        configuration.additionalProperties["no.such.property"] = "1"
        let error = #expect(throws: KafkaConfigurationError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: testLogger("p"))
        }
        #expect(error?.property == "no.such.property")
    }

    @Test("statistics JSON is parsed into KafkaStatistics")
    func statisticsParsing() throws {
        let json = """
            {"name":"c#consumer-1","type":"consumer","ts":123,"replyq":2,"msg_cnt":5,"msg_size":640,
             "txmsgs":7,"rxmsgs":9,
             "brokers":{"localhost:9092/1":{"name":"localhost:9092/1","nodeid":1,"state":"UP",
                 "outbuf_cnt":1,"waitresp_cnt":3,"rtt":{"avg":1500,"p99":9000}}},
             "topics":{"t":{"partitions":{
                 "0":{"partition":0,"consumer_lag":42,"fetchq_cnt":10,"fetchq_size":2048,"msgq_cnt":1,
                      "committed_offset":100,"hi_offset":142},
                 "-1":{"partition":-1,"consumer_lag":-1}}}},
             "cgrp":{"state":"up","rebalance_cnt":3}}
            """
        let statistics = try #require(KafkaStatistics(json: Array(json.utf8)))
        #expect(statistics.clientType == "consumer")
        #expect(statistics.producerQueueMessages == 5)
        #expect(statistics.producerQueueBytes == 640)
        #expect(statistics.receivedMessages == 9)
        #expect(statistics.brokers.first?.rttP99Microseconds == 9000)
        #expect(statistics.brokers.first?.rttAverageMicroseconds == 1500)
        #expect(statistics.partitions.count == 1)
        #expect(statistics.partitions.first?.consumerLag == 42)
        #expect(statistics.partitions.first?.fetchQueueBytes == 2048)
        #expect(statistics.groupState == "up")
        #expect(statistics.rebalanceCount == 3)
        #expect(KafkaStatistics(json: Array("not json".utf8)) == nil)
    }

    @Test("producer statistics arrive as events")
    func producerStatisticsEvents() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        var configuration = testProducerConfiguration(cluster: cluster)
        configuration.statisticsInterval = .milliseconds(100)
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger("p"))
        try cluster.createTopic(name: "stats", partitions: 2)
        try await producer.send(KafkaProducerRecord(topic: "stats", value: "x".bytes))
        var received: KafkaStatistics?
        for await case .statistics(let statistics) in producer.events where statistics.transmittedMessages >= 1 {
            received = statistics
            break
        }
        #expect(received?.clientType == "producer")
        #expect(received?.brokers.isEmpty == false)
        await producer.close()
    }

    @Test("Kafka API names map to protocol keys")
    func apiNames() {
        #expect(KafkaAPI(name: "Produce") == .produce)
        #expect(KafkaAPI(name: "offsetcommit")?.rawValue == 8)
        #expect(KafkaAPI(name: "InitProducerId")?.rawValue == 22)
        #expect(KafkaAPI(name: "1") == .fetch)
        #expect(KafkaAPI(name: "Nope") == nil)
    }

    @Test("mock cluster rejects unknown brokers; admin describes its topics")
    func mockClusterAndAdmin() async throws {
        let cluster = try KafkaMockCluster(brokers: 2, logger: testLogger("mock"))
        #expect(cluster.bootstrapServers.split(separator: ",").count == 2)
        #expect(throws: KafkaError.self) { try cluster.setBrokerDown(5) }
        try cluster.createTopic(name: "described", partitions: 5, replicationFactor: 2)
        let admin = try KafkaAdminClient(
            connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers]),
            logger: testLogger("admin")
        )
        let topics = try await admin.describeTopics(["described"])
        #expect(topics.first?.partitions.count == 5)
        #expect(topics.first?.partitions.first?.replicas.count == 2)
        await #expect(throws: KafkaError.self) { _ = try await admin.describeTopics(["missing-topic"]) }
        cluster.shutdown()
        #expect(throws: KafkaError.self) { try cluster.createTopic(name: "late", partitions: 1) }
    }

    @Test("BounceWorker topics have their default partition counts")
    func bounceWorkerTopics() {
        let defaults = Dictionary(
            uniqueKeysWithValues: BounceWorkerTopics.defaultPartitions.map { ($0.name, $0.partitions) })
        #expect(defaults["bounces.raw"] == 12)
        #expect(defaults["bounces.dlq"] == 3)
        #expect(defaults.count == 8)
    }
}

@Suite("Admin against the mock cluster")
struct AdminTests {
    @Test("CreateTopics against the mock cluster (no controller) ends in a typed timeout error")
    func createTopicsSurfacesErrors() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger("mock"))
        defer { cluster.shutdown() }
        let admin = try KafkaAdminClient(
            connection: KafkaConnectionConfiguration(bootstrapServers: [cluster.bootstrapServers]),
            logger: testLogger("admin")
        )
        let spec = KafkaTopicSpec(
            name: uniqueName("compacted"), partitions: 3, replicationFactor: 1, config: ["cleanup.policy": "compact"])
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([spec], timeout: .seconds(2))
        }
        // The mock reports no controller, so librdkafka gives up waiting for one.
        #expect(error?.codeName == "_TIMED_OUT")
    }
}

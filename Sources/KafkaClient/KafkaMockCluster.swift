import CRdKafka
import Logging
import Synchronization

/// librdkafka's in-process mock Kafka cluster, for tests and `bounce-worker dev-broker`.
///
/// The brokers listen on localhost; any client (this layer, `kcat`, ...) can use
/// ``bootstrapServers``. The cluster is memory only and keeps roughly 5 MiB per partition.
/// Its control calls are synchronous and may be made from any thread: `rdkafka_mock.h` does
/// not spell out thread-safety, but librdkafka implements them either as commands posted to
/// the cluster's own thread (waiting for the in-memory change, which takes microseconds) or
/// under the cluster's mutex; this type additionally serialises them under its own lock.
public final class KafkaMockCluster: Sendable {
    /// `@unchecked Sendable` wrapper: the pointer is only used under `state`'s lock, and
    /// destroyed once there, after which it is never used again.
    private struct ClusterPointer: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private struct State {
        var running = true
    }

    private let owner: RdKafkaHandle
    private let cluster: ClusterPointer
    private let state = Mutex(State())
    private let opaque: ContextPointer

    /// `@unchecked Sendable`: the retained context pointer is only released once in `shutdown()`.
    private struct ContextPointer: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    /// The number of brokers; their ids are 1 through `brokerCount`.
    public let brokerCount: Int

    /// The cluster's `bootstrap.servers` list, e.g. `"127.0.0.1:40123,127.0.0.1:40125"`.
    public let bootstrapServers: String

    /// Starts a cluster of `brokers` brokers (ids 1...brokers).
    public init(brokers: Int = 3, logger: Logger = Logger(label: "kafka.mock-cluster")) throws {
        guard brokers > 0 else { throw KafkaError.client("A mock cluster needs at least one broker") }
        let context = CallbackContext(logger: logger)
        // The cluster needs an rd_kafka_t for its bookkeeping: a producer that sends nothing.
        let conf = try RdKafkaConfiguration.make(["client.id": "mock-cluster-owner", "log.connection.close": "false"])
        let opaque = context.install(on: conf)
        let pointer: OpaquePointer
        do {
            pointer = try RdKafkaConfiguration.newClient(type: RD_KAFKA_PRODUCER, conf: conf)
        } catch {
            CallbackContext.release(opaque)
            throw error
        }
        guard let cluster = rd_kafka_mock_cluster_new(pointer, Int32(brokers)) else {
            rd_kafka_destroy(pointer)
            CallbackContext.release(opaque)
            throw KafkaError.client("rd_kafka_mock_cluster_new failed")
        }
        self.owner = RdKafkaHandle(pointer: pointer)
        self.cluster = ClusterPointer(pointer: cluster)
        self.opaque = ContextPointer(pointer: opaque)
        self.brokerCount = brokers
        self.bootstrapServers = rd_kafka_mock_cluster_bootstraps(cluster).map { String(cString: $0) } ?? ""
    }

    deinit {
        shutdown()
    }

    /// Stops the brokers and frees the cluster. Later calls do nothing; other methods throw.
    public func shutdown() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.running = false }
            return state.running
        }
        guard wasRunning else { return }
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        rd_kafka_destroy(owner.pointer)
        CallbackContext.release(opaque.pointer)
    }

    /// Creates a topic (replication factor is capped at the broker count).
    public func createTopic(name: String, partitions: Int, replicationFactor: Int = 1) throws {
        guard partitions > 0 else { throw KafkaError.client("Topic \(name) needs at least one partition") }
        try check("create topic \(name)") { cluster in
            rd_kafka_mock_topic_create(
                cluster, name, Int32(partitions), Int32(min(max(1, replicationFactor), brokerCount)))
        }
    }

    /// Disconnects broker `id` and refuses new connections (leaders do not move).
    public func setBrokerDown(_ id: Int32) throws {
        try checkBroker(id)
        try check("set broker \(id) down") { rd_kafka_mock_broker_set_down($0, id) }
    }

    /// Lets broker `id` accept connections again.
    public func setBrokerUp(_ id: Int32) throws {
        try checkBroker(id)
        try check("set broker \(id) up") { rd_kafka_mock_broker_set_up($0, id) }
    }

    /// Delays every response of broker `broker` by `milliseconds` (0 removes the delay).
    public func setRoundTripTime(broker: Int32, milliseconds: Int) throws {
        try checkBroker(broker)
        try check("set rtt of broker \(broker)") { rd_kafka_mock_broker_set_rtt($0, broker, Int32(milliseconds)) }
    }

    /// Makes the next `errors.count` requests of type `api` fail with the given Kafka error
    /// codes, in order (e.g. `[6]` for NOT_LEADER_OR_FOLLOWER, `-195` to disconnect).
    public func pushRequestErrors(api: KafkaAPI, errors: [Int32]) throws {
        try check("push request errors") { cluster in
            let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
            codes.withUnsafeBufferPointer { buffer in
                rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, buffer.count, buffer.baseAddress)
            }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Makes the next `count` requests of type `api` fail with `code`.
    public func pushRequestErrors(api: KafkaAPI, code: Int32, count: Int) throws {
        try pushRequestErrors(api: api, errors: Array(repeating: code, count: count))
    }

    /// Drops the errors still queued for `api`.
    public func clearRequestErrors(api: KafkaAPI) throws {
        try check("clear request errors") { cluster in
            rd_kafka_mock_clear_request_errors(cluster, api.rawValue)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    private func checkBroker(_ id: Int32) throws {
        guard id == -1 || (1...Int32(brokerCount)).contains(id) else {
            throw KafkaError.client("Unknown broker \(id); brokers are 1...\(brokerCount) (or -1 for all)")
        }
    }

    private func check(_ what: String, _ body: (OpaquePointer) -> rd_kafka_resp_err_t) throws {
        try state.withLock { state in
            guard state.running else { throw KafkaError.client("The mock cluster was shut down") }
            let err = body(cluster.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError.from(err, context: what) }
        }
    }
}

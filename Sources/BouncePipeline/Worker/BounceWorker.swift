import BounceClassifier
import Foundation
import KafkaClient
import Logging
import ServiceLifecycle

/// One BounceWorker instance: the shared producer and the classify and policy stages, run as a service
/// group that shuts down gracefully on SIGTERM/SIGINT (stop fetching, drain, flush, commit, leave the group).
public struct BounceWorker: Sendable {
    /// The configuration.
    public let configuration: WorkerConfiguration
    /// Observes both stages (metrics, health); may be `nil`.
    public let observer: StageObserver?
    /// Services that run beside the stages and stop after them, e.g. the ``OperationsServer`` (metrics and
    /// health over HTTP).
    public let auxiliaryServices: [any Service]
    /// A test hook that crashes both stages' consumers (see ``CrashSimulation``); `nil` outside tests.
    public let crashSimulation: CrashSimulation?
    private let logger: Logger

    /// Creates a worker.
    public init(
        configuration: WorkerConfiguration, observer: StageObserver? = nil, auxiliaryServices: [any Service] = [],
        crashSimulation: CrashSimulation? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.observer = observer
        self.auxiliaryServices = auxiliaryServices
        self.crashSimulation = crashSimulation
        self.logger = logger
    }

    /// The current wall-clock time in milliseconds since the epoch.
    public static let systemNow: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Builds the instance's services in start order: the auxiliary services first, then each stage's producer,
    /// then the stages. The group stops them in reverse order, so the stages drain first, the producers flush
    /// after them, and the health and metrics endpoints answer until the very end.
    ///
    /// Each stage has a producer of its own: the stages' records then never wait in one another's librdkafka
    /// queues and in-flight bound (with one shared producer, the policy stage's four records per input delayed
    /// the classify stage's).
    public func makeServices() throws -> [any Service] {
        var services: [any Service] = auxiliaryServices
        let topics = configuration.topics
        func makeProducer(writingTo outputs: [String]) throws -> KafkaProducer {
            let producer = try KafkaProducer(configuration: configuration.producerConfiguration, logger: logger)
            services.append(
                ProducerService(
                    producer: producer, flushTimeout: configuration.drainTimeout, topics: outputs, logger: logger))
            return producer
        }
        let classifyProducer =
            configuration.stages.contains(.classify)
            ? try makeProducer(writingTo: [topics.classified, topics.deadLetter]) : nil
        let policyProducer =
            configuration.stages.contains(.policy)
            ? try makeProducer(writingTo: [
                topics.bounceLog, topics.subscriberStatus, topics.blacklist, topics.policyState, topics.deadLetter,
            ]) : nil
        if let producer = classifyProducer {
            let processor = ClassifyProcessor(
                classifier: BounceClassifier(policy: configuration.policy.policy), topics: topics, now: Self.systemNow,
                observer: observer)
            services.append(
                PartitionedStage(
                    name: "classify",
                    consumerConfiguration: configuration.consumerConfiguration(groupID: configuration.classifyGroupID),
                    topics: [topics.raw, topics.commands], producer: producer, processor: processor,
                    limits: configuration.limits, revokeTimeout: configuration.revokeTimeout, observer: observer,
                    crashSimulation: crashSimulation, logger: logger))
        }
        if let producer = policyProducer {
            let observer = self.observer
            let restorer = ChangelogRestorer(
                topic: topics.policyState, connection: configuration.connection, timeout: configuration.restoreTimeout,
                logger: logger
            ) { partition, addresses, seconds in
                observer?.stateRestored(partition: partition, addresses: addresses, seconds: seconds)
            }
            let processor = PolicyProcessor(
                engine: PolicyEngine(configuration: configuration.policy), topics: topics, restorer: restorer,
                now: Self.systemNow, observer: observer)
            services.append(
                PartitionedStage(
                    name: "policy",
                    consumerConfiguration: configuration.consumerConfiguration(groupID: configuration.policyGroupID),
                    topics: [topics.classified], producer: producer, processor: processor,
                    limits: configuration.limits, revokeTimeout: configuration.revokeTimeout, observer: observer,
                    crashSimulation: crashSimulation, logger: logger))
        }
        return services
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully within ``WorkerConfiguration/drainTimeout``.
    public func run() async throws {
        var groupConfiguration = ServiceGroupConfiguration(
            services: try makeServices().map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.drainTimeout
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}

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
    /// Observes both stages; may be `nil`.
    public let observer: StageObserver?
    private let logger: Logger

    /// Creates a worker.
    public init(configuration: WorkerConfiguration, observer: StageObserver? = nil, logger: Logger) {
        self.configuration = configuration
        self.observer = observer
        self.logger = logger
    }

    /// The current wall-clock time in milliseconds since the epoch.
    public static let systemNow: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Builds the instance's services in start order (the producer first, so that it stops last).
    public func makeServices() throws -> [any Service] {
        let producer = try KafkaProducer(configuration: configuration.producerConfiguration, logger: logger)
        var services: [any Service] = [
            ProducerService(producer: producer, flushTimeout: configuration.drainTimeout, logger: logger)
        ]
        let topics = configuration.topics
        if configuration.stages.contains(.classify) {
            let processor = ClassifyProcessor(
                classifier: BounceClassifier(policy: configuration.policy.policy), topics: topics, now: Self.systemNow)
            services.append(
                PartitionedStage(
                    name: "classify",
                    consumerConfiguration: configuration.consumerConfiguration(groupID: configuration.classifyGroupID),
                    topics: [topics.raw, topics.commands], producer: producer, processor: processor,
                    limits: configuration.limits, revokeTimeout: configuration.revokeTimeout, observer: observer,
                    logger: logger))
        }
        if configuration.stages.contains(.policy) {
            let restorer = ChangelogRestorer(
                topic: topics.policyState, connection: configuration.connection, timeout: configuration.restoreTimeout,
                logger: logger)
            let processor = PolicyProcessor(
                engine: PolicyEngine(configuration: configuration.policy), topics: topics, restorer: restorer,
                now: Self.systemNow)
            services.append(
                PartitionedStage(
                    name: "policy",
                    consumerConfiguration: configuration.consumerConfiguration(groupID: configuration.policyGroupID),
                    topics: [topics.classified], producer: producer, processor: processor,
                    limits: configuration.limits, revokeTimeout: configuration.revokeTimeout, observer: observer,
                    logger: logger))
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

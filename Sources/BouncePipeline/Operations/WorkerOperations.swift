import CoreMetrics
import Logging
import Prometheus
import ServiceLifecycle

/// What a worker process needs for operations: its metrics (in a Prometheus registry), its health, and the
/// HTTP server that exposes both. `bounce-worker run` builds one and passes ``observer`` and ``services(logger:)``
/// to ``BounceWorker``.
public struct WorkerOperations: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    /// The Prometheus factory over ``registry`` (with the worker's histogram buckets).
    public let factory: PrometheusMetricsFactory
    /// The worker's metrics.
    public let metrics: WorkerMetrics
    /// The worker's liveness and readiness.
    public let health: WorkerHealth
    /// The settings.
    public let configuration: OperationsConfiguration

    /// Creates metrics in `registry` and a health tracker for the stages `worker` runs.
    public init(worker: WorkerConfiguration, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        factory = WorkerMetrics.prometheusFactory(registry: registry)
        metrics = WorkerMetrics(factory: factory)
        let stages = WorkerConfiguration.Stage.allCases.filter { worker.stages.contains($0) }.map(\.rawValue)
        health = WorkerHealth(
            stages: stages, livenessTimeout: worker.operations.livenessTimeout,
            brokerTimeout: worker.operations.brokerTimeout)
        configuration = worker.operations
    }

    /// The observer to give the worker: metrics and health.
    public var observer: any StageObserver { StageObservers([metrics, health]) }

    /// The metrics in Prometheus text format (the readiness gauge updated first).
    public func metricsText() -> [UInt8] {
        metrics.recordReady(health.readiness().ok)
        return registry.emitToBuffer()
    }

    /// The HTTP server, unless it is turned off.
    public func services(logger: Logger) -> [any Service] {
        guard let port = configuration.httpPort else { return [] }
        let operations = self
        return [
            OperationsServer(port: port, health: health, metrics: { operations.metricsText() }, logger: logger)
        ]
    }
}

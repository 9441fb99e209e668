/// The metrics and health endpoints' settings (`BW_HTTP_PORT`, `BW_LIVENESS_TIMEOUT_S`,
/// `BW_READY_BROKER_TIMEOUT_S`).
public struct OperationsConfiguration: Sendable, Hashable {
    /// The HTTP port of `/metrics`, `/health/live` and `/health/ready`; `nil` turns the server off.
    /// Default 9464.
    public var httpPort: UInt16?
    /// How old a stage's heartbeat may be before `/health/live` fails. Default 30 s.
    public var livenessTimeout: Duration
    /// How old librdkafka statistics may be and still decide whether a broker is up. Default 30 s.
    public var brokerTimeout: Duration

    /// Creates the settings; every parameter has the documented default.
    public init(
        httpPort: UInt16? = 9464, livenessTimeout: Duration = .seconds(30), brokerTimeout: Duration = .seconds(30)
    ) {
        self.httpPort = httpPort
        self.livenessTimeout = livenessTimeout
        self.brokerTimeout = brokerTimeout
    }
}

/// Connection and security settings shared by consumers, producers and admin clients.
///
/// Secrets (SASL password, TLS key password or PEM) are passed to librdkafka as-is and
/// are masked in ``redactedDescription`` and in every log line this layer writes.
public struct KafkaConnectionConfiguration: Sendable {
    /// How the client talks to brokers (`security.protocol`).
    public enum SecurityProtocol: String, Sendable {
        /// Plain TCP, no authentication (`plaintext`).
        case plaintext
        /// TLS without SASL (`ssl`).
        case ssl
        /// SASL over plain TCP (`sasl_plaintext`).
        case saslPlaintext = "sasl_plaintext"
        /// SASL over TLS (`sasl_ssl`).
        case saslSSL = "sasl_ssl"
    }

    /// SASL mechanism (`sasl.mechanism`).
    public enum SASLMechanism: String, Sendable {
        /// `PLAIN`.
        case plain = "PLAIN"
        /// `SCRAM-SHA-256`.
        case scramSHA256 = "SCRAM-SHA-256"
        /// `SCRAM-SHA-512`.
        case scramSHA512 = "SCRAM-SHA-512"
    }

    /// Initial brokers as `host:port` strings (`bootstrap.servers`). Default: `["localhost:9092"]`.
    public var bootstrapServers: [String]
    /// Client identifier sent to brokers (`client.id`). Default: `"bounce-worker"`.
    public var clientID: String
    /// Transport security (`security.protocol`). Default: ``SecurityProtocol/plaintext``.
    public var securityProtocol: SecurityProtocol
    /// SASL mechanism (`sasl.mechanism`); only used with a SASL security protocol. Default: `nil`.
    public var saslMechanism: SASLMechanism?
    /// SASL user name (`sasl.username`). Default: `nil`.
    public var saslUsername: String?
    /// SASL password (`sasl.password`). Never logged. Default: `nil`.
    public var saslPassword: String?
    /// Path of the CA bundle used to verify brokers (`ssl.ca.location`). Default: `nil` (system store).
    public var tlsCALocation: String?
    /// Path of the client certificate (`ssl.certificate.location`). Default: `nil`.
    public var tlsCertificateLocation: String?
    /// Path of the client private key (`ssl.key.location`). Default: `nil`.
    public var tlsKeyLocation: String?
    /// Password of the client private key (`ssl.key.password`). Never logged. Default: `nil`.
    public var tlsKeyPassword: String?

    /// Creates connection settings; every parameter has the documented default.
    public init(
        bootstrapServers: [String] = ["localhost:9092"],
        clientID: String = "bounce-worker",
        securityProtocol: SecurityProtocol = .plaintext,
        saslMechanism: SASLMechanism? = nil,
        saslUsername: String? = nil,
        saslPassword: String? = nil,
        tlsCALocation: String? = nil,
        tlsCertificateLocation: String? = nil,
        tlsKeyLocation: String? = nil,
        tlsKeyPassword: String? = nil
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.securityProtocol = securityProtocol
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.tlsCALocation = tlsCALocation
        self.tlsCertificateLocation = tlsCertificateLocation
        self.tlsKeyLocation = tlsKeyLocation
        self.tlsKeyPassword = tlsKeyPassword
    }

    /// The librdkafka properties these settings stand for.
    var properties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers.joined(separator: ","),
            "client.id": clientID,
            "security.protocol": securityProtocol.rawValue,
        ]
        result["sasl.mechanism"] = saslMechanism?.rawValue
        result["sasl.username"] = saslUsername
        result["sasl.password"] = saslPassword
        result["ssl.ca.location"] = tlsCALocation
        result["ssl.certificate.location"] = tlsCertificateLocation
        result["ssl.key.location"] = tlsKeyLocation
        result["ssl.key.password"] = tlsKeyPassword
        return result
    }
}

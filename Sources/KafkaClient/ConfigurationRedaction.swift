/// Masking of secret librdkafka properties for logs and descriptions.
public enum KafkaConfigurationRedaction {
    /// The text that replaces a secret value.
    public static let mask = "[REDACTED]"

    /// Whether the value of property `name` must never be shown: `sasl.password`,
    /// `ssl.key.password`, `ssl.key.pem`, `sasl.oauthbearer.client.secret`, and any
    /// property whose name contains `password`, `secret`, `pem` key material or `jaas`.
    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        let markers = ["password", "secret", "ssl.key.pem", "ssl_key", "sasl.jaas", "credential", "token"]
        return markers.contains { lowered.contains($0) }
    }

    /// Renders `properties` as sorted `key=value` lines with secrets masked.
    public static func describe(_ properties: [String: String]) -> String {
        properties.keys.sorted().map { key in
            let value = properties[key] ?? ""
            return "\(key)=\(isSecret(key) ? mask : value)"
        }.joined(separator: "\n")
    }
}

/// The input formats the classifier reads.
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    /// Detect the format from the bytes.
    case auto
    /// BounceWorker's canonical JSON event (or an array of them), as sent by the ESP's own MTA.
    case canonical
    /// A raw RFC 5322 email: an RFC 3464 delivery-status report, a non-standard bounce, an RFC 5965 ARF
    /// complaint or an RFC 3834 auto-reply.
    case email
    /// An Amazon SES notification, bare or wrapped in an SNS envelope.
    case ses
    /// A SendGrid event webhook payload (an array of events).
    case sendgrid
    /// A Mailgun webhook payload (`event-data`).
    case mailgun
    /// A Postmark bounce or spam-complaint webhook.
    case postmark
    /// A SparkPost webhook batch (`msys` events).
    case sparkpost
}

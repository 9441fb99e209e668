/// A readable account of how one SMTP reply or diagnostic text is classified.
public struct BounceExplanation: Sendable {
    /// The text explained.
    public var text: String
    /// The SMTP reply code found, if any.
    public var replyCode: Int?
    /// The enhanced status code found (or, for the `standard` policy, inferred).
    public var status: StatusCode?
    /// Where the status code came from.
    public var statusSource: StatusSource?
    /// The reason decided.
    public var reason: BounceReason
    /// The text patterns of that reason that matched, if the text decided it.
    public var matchedPatterns: [String]
    /// The result under each policy.
    public var results: [(policy: SuppressionPolicy, result: BounceResult)]
    /// Advice for the sender.
    public var advice: String

    /// Explains how `text` (an SMTP reply or diagnostic, e.g. `550 5.7.1 Message rejected as spam`) is classified.
    public init(explaining text: String) {
        self.text = text
        let observation = BounceObservation(kind: .bounce, recipient: "", diagnostic: text)
        var results: [(SuppressionPolicy, BounceResult)] = []
        for policy in SuppressionPolicy.allCases {
            let result = BounceClassifier(policy: policy).decide(observation, format: .canonical, identity: text)
            results.append((policy, result))
        }
        self.results = results
        let standard = results[0].1
        self.replyCode = standard.replyCode
        self.status = standard.status
        self.statusSource = standard.statusSource
        self.reason = standard.reason
        self.matchedPatterns = TextMatcher.standard.matchingPatterns(of: standard.reason, in: text)
        self.advice = BounceAdvice.advice(reason: standard.reason, status: standard.status)
    }
}

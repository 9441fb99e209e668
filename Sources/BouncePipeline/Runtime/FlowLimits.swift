/// Bounds on the messages a stage holds at once. When a bound is hit the stage pauses the affected
/// partitions (and keeps polling, so that it stays in the group); it resumes them below the low-water marks.
public struct FlowLimits: Sendable, Hashable {
    /// In-flight messages per partition before it is paused. Default 2,000.
    public var maxInFlightPerPartition: Int
    /// In-flight messages per partition below which a paused partition resumes. Default half the maximum.
    public var resumeBelowPerPartition: Int
    /// In-flight messages in all partitions before every partition is paused. Default 10,000.
    public var maxInFlightTotal: Int
    /// In-flight messages in all partitions below which the stage resumes. Default half the maximum.
    public var resumeBelowTotal: Int

    /// Creates limits; the low-water marks default to half the maxima.
    public init(
        maxInFlightPerPartition: Int = 2_000, resumeBelowPerPartition: Int? = nil, maxInFlightTotal: Int = 10_000,
        resumeBelowTotal: Int? = nil
    ) {
        self.maxInFlightPerPartition = max(1, maxInFlightPerPartition)
        self.resumeBelowPerPartition = max(
            0, min(resumeBelowPerPartition ?? maxInFlightPerPartition / 2, maxInFlightPerPartition - 1))
        self.maxInFlightTotal = max(1, maxInFlightTotal)
        self.resumeBelowTotal = max(0, min(resumeBelowTotal ?? maxInFlightTotal / 2, maxInFlightTotal - 1))
    }
}

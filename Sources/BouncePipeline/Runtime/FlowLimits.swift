/// Bounds on the messages a stage holds at once. At a partition's bound the stage pauses that partition; at
/// its total bound it stops taking messages from the consumer, and pauses every partition when it stays there
/// longer than ``totalBoundGrace``. It keeps polling meanwhile (so that it stays in the group) and resumes below
/// the low-water marks.
public struct FlowLimits: Sendable, Hashable {
    /// In-flight messages per partition before it is paused. Default 2,000.
    public var maxInFlightPerPartition: Int
    /// In-flight messages per partition below which a paused partition resumes. Default half the maximum.
    public var resumeBelowPerPartition: Int
    /// In-flight messages in all partitions before the stage stops taking messages. Default 7,500: with a slow
    /// broker (50 ms round trips) and a large backlog, both stages of one process then stay under 200 MB of
    /// resident memory (10,000: 190–208 MB), at the price of fewer messages per second while the broker is
    /// that slow. See BENCHMARKS.md.
    public var maxInFlightTotal: Int
    /// In-flight messages in all partitions below which the stage resumes. Default half the maximum.
    public var resumeBelowTotal: Int
    /// How long the stage may stay at its total bound before it pauses every partition. Default 100 ms.
    ///
    /// Until then librdkafka keeps fetching ahead (its prefetch is bounded by `queued.min.messages` and
    /// `queued.max.messages.kbytes`), so a stage that drains quickly finds the next messages waiting. Pausing
    /// bounds the prefetch harder but drops it: librdkafka fetches those messages again on resume, which on a
    /// broker that returns one record batch per partition and fetch (the mock cluster) starves the stage.
    public var totalBoundGrace: Duration

    /// Creates limits; the low-water marks default to half the maxima.
    public init(
        maxInFlightPerPartition: Int = 2_000, resumeBelowPerPartition: Int? = nil, maxInFlightTotal: Int = 7_500,
        resumeBelowTotal: Int? = nil, totalBoundGrace: Duration = .milliseconds(100)
    ) {
        self.maxInFlightPerPartition = max(1, maxInFlightPerPartition)
        self.resumeBelowPerPartition = max(
            0, min(resumeBelowPerPartition ?? maxInFlightPerPartition / 2, maxInFlightPerPartition - 1))
        self.maxInFlightTotal = max(1, maxInFlightTotal)
        self.resumeBelowTotal = max(0, min(resumeBelowTotal ?? maxInFlightTotal / 2, maxInFlightTotal - 1))
        self.totalBoundGrace = max(.zero, totalBoundGrace)
    }
}

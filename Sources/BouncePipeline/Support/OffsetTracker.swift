/// Tracks the messages of one partition from receipt to completion, and says how far offsets may be stored:
/// only up to the contiguous prefix of completed messages, so that no message is skipped after a crash.
///
/// Offsets need not be dense (compaction and transaction markers leave gaps): the tracker follows the
/// messages it was given, in the order it was given them.
public struct OffsetTracker: Sendable {
    private var offsets: [Int64] = []
    private var done: [Bool] = []
    private var head = 0
    /// The offset to store next: one past the last message of the completed prefix, or `nil` before any.
    public private(set) var committable: Int64?

    /// Creates an empty tracker.
    public init() {}

    /// The number of messages begun and not yet inside the completed prefix.
    public var inFlight: Int { offsets.count - head }

    /// Records that processing of the message at `offset` began. Offsets must be given in increasing order.
    public mutating func begin(_ offset: Int64) {
        offsets.append(offset)
        done.append(false)
    }

    /// Records that the message at `offset` is complete.
    /// - Returns: the new committable offset if the completed prefix grew, else `nil`.
    @discardableResult
    public mutating func complete(_ offset: Int64) -> Int64? {
        guard let index = indexOf(offset) else { return nil }
        done[index] = true
        guard index == head else { return nil }
        while head < offsets.count, done[head] {
            committable = offsets[head] + 1
            head += 1
        }
        if head > 1024, head * 2 > offsets.count {
            offsets.removeFirst(head)
            done.removeFirst(head)
            head = 0
        }
        return committable
    }

    /// Forgets every message still in flight (used when the partition is revoked).
    public mutating func abandon() {
        offsets.removeAll()
        done.removeAll()
        head = 0
    }

    private func indexOf(_ offset: Int64) -> Int? {
        // Offsets are increasing: binary search the live range.
        var low = head
        var high = offsets.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if offsets[middle] == offset { return middle }
            if offsets[middle] < offset { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}

import Synchronization

/// Metrics of one name, one per label value, made on first use and then reused: the hot path pays a dictionary
/// look-up under a lock, never a registration.
final class LabeledMetrics<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
    private let make: @Sendable (Key) -> Metric
    private let metrics = Mutex<[Key: Metric]>([:])

    init(_ make: @escaping @Sendable (Key) -> Metric) {
        self.make = make
    }

    /// The metric for `key`, made now if it is the first use.
    subscript(_ key: Key) -> Metric {
        metrics.withLock { metrics in
            if let metric = metrics[key] { return metric }
            let metric = make(key)
            metrics[key] = metric
            return metric
        }
    }

    /// Forgets the metrics whose key matches, handing each to `dispose` (e.g. to unregister it).
    func remove(where matches: (Key) -> Bool, dispose: (Metric) -> Void) {
        let removed = metrics.withLock { metrics -> [Metric] in
            let keys = metrics.keys.filter(matches)
            return keys.compactMap { metrics.removeValue(forKey: $0) }
        }
        removed.forEach(dispose)
    }
}

/// A multi-pattern automaton (Aho–Corasick) over bytes: one linear pass over a text reports every occurrence
/// of every pattern, in order of the occurrence's end. Built once from a phrase table; the tables stay data.
///
/// The transition table is dense over byte classes: each byte that occurs in some pattern has its own class,
/// every other byte shares class 0 (which always leads back to the root). A transition's target carries a flag
/// bit when the target state ends at least one pattern, so the scan looks at the output lists only then.
struct PhraseAutomaton: Sendable {
    /// The class of each byte value (256 entries; every value is below `classCount`).
    private let byteClass: [UInt16]
    /// How many byte classes there are (the row width of `transitions`).
    private let classCount: Int
    /// `transitions[state * classCount + class]`: the next state, with ``outputFlag`` set when that state ends
    /// a pattern. Every state's row is complete (failure links are folded in), so a step is one lookup.
    private let transitions: [UInt32]
    /// Where each state's pattern ids start in `outputs` (one entry per state, plus the end).
    private let outputStart: [Int32]
    /// The ids of the patterns that end at each state, its own and those of its failure chain.
    private let outputs: [Int32]
    /// The length of each pattern, by id.
    let lengths: [Int]

    /// The bit of a transition's target that says the target state ends a pattern.
    static let outputFlag: UInt32 = 0x8000_0000

    /// Builds the automaton for `patterns`; a pattern's id is its index. Empty patterns never match.
    init(patterns: [[UInt8]]) {
        lengths = patterns.map(\.count)
        var classes = [UInt16](repeating: 0, count: 256)
        var count = 1
        for pattern in patterns {
            for byte in pattern where classes[Int(byte)] == 0 {
                classes[Int(byte)] = UInt16(count)
                count += 1
            }
        }
        byteClass = classes
        classCount = count

        // The trie: -1 marks a missing edge until the failure links fill it in.
        var edges = [Int](repeating: -1, count: count)
        var own: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let slot = state * count + Int(classes[Int(byte)])
                if edges[slot] < 0 {
                    edges[slot] = own.count
                    own.append([])
                    edges.append(contentsOf: repeatElement(-1, count: count))
                }
                state = edges[slot]
            }
            own[state].append(Int32(id))
        }

        // Breadth first: a state's failure target is shallower, so its outputs are complete when it is read.
        let stateCount = own.count
        var failure = [Int](repeating: 0, count: stateCount)
        var queue = [Int]()
        queue.reserveCapacity(stateCount)
        for byteClass in 0..<count {
            let target = edges[byteClass]
            if target < 0 {
                edges[byteClass] = 0
            } else {
                queue.append(target)
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            if failure[state] != state { own[state].append(contentsOf: own[failure[state]]) }
            for byteClass in 0..<count {
                let slot = state * count + byteClass
                let fallback = edges[failure[state] * count + byteClass]
                if edges[slot] < 0 {
                    edges[slot] = fallback
                } else {
                    failure[edges[slot]] = fallback
                    queue.append(edges[slot])
                }
            }
        }

        var starts = [Int32]()
        starts.reserveCapacity(stateCount + 1)
        var flat = [Int32]()
        for list in own {
            starts.append(Int32(flat.count))
            flat.append(contentsOf: list)
        }
        starts.append(Int32(flat.count))
        outputStart = starts
        outputs = flat
        transitions = edges.map { target in
            UInt32(target) | (own[target].isEmpty ? 0 : Self.outputFlag)
        }
    }

    /// Feeds `bytes` through the automaton from the root. `report(id, end)` is called for each occurrence, with
    /// `end` the index just past the occurrence, in order of `end` (ties in no particular order).
    @inline(__always)
    func scan<Bytes: Sequence>(_ bytes: Bytes, _ report: (_ id: Int, _ end: Int) -> Void)
    where Bytes.Element == UInt8 {
        byteClass.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                outputStart.withUnsafeBufferPointer { outputStart in
                    outputs.withUnsafeBufferPointer { outputs in
                        // Unchecked reads are in bounds by construction: `classes` has 256 entries, each below
                        // `classCount`; every state is below the number of rows, and `table` has `classCount`
                        // entries per row; `outputStart` has an entry per state plus one, each an index into
                        // `outputs` or its end.
                        guard let classes = classes.baseAddress, let table = table.baseAddress else { return }
                        var state = 0
                        var position = 0
                        for byte in bytes {
                            position += 1
                            let next = table[state &* classCount &+ Int(classes[Int(byte)])]
                            state = Int(next & ~Self.outputFlag)
                            if next & Self.outputFlag != 0 {
                                for index in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                                    report(Int(outputs[index]), position)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

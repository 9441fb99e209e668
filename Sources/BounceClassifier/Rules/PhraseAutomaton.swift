/// A multi-pattern automaton (Aho–Corasick) over bytes: one linear pass over a text reports every occurrence
/// of every pattern, in order of the occurrence's end. Built once from a phrase table; the tables stay data.
///
/// The transition table is dense over byte classes: each byte that occurs in some pattern has its own class,
/// every other byte shares class 0 (which always leads back to the root). A state is named by where its row
/// starts, so a step is one addition and one lookup; a transition's target carries a flag bit when the target
/// state ends at least one pattern, so the scan looks at the output lists only then.
struct PhraseAutomaton: Sendable {
    /// The class of each byte value (256 entries; every value is below `classCount`).
    private let byteClass: [UInt16]
    /// ``byteClass`` for ``scanLowering(_:_:)``: an upper-case ASCII letter has its lower-case letter's class,
    /// the space has its class with ``spaceFlag`` set, and ``needsLowering`` marks the bytes that scan cannot
    /// lower in passing (tab, line ends, `@`).
    private let loweringClass: [UInt16]
    /// How many byte classes there are (the row width of `transitions`).
    private let classCount: Int
    /// `transitions[row + class]`: where the next state's row starts, with ``outputFlag`` set when that state
    /// ends a pattern (a state's row starts at its number times `classCount`). Every row is complete (failure
    /// links are folded in), so a step is one lookup.
    private let transitions: [UInt32]
    /// Where each state's pattern ids start in `outputs` (one entry per state, plus the end).
    private let outputStart: [Int32]
    /// The ids of the patterns that end at each state, its own and those of its failure chain.
    private let outputs: [Int32]
    /// The length of each pattern, by id.
    let lengths: [Int]

    /// The bit of a transition's target that says the target state ends a pattern.
    static let outputFlag: UInt32 = 0x8000_0000

    /// The class ``loweringClass`` gives the bytes that need the full lowering.
    private static let needsLowering = UInt16.max
    /// The bit ``loweringClass`` sets on the space's class.
    private static let spaceFlag: UInt16 = 0x8000

    /// Builds the automaton for `patterns`; a pattern's id is its index. Empty patterns never match.
    ///
    /// With `readsFoldedText`, the automaton reads raw text as if its ASCII capitals were small letters and
    /// each run of white space (space, tab, CR, LF) were one space: `patterns` are then given in that folded
    /// form (a pattern with a capital letter, a control byte or two spaces in a row never matches).
    init(patterns: [[UInt8]], readsFoldedText: Bool = false) {
        lengths = patterns.map(\.count)
        var classes = [UInt16](repeating: 0, count: 256)
        var count = 1
        for pattern in patterns {
            for byte in pattern where classes[Int(byte)] == 0 {
                classes[Int(byte)] = UInt16(count)
                count += 1
            }
        }
        let patternClasses = classes
        if readsFoldedText {
            for byte in 0...255 { classes[byte] = patternClasses[Int(Self.folded(UInt8(byte)))] }
        }
        byteClass = classes
        classCount = count
        var lowering = patternClasses
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            lowering[Int(upper)] = patternClasses[Int(upper | 0x20)]
        }
        lowering[0x20] |= Self.spaceFlag
        for special in [0x09, 0x0A, 0x0D, 0x40] { lowering[special] = Self.needsLowering }
        loweringClass = lowering

        // The trie: -1 marks a missing edge until the failure links fill it in.
        var edges = [Int](repeating: -1, count: count)
        var own: [[Int32]] = [[]]
        // Whether each state's path ends with a space.
        var endsWithSpace = [false]
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let slot = state * count + Int(patternClasses[Int(byte)])
                if edges[slot] < 0 {
                    edges[slot] = own.count
                    own.append([])
                    endsWithSpace.append(byte == 0x20)
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
        var table = edges.map { target in
            UInt32(target * count) | (own[target].isEmpty ? 0 : Self.outputFlag)
        }
        // In folded text a space never follows a space: a state whose path ends with one stays where it is on
        // the rest of a white space run, and reports nothing again.
        let spaceClass = Int(patternClasses[0x20])
        if readsFoldedText, spaceClass != 0 {
            for state in 0..<stateCount where endsWithSpace[state] {
                table[state * count + spaceClass] = UInt32(state * count)
            }
        }
        transitions = table
    }

    /// `byte` as folded text reads it: an ASCII capital as its small letter, white space as a space.
    private static func folded(_ byte: UInt8) -> UInt8 {
        if byte == 0x09 || byte == 0x0A || byte == 0x0D { return 0x20 }
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Feeds `bytes` through the automaton from the root. `report(id, end)` is called for each occurrence, with
    /// `end` the index just past the occurrence, in order of `end` (ties in no particular order).
    @inline(__always)
    func scan<Bytes: Sequence>(_ bytes: Bytes, _ report: (_ id: Int, _ end: Int) -> Void)
    where Bytes.Element == UInt8 {
        withTables(byteClass) { classes, table, outputStart, outputs in
            // Unchecked reads are in bounds by construction: `classes` has 256 entries, each below `classCount`;
            // every state is below the number of rows, and `table` has `classCount` entries per row;
            // `outputStart` has an entry per state plus one, each an index into `outputs` or its end.
            var row = 0
            var position = 0
            for byte in bytes {
                position &+= 1
                let next = table[row &+ Int(classes[Int(byte)])]
                row = Int(next & ~Self.outputFlag)
                if next & Self.outputFlag != 0 {
                    reportOutputs(ofRow: row, at: position, outputStart, outputs, report)
                }
            }
        }
    }

    /// For an automaton built from reversed patterns: feeds `bytes` from the last byte to the first and stops at
    /// the first position where a pattern is recognised, which is where the last-starting occurrence of any
    /// pattern starts. Returns the smallest id of the patterns starting there, or `nil` when none occurs.
    func smallestIDStartingLast(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let text = bytes.baseAddress else { return nil }
        return withTables(byteClass) { classes, table, outputStart, outputs -> Int? in
            // Unchecked reads are in bounds as in ``scan(_:_:)``.
            var row = 0
            var index = bytes.count
            while index > 0 {
                index &-= 1
                let next = table[row &+ Int(classes[Int(text[index])])]
                row = Int(next & ~Self.outputFlag)
                if next & Self.outputFlag != 0 {
                    let state = row / classCount
                    var smallest = Int.max
                    for slot in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                        smallest = min(smallest, Int(outputs[slot]))
                    }
                    return smallest
                }
            }
            return nil
        } ?? nil
    }

    /// Scans `text` as ``scan(_:_:)`` scans its lowered form, for the texts whose lowering only lower-cases ASCII
    /// letters and folds runs of spaces into one (dropping leading spaces): positions count the lowered bytes.
    /// - Returns: the length of the lowered text; `nil`, having stopped, at a tab, a line end or an `@` (the
    ///   caller lowers the text first and scans again: the reports so far are to be discarded).
    @inline(__always)
    func scanLowering(_ text: UnsafeBufferPointer<UInt8>, _ report: (_ id: Int, _ end: Int) -> Void) -> Int? {
        guard let bytes = text.baseAddress else { return 0 }
        return withTables(loweringClass) { classes, table, outputStart, outputs -> Int? in
            // In bounds as in `scan`: `classes` has 256 entries, each below `classCount` once
            // `spaceFlag` is cleared, except `needsLowering`, which stops the scan before it is used.
            var row = 0
            // The spaces dropped so far: the lowered position after byte `index` is
            // `index + 1 - dropped`, worked out only when a pattern ends there, so that the loop
            // over plain bytes keeps no position of its own.
            var dropped = 0
            for index in 0..<text.count {
                var byteClass = Int(classes[Int(bytes[index])])
                if byteClass >= Int(Self.spaceFlag) {
                    if byteClass == Int(Self.needsLowering) { return nil }
                    // Only spaces get here (other white space stopped the scan above): a space at
                    // the start or after a space continues a run and is dropped. `index - 1` is in
                    // bounds once `index > 0`.
                    if index == 0 || bytes[index &- 1] == 0x20 {
                        dropped &+= 1
                        continue
                    }
                    byteClass &= ~Int(Self.spaceFlag)
                }
                let next = table[row &+ byteClass]
                row = Int(next & ~Self.outputFlag)
                if next & Self.outputFlag != 0 {
                    reportOutputs(ofRow: row, at: index &+ 1 &- dropped, outputStart, outputs, report)
                }
            }
            return text.count &- dropped
        } ?? 0
    }

    /// Calls `body` with the first element of `classes` (``byteClass`` or ``loweringClass``), of the transition
    /// table, and with ``outputStart`` and ``outputs``, all borrowed for the call; `nil` for an empty table
    /// (which a built automaton never has: there are 256 classes and at least the root's row).
    @inline(__always)
    private func withTables<Result>(
        _ classes: [UInt16],
        _ body: (
            _ classes: UnsafePointer<UInt16>, _ table: UnsafePointer<UInt32>, _ outputStart: UnsafeBufferPointer<Int32>,
            _ outputs: UnsafeBufferPointer<Int32>
        ) -> Result
    ) -> Result? {
        classes.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                outputStart.withUnsafeBufferPointer { outputStart in
                    outputs.withUnsafeBufferPointer { outputs in
                        guard let classes = classes.baseAddress, let table = table.baseAddress else { return nil }
                        return body(classes, table, outputStart, outputs)
                    }
                }
            }
        }
    }

    /// Reports every pattern that ends at the state whose row starts at `row`.
    @inline(__always)
    private func reportOutputs(
        ofRow row: Int, at position: Int, _ outputStart: UnsafeBufferPointer<Int32>,
        _ outputs: UnsafeBufferPointer<Int32>, _ report: (_ id: Int, _ end: Int) -> Void
    ) {
        let state = row / classCount
        for index in Int(outputStart[state])..<Int(outputStart[state + 1]) {
            report(Int(outputs[index]), position)
        }
    }
}

import Benchmark
import BounceClassifier
import Foundation

/// Single-core classification throughput and allocations per input, for each input format.
/// Each benchmark iteration classifies one input; inputs of a set are cycled.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, ThreadCPUTime.share],
        timeUnits: .nanoseconds, warmupIterations: 1_000, scalingFactor: .kilo,
        maxDuration: .seconds(3), maxIterations: 1_000_000)

    let classifier = BounceClassifier()
    for (name, inputs) in BenchmarkInputs.sets() where !inputs.isEmpty {
        Benchmark("classify \(name) (\(inputs.count) input\(inputs.count == 1 ? "" : "s"))") { benchmark in
            var index = 0
            ThreadCPUTime.measure(benchmark) {
                for _ in benchmark.scaledIterations {
                    blackHole(try? classifier.classify(inputs[index]))
                    index += 1
                    if index == inputs.count { index = 0 }
                }
            }
        }
    }

    // The machine's reference for the canonical JSON figures, measured in the same run: Foundation's
    // JSONSerialization merely parsing the same event (no classification). A ratio to it survives a noisy machine.
    let reference = BenchmarkInputs.sets()[0].1[0]
    Benchmark("reference: JSONSerialization parse of the canonical event") { benchmark in
        let data = Data(reference)
        ThreadCPUTime.measure(benchmark) {
            for _ in benchmark.scaledIterations {
                blackHole(try? JSONSerialization.jsonObject(with: data))
            }
        }
    }
}

/// The inputs: a canonical event with a specific code, one with a generic code (text rules decide), a batch,
/// the webhook fixtures, the repository's sample bounce emails, and the corpus emails when present.
enum BenchmarkInputs {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func sets() -> [(String, [[UInt8]])] {
        let specific = Array(
            #"{"id":"evt-000001","event":"bounce","recipient":"moorevanessa@navarro.com","smtp_reply":"550 5.1.1 The email account that you tried to reach does not exist","remote_mta":"mx.navarro.com","campaign_id":"cmp-2026-11","subscriber_id":"sub-1001","list_id":"list-7","message_id":"<cmp-2026-11.1001@mail.example.net>","timestamp":"2026-11-20T09:14:03Z"}"#
                .utf8)
        let generic = Array(
            #"{"id":"evt-000002","event":"bounce","recipient":"conleyricky@day.com","smtp_reply":"550 5.7.1 Message rejected as spam by Content Filtering","remote_mta":"mx.day.com","campaign_id":"cmp-2026-11","subscriber_id":"sub-1003","list_id":"list-7","message_id":"<cmp-2026-11.1003@mail.example.net>","timestamp":"2026-11-20T09:14:09Z"}"#
                .utf8)
        var sets: [(String, [[UInt8]])] = [
            ("canonical JSON, specific code", [specific]),
            ("canonical JSON, generic code", [generic]),
        ]
        sets.append(("canonical JSON batch of 6", files(in: "samples", suffix: "seed-bounces.json")))
        let webhooks = repository.appendingPathComponent("Tests/BounceClassifierTests/Fixtures/webhooks").path
        for provider in ["ses", "sendgrid", "mailgun", "postmark", "sparkpost"] {
            sets.append(("\(provider) webhook", files(inAbsolute: webhooks, prefix: provider)))
        }
        sets.append(("sample bounce emails", files(in: "samples", suffix: ".eml")))
        let corpus =
            ProcessInfo.processInfo.environment["BOUNCEWORKER_CORPUS"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/sisimai/maildir").path
        sets.append(("corpus bounce emails", files(inAbsolute: corpus, suffix: ".eml")))
        return sets
    }

    static func files(in relative: String, suffix: String) -> [[UInt8]] {
        files(inAbsolute: repository.appendingPathComponent(relative).path, suffix: suffix)
    }

    static func files(inAbsolute directory: String, prefix: String = "", suffix: String = "") -> [[UInt8]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.compactMap {
            FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent($0)).map { Array($0) }
        }
    }
}

/// How much of an iteration's wall-clock time the benchmarking thread spent on a CPU. Below 100 % the wall-clock
/// figures include time the thread waited for a core: time the host of this virtual machine gave to others
/// (steal) or other processes ran.
enum ThreadCPUTime {
    /// The thread's CPU time as a share of the iteration's wall-clock time, in per mille (1,000 = always on a
    /// CPU).
    static let share = BenchmarkMetric.custom(
        "Thread on CPU (per mille of wall time)", polarity: .prefersLarger, useScalingFactor: false)

    /// Runs one iteration's `body` and records the share of its wall-clock time the thread was on a CPU.
    static func measure(_ benchmark: Benchmark, _ body: () -> Void) {
        let wallStart = nanoseconds(CLOCK_MONOTONIC)
        let cpuStart = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
        body()
        let cpu = nanoseconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart
        let wall = nanoseconds(CLOCK_MONOTONIC) - wallStart
        benchmark.measurement(share, min(1_000, cpu * 1_000 / max(1, wall)))
    }

    private static func nanoseconds(_ clock: clockid_t) -> Int {
        var time = timespec()
        clock_gettime(clock, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}

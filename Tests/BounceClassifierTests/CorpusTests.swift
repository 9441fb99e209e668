import Foundation
import Testing

@testable import BounceClassifier

/// Classifies the Sisimai corpus of real bounce emails and compares the results with its expected verdicts.
@Suite struct CorpusTests {
    /// One expected row of `expected.jsonl`.
    struct Expected {
        let file: String
        let index: Int
        let status: String
        let reason: String
        let hardBounce: Bool
    }

    /// The corpus directory: `$BOUNCEWORKER_CORPUS`, or `../shared/corpus/sisimai` beside the package root.
    static func corpusDirectory() -> URL? {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["BOUNCEWORKER_CORPUS"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        // #filePath is <root>/Tests/BounceClassifierTests/CorpusTests.swift.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/corpus/sisimai"))
        candidates.append(URL(fileURLWithPath: "/work/shared/corpus/sisimai"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.jsonl").path)
        }
    }

    static func loadExpected(_ directory: URL) throws -> [Expected] {
        let text = try String(contentsOf: directory.appendingPathComponent("expected.jsonl"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let file = object["file"] as? String, let index = object["index"] as? Int
            else { return nil }
            return Expected(
                file: file, index: index, status: object["status"] as? String ?? "",
                reason: object["reason"] as? String ?? "", hardBounce: object["hardbounce"] as? Bool ?? false)
        }
    }

    static func percent(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : (Double(part) * 1000 / Double(whole)).rounded() / 10
    }

    @Test func corpusAgreement() throws {
        guard let directory = Self.corpusDirectory() else {
            Issue.record(
                "The Sisimai corpus was not found: set BOUNCEWORKER_CORPUS or place it at ../shared/corpus/sisimai")
            return
        }
        let expected = try Self.loadExpected(directory)
        #expect(!expected.isEmpty, "expected.jsonl has no rows")
        let byFile = Dictionary(grouping: expected, by: \.file)
        let classifier = BounceClassifier(policy: .standard)
        let verbose = ProcessInfo.processInfo.environment["BOUNCEWORKER_CORPUS_VERBOSE"] != nil

        var rows = 0
        var hardAgree = 0
        var reasonAgree = 0
        var statusAgree = 0
        var statusRows = 0
        var countAgree = 0
        var confusion: [String: Int] = [:]
        var mismatches: [String] = []
        for file in byFile.keys.sorted() {
            let wanted = (byFile[file] ?? []).sorted { $0.index < $1.index }
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("maildir/" + file)))
            var results: [BounceResult] = []
            var failure = ""
            do {
                results = try classifier.classify(bytes)
            } catch {
                failure = error.description
            }
            if results.count == wanted.count {
                countAgree += 1
            } else {
                mismatches.append("\(file): \(results.count) recipients, expected \(wanted.count) \(failure)")
            }
            for row in wanted {
                rows += 1
                let result = row.index - 1 < results.count ? results[row.index - 1] : nil
                let blacklisted = result?.action == .blacklist
                if blacklisted == row.hardBounce { hardAgree += 1 }
                let reason = result?.reason.rawValue ?? "-"
                if reason == row.reason {
                    reasonAgree += 1
                } else {
                    confusion["\(row.reason) -> \(reason)", default: 0] += 1
                    let diagnostic = String((result?.diagnostic ?? failure).prefix(160))
                    mismatches.append(
                        "\(file)#\(row.index): expected \(row.reason) \(row.status), got \(reason) "
                            + "\(result?.status?.description ?? "-") | \(diagnostic)")
                }
                if !row.status.isEmpty {
                    statusRows += 1
                    if result?.status?.description == row.status { statusAgree += 1 }
                }
            }
        }
        let hardRate = Self.percent(hardAgree, rows)
        let reasonRate = Self.percent(reasonAgree, rows)
        let countRate = Self.percent(countAgree, byFile.count)
        print("corpus: \(byFile.count) files, \(rows) expected rows")
        print("  blacklist == hardbounce: \(hardAgree)/\(rows) (\(hardRate)%)")
        print("  reason equal:            \(reasonAgree)/\(rows) (\(reasonRate)%)")
        print("  recipient count equal:   \(countAgree)/\(byFile.count) files (\(countRate)%)")
        print("  status equal:            \(statusAgree)/\(statusRows) (\(Self.percent(statusAgree, statusRows))%)")
        print("  reason confusion (expected -> got):")
        for (pair, count) in confusion.sorted(by: { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }) {
            print("    \(count)  \(pair)")
        }
        if verbose { for line in mismatches { print("  " + line) } }
        #expect(hardRate >= 98, "blacklist agreement \(hardRate)% is below 98%")
        #expect(reasonRate >= 90, "reason agreement \(reasonRate)% is below 90%")
        #expect(countRate >= 98, "recipient count agreement \(countRate)% is below 98%")
    }
}

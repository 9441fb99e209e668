// swift-tools-version:6.1
// Benchmarks live in their own package so that the worker's build and `make test` never compile the
// benchmark harness. Run them with `make bench` (or `swift package benchmark` in this directory).
import Foundation
import PackageDescription

/// The identity SwiftPM gives the parent package: its directory's name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "BounceWorkerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ClassifierBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BounceClassifier", package: root),
            ],
            path: "Benchmarks/ClassifierBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "BounceWorker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bounce-worker", targets: ["BounceWorkerCLI"]),
        .library(name: "BounceClassifier", targets: ["BounceClassifier"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
    ],
    targets: [
        // Pure Swift bounce classification: no Kafka, no I/O.
        .target(name: "BounceClassifier"),

        // The only module that sees librdkafka's C API.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // Swift layer over librdkafka: consumer, producer, admin, mock cluster.
        .target(
            name: "KafkaClient",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The worker: classify and policy stages over Kafka, with its metrics, health endpoints and logging.
        .target(
            name: "BouncePipeline",
            dependencies: [
                "BounceClassifier",
                "KafkaClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),

        .executableTarget(
            name: "BounceWorkerCLI",
            dependencies: [
                "BounceClassifier",
                "BouncePipeline",
                "KafkaClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // Helpers shared by the test targets (deadlines, child processes, locating binaries, seeded randomness).
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "BounceClassifierTests",
            dependencies: ["BounceClassifier", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BouncePipelineTests",
            dependencies: [
                "BouncePipeline", "BounceClassifier", "KafkaClient", "TestSupport",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: ["KafkaClient", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

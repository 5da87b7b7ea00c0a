// swift-tools-version: 6.1
import PackageDescription

/// In CI (`CI=true`, as `.ci/run` sets it) every warning in our own targets is an error.
let warningsAsErrors: [SwiftSetting] = Context.environment["CI"] == "true" ? [.unsafeFlags(["-warnings-as-errors"])] : []

let strict: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny")
    ] + warningsAsErrors

/// Test targets are compiled without optimization even in CI's single release build (`scripts/setup
/// --with-tests`): they build faster so, and the optimizer has crashed on one of their async tests.
let tests: [SwiftSetting] = [.unsafeFlags(["-Onone"])] + warningsAsErrors

let package = Package(
    name: "Stepline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stepline", targets: ["stepline"]),
        .library(name: "StepJSON", targets: ["StepJSON"]),
        .library(name: "StepLanguage", targets: ["StepLanguage"]),
        .library(name: "StepEngine", targets: ["StepEngine"]),
        .library(name: "StepIntegrations", targets: ["StepIntegrations"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Child processes; without its SubprocessFoundation trait (we read and write bytes, not Data).
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2", traits: []),
        // Subprocess's FilePath on Linux (Apple platforms have the System framework).
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        // The HTTP Task's client (StepIntegrations only): SwiftNIO, TLS through swift-nio-ssl.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Pure language core: no I/O.
        .target(name: "StepJSON", swiftSettings: strict),
        // Two system calls the Glibc module leaves out (GNU extensions), behind a shim header.
        .target(name: "CSystemShims"),
        .target(name: "StepJSONata", dependencies: ["StepJSON", "CSystemShims"], swiftSettings: strict),
        .target(
            name: "StepLanguage",
            dependencies: ["StepJSON", "StepJSONata", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Deterministic engine: (definition, state, event) -> (state, history, commands).
        .target(name: "StepEngine", dependencies: ["StepJSON", "StepLanguage"], swiftSettings: strict),
        // Our own few lines of C: a signal handler that journals which execution a crashing thread was stepping.
        .target(name: "CCrashGuard"),
        // In-process runner: carries the engine's commands out with real timers and task runners.
        .target(
            name: "StepRuntime", dependencies: ["StepJSON", "StepLanguage", "StepEngine", "CCrashGuard"], swiftSettings: strict),
        // Distributed Map: item readers, batching, the map-run coordinator and the batch runner.
        .target(
            name: "StepMapRun",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The durable service: the store port, group commit, timers, recovery.
        .target(
            name: "StepService",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepMapRun",
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: strict),
        // The service's configuration: one schema, YAML or JSON files with positions, environment and flag overrides.
        .target(
            name: "StepSettings", dependencies: ["StepJSON", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // Running as a service: swift-log output (human or JSON lines), systemd's notify protocol, Prometheus.
        .target(
            name: "StepOperations",
            dependencies: [
                "StepJSON",
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // The daemon's services over the queue port: ingress, job dispatch, results, status events, workers.
        .target(
            name: "StepDaemon",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepMapRun",
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict),
        // Task integrations: Lambda-shaped handlers (commands and a warm Python runtime), HTTP Tasks (through
        // AsyncHTTPClient) and the config file.
        .target(
            name: "StepIntegrations",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepSettings", "CSystemShims",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // Who may call the API: AWS Signature V4, credentials files, IAM policies (swift-crypto's hashes).
        .target(
            name: "StepAuth", dependencies: ["StepJSON", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // The AWS API over HTTP: Step Functions' JSON protocol and the Lambda functions API, on a SwiftNIO
        // listener (HummingbirdCore's HTTP/1.1 server, TLS through swift-nio-ssl) with limits of its own.
        .target(
            name: "StepAPI",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepIntegrations", "StepAuth",
                .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The system SQLite, and the one module that uses it directly.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .target(name: "StepSQLite", dependencies: ["CSQLite"], swiftSettings: strict),
        // The store port over SQLite: schema, migrations, group commit.
        .target(
            name: "StepStore",
            dependencies: ["StepJSON", "StepLanguage", "StepEngine", "StepService", "StepSQLite"],
            swiftSettings: strict),
        // The system Graphviz (libgvc, `dot` layout), and the one module that uses it directly.
        .systemLibrary(
            name: "CGraphviz", pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]),
        .target(name: "StepGraphviz", dependencies: ["CGraphviz"], swiftSettings: strict),
        // The web console's drawing: state machine definitions as graphs, laid out by Graphviz into SVG.
        .target(name: "StepConsole", dependencies: ["StepJSON", "StepGraphviz"], swiftSettings: strict),
        // The system rabbitmq-c (librabbitmq), and the one module that uses it directly.
        .systemLibrary(
            name: "CRabbitMQ", pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"]), .brew(["rabbitmq-c"])]),
        // AMQP 0-9-1 to RabbitMQ: a thread-confined connection and a Sendable, reconnecting async client.
        .target(name: "StepAMQP", dependencies: ["CRabbitMQ"], swiftSettings: strict),
        // The queue port (StepDaemon's MessageBroker) over RabbitMQ, through StepAMQP.
        .target(name: "StepAMQPBroker", dependencies: ["StepAMQP", "StepDaemon", "StepRuntime"], swiftSettings: strict),
        // Only for tests and benchmarks: the in-memory store and broker, a manual clock, temporary databases.
        .target(name: "StepTesting", dependencies: ["StepDaemon", "StepStore"], swiftSettings: strict),
        // The daemon put together: `Daemon` builds the store, broker, services and listeners from the effective
        // configuration and runs them until drained; `Worker` does the same for `stepline worker`.
        .target(
            name: "StepServe",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepStore", "StepDaemon",
                "StepAMQPBroker", "StepIntegrations", "StepMapRun", "StepAPI", "StepSettings", "StepOperations", "StepAuth",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // The command line: argument parsing and the client commands; `serve` and `worker` run StepServe's daemons.
        .executableTarget(
            name: "stepline",
            dependencies: [
                "StepJSON", "StepJSONata", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepStore",
                "StepDaemon", "StepAMQPBroker", "StepIntegrations", "StepMapRun", "StepSettings", "StepOperations",
                "StepAuth", "StepConsole", "StepServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(name: "StepJSONTests", dependencies: ["StepJSON"], swiftSettings: tests),
        .testTarget(name: "StepJSONataTests", dependencies: ["StepJSON", "StepJSONata"], swiftSettings: tests),
        .testTarget(name: "StepLanguageTests", dependencies: ["StepJSON", "StepLanguage"], swiftSettings: tests),
        .testTarget(name: "StepSQLiteTests", dependencies: ["StepSQLite"], swiftSettings: tests),
        // One suite per store port, each run on every adapter (SQLite, in memory).
        .testTarget(
            name: "StepStoreTests",
            dependencies: ["StepJSON", "StepLanguage", "StepEngine", "StepService", "StepStore", "StepTesting"],
            swiftSettings: tests),
        .testTarget(name: "StepSettingsTests", dependencies: ["StepJSON", "StepSettings"], swiftSettings: tests),
        .testTarget(name: "StepAuthTests", dependencies: ["StepJSON", "StepAuth"], swiftSettings: tests),
        .testTarget(
            name: "StepOperationsTests", dependencies: ["StepOperations", .product(name: "Logging", package: "swift-log")],
            swiftSettings: tests),
        .testTarget(name: "StepAMQPTests", dependencies: ["StepAMQP"], swiftSettings: tests),
        .testTarget(
            name: "StepAMQPBrokerTests", dependencies: ["StepAMQP", "StepAMQPBroker", "StepDaemon"], swiftSettings: tests),
        .testTarget(
            name: "StepDaemonTests",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepStore", "StepDaemon", "StepTesting",
            ],
            swiftSettings: tests),
        .testTarget(
            name: "StepServiceTests",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepStore", "StepMapRun", "StepTesting",
            ],
            swiftSettings: tests),
        .testTarget(
            name: "StepIntegrationsTests",
            dependencies: ["StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepIntegrations"], swiftSettings: tests),
        .testTarget(
            name: "StepMapRunTests", dependencies: ["StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepMapRun"],
            swiftSettings: tests),
        .testTarget(
            name: "StepAPITests",
            dependencies: ["StepJSON", "StepLanguage", "StepRuntime", "StepService", "StepStore", "StepIntegrations", "StepAPI"],
            swiftSettings: tests),
        .testTarget(
            name: "StepServeTests",
            dependencies: [
                "StepJSON", "StepLanguage", "StepEngine", "StepRuntime", "StepService", "StepStore", "StepSQLite", "StepServe",
                "StepTesting",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: tests),
        .testTarget(
            name: "StepConsoleTests", dependencies: ["StepJSON", "StepConsole", "StepGraphviz"], swiftSettings: tests),
        .testTarget(
            name: "StepEngineTests", dependencies: ["StepJSON", "StepLanguage", "StepEngine", "StepRuntime"], swiftSettings: tests),
    ],
    swiftLanguageModes: [.v6]
)

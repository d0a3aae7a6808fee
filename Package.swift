// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "meeting-eval",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "meeting-eval", targets: ["MeetingEvalCLI"]),
        // For the fuzz targets in Fuzz/ (a separate package that depends on this one by path).
        .library(name: "MeetingEvalCore", targets: ["MeetingEvalCore"]),
        .library(name: "QuestionnaireYAML", targets: ["QuestionnaireYAML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", exact: "0.6.0"),
        // The Excel workbook (a zip of SpreadsheetML parts); needs zlib's headers (zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
    ],
    targets: [
        // The application: questionnaire model and validation, the evaluation life cycle,
        // submission and invitation rules, scoring, the persistence protocols and the services
        // that own every rule. Foundation, and swift-crypto for digests; no HTTP, no SQL.
        .target(name: "MeetingEvalCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Password hashing with bcrypt for the account rules (the server and the command line).
        .target(
            name: "MeetingEvalPasswords",
            dependencies: [
                "MeetingEvalCore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Reading questionnaire files (YAML with line numbers, JSON) into the core model.
        .target(
            name: "QuestionnaireYAML",
            dependencies: ["MeetingEvalCore", .product(name: "Yams", package: "Yams")]
        ),
        // QR codes as SVG for the attendee links (no dependencies).
        .target(name: "QRCode"),
        // SQLite storage through GRDB, behind the `EvaluationStore` protocol.
        .target(
            name: "MeetingEvalStorage",
            dependencies: [
                "MeetingEvalCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // PostgreSQL storage through postgres-nio, behind the same `EvaluationStore` protocol: the
        // path past one machine (several servers on one database).
        .target(
            name: "MeetingEvalPostgres",
            dependencies: [
                "MeetingEvalCore",
                "MeetingEvalStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Scorecards and exports from the store: JSON, CSV, printable HTML (swift-mustache), the
        // Excel workbook (ZIPFoundation) and the SPSS/PSPP pair.
        .target(
            name: "MeetingEvalReports",
            dependencies: [
                "MeetingEvalCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The HTTP API and the attendee page (Hummingbird 2).
        .target(
            name: "MeetingEvalServer",
            dependencies: [
                "MeetingEvalCore",
                "QuestionnaireYAML",
                "MeetingEvalStorage",
                "MeetingEvalReports",
                "MeetingEvalPasswords",
                "QRCode",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // Request parts for the connection timeouts; the HTTP/1 parser's errors (400).
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // gzip for responses (zlib); it has no Brotli.
                .product(name: "CompressNIO", package: "compress-nio"),
                // The scoring method (docs/scoring.md) served as a page of the site.
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        // The thin `meeting-eval` executable.
        .executableTarget(
            name: "MeetingEvalCLI",
            dependencies: [
                "MeetingEvalCore",
                "QuestionnaireYAML",
                "MeetingEvalStorage",
                "MeetingEvalPostgres",
                "MeetingEvalServer",
                "MeetingEvalReports",
                "MeetingEvalPasswords",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // `swift run -c release ScorecardBenchmark`: scorecard and export figures (not a test).
        .executableTarget(
            name: "ScorecardBenchmark",
            dependencies: [
                "MeetingEvalCore",
                "MeetingEvalPostgres",
                "QuestionnaireYAML",
                "MeetingEvalStorage",
                "MeetingEvalReports",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ScorecardBenchmark"
        ),
        .testTarget(
            name: "MeetingEvalCoreTests",
            dependencies: ["MeetingEvalCore", "QuestionnaireYAML"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MeetingEvalStorageTests",
            dependencies: [
                "MeetingEvalStorage",
                "MeetingEvalPostgres",
                "MeetingEvalCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode"]),
        .testTarget(name: "MeetingEvalReportsTests", dependencies: ["MeetingEvalReports", "MeetingEvalCore"]),
        .testTarget(
            name: "MeetingEvalServerTests",
            dependencies: [
                "MeetingEvalServer",
                "MeetingEvalReports",
                "QuestionnaireYAML",
                .product(name: "Logging", package: "swift-log"),
                "MeetingEvalStorage",
                "MeetingEvalCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

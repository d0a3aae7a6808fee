// swift-tools-version:6.0
import Foundation
import PackageDescription

// libFuzzer targets for MeetingEval. A separate package, so that a plain `swift build` or
// `swift test` of the root package never builds them: they only link with `-sanitize=fuzzer`,
// whose runtime provides the driver they call. Build and run them with `Fuzz/run` (see
// Fuzz/README.md).

// SwiftPM names a path dependency after its folder, i.e. the folder this checkout is in.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport", "CLibFuzzer"])
}

let package = Package(
    name: "meeting-eval-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver`.
        .target(name: "CLibFuzzer"),
        // The fixed questionnaire and evaluation, and the invariants the targets check.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "MeetingEvalCore", package: rootPackage),
                .product(name: "QuestionnaireYAML", package: rootPackage),
            ]
        ),
        fuzzTarget("QuestionnaireYAMLFuzz"),
        fuzzTarget("QuestionnaireJSONFuzz"),
        fuzzTarget("SubmissionFuzz"),
        fuzzTarget("StoredAnswersFuzz"),
    ],
    swiftLanguageModes: [.v6]
)

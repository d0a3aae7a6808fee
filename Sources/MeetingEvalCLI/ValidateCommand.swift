import ArgumentParser
import Foundation
import MeetingEvalCore
import MeetingEvalServer
import QuestionnaireYAML

/// `meeting-eval validate FILE…`: checks questionnaire files; exit 1 when any has errors.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Validate questionnaire and meeting standard files (YAML or JSON). Prints file:line: path: message for each problem."
    )

    @Argument(help: "Questionnaire or meeting standard files to check (a standard says 'kind: standard').")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            if Self.isStandard(file) {
                let result = StandardCatalogLoader.read(fileAt: URL(fileURLWithPath: file))
                for issue in result.issues {
                    let line = issue.formatted(file: file)
                    print(issue.severity == .warning ? "\(line) (warning)" : line)
                }
                if let standard = result.standard {
                    print("\(file): ok (standard \(standard.id) version \(standard.version), \(standard.rules.count) rules)")
                } else {
                    failed = true
                }
                continue
            }
            let result = QuestionnaireSource.read(fileAt: URL(fileURLWithPath: file))
            for issue in result.issues {
                let line = issue.formatted(file: file)
                print(issue.severity == .warning ? "\(line) (warning)" : line)
            }
            if let questionnaire = result.questionnaire {
                print(
                    "\(file): ok (\(questionnaire.id) version \(questionnaire.version), \(questionnaire.questions.count) questions)"
                )
            } else {
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// A meeting standard names its kind at the top (`kind: standard`).
    static func isStandard(_ file: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: file),
            case .success(let node) = QuestionnaireSource.parse(data, format: .guess(fileName: file))
        else { return false }
        return node["kind"]?.value == .string("standard")
    }
}

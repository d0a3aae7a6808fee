import ArgumentParser
import Foundation
import MeetingEvalCore
import QuestionnaireYAML

/// `meeting-eval validate FILE…`: checks questionnaire files; exit 1 when any has errors.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate questionnaire files (YAML or JSON). Prints file:line: path: message for each problem."
    )

    @Argument(help: "Questionnaire files to check.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
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
}

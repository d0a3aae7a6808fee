import ArgumentParser
import Foundation
import MeetingEvalCore
import MeetingEvalReports

/// `meeting-eval export EVALUATION --format spss --output DIR`: the answers for SPSS, PSPP and
/// R, the same pair as `GET …/responses-wide.csv` and `GET …/responses.sps`, written into DIR.
struct ExportCommand: StoredEvaluationCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an evaluation's answers for statistics software (SPSS, PSPP, R) into a folder."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case spss
    }

    @Argument(help: "The evaluation's id or its attendee link code (slug).")
    var evaluation: String

    @ArgumentParser.Option(help: "spss: a wide CSV and the SPSS syntax that reads it (PSPP and R's haven read the pair too).")
    var format: Format

    @ArgumentParser.Option(help: "The folder to write into (made when missing).")
    var output: String

    @ArgumentParser.Option(help: "Locale of the variable and value labels (default: the questionnaire's first locale).")
    var locale: String?

    @OptionGroup var store: StoreOptions

    func write<Store: EvaluationStore>(_ found: Evaluation, with service: ScorecardService<Store>) async throws {
        let export = try await service.statisticsExport(for: found, locale: locale)
        let folder = URL(fileURLWithPath: output)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw ValidationError("\(output) is a file, not a folder")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dataPath = folder.appendingPathComponent(StatisticsExport.dataFileName(evaluationId: found.id)).path
        let data = try Destination(path: dataPath)
        try await service.exportWide(export, of: found) { data.write($0) }
        try data.finish()
        let syntaxPath = folder.appendingPathComponent(StatisticsExport.syntaxFileName(evaluationId: found.id)).path
        let syntax = try Destination(path: syntaxPath)
        syntax.write(export.syntax(for: found))
        try syntax.finish()
        FileHandle.standardError.write(Data("wrote \(dataPath)\nwrote \(syntaxPath)\n".utf8))
    }
}

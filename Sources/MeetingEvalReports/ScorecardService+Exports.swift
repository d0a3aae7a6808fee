import Foundation
import MeetingEvalCore

extension ScorecardService {
    /// The scorecard as an Excel workbook (`ScorecardWorkbook`); not for a draft.
    public func workbook(for evaluation: Evaluation, locale: String? = nil, generatedAt: Date = Date()) async throws
        -> Data
    {
        try requireExportable(evaluation)
        let scorecard = try await scorecard(for: evaluation, locale: locale, generatedAt: generatedAt, extras: .reported)
        return try ScorecardWorkbook.render(scorecard)
    }

    /// The variables of the SPSS/PSPP export of an evaluation (`StatisticsExport`); not for a draft.
    public func statisticsExport(for evaluation: Evaluation, locale: String? = nil) async throws -> StatisticsExport {
        try requireExportable(evaluation)
        return StatisticsExport(assessor: try await assessor(for: evaluation, locale: locale).assessor)
    }

    /// The wide CSV of the SPSS/PSPP export, one response per line in receipt order, written
    /// in pages so that memory does not grow with the number of responses.
    public func exportWide(
        _ export: StatisticsExport, of evaluation: Evaluation, pageSize: Int = 2000,
        write: (String) async throws -> Void
    ) async throws {
        try await write(export.header())
        try await forEachResponsePage(of: evaluation, pageSize: pageSize) { try await write(export.rows($0)) }
    }
}

extension StatisticsExport {
    /// The file names of the pair: the syntax reads the data file by this name.
    public static func dataFileName(evaluationId: String) -> String { "responses-wide-\(evaluationId).csv" }
    public static func syntaxFileName(evaluationId: String) -> String { "responses-\(evaluationId).sps" }

    /// The syntax for the data file named as above.
    public func syntax(for evaluation: Evaluation) -> String {
        syntax(dataFile: Self.dataFileName(evaluationId: evaluation.id), title: evaluation.title)
    }
}

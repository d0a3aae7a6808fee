import ArgumentParser
import Foundation
import Logging
import MeetingEvalCore
import MeetingEvalReports
import MeetingEvalStorage

/// `meeting-eval scorecard EVALUATION --format json|csv|html|pdf|xlsx [--output FILE]`: the same
/// scorecard as the API, read from the database; the JSON signed with the data folder's key.
struct ScorecardCommand: StoredEvaluationCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Print or save the scorecard of an evaluation (JSON, CSV, printable HTML, PDF or an Excel workbook)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv, html, pdf, xlsx
    }

    @Argument(help: "The evaluation's id or its attendee link code (slug).")
    var evaluation: String

    @ArgumentParser.Option(help: "json, csv, html, pdf or xlsx (pdf needs Chromium and --output).")
    var format: Format = .json

    @ArgumentParser.Option(help: "Write to this file instead of standard output.")
    var output: String?

    @ArgumentParser.Option(help: "Locale of titles and labels (default: the questionnaire's first locale).")
    var locale: String?

    @ArgumentParser.Option(help: "Comments printed per question in the report's appendix: all, or a number (html, pdf).")
    var comments = "all"

    @OptionGroup var report: ReportCommandOptions

    @OptionGroup var store: StoreOptions

    func write<Store: EvaluationStore>(_ found: Evaluation, with service: ScorecardService<Store>) async throws {
        if format == .xlsx {
            let data = try await service.workbook(for: found, locale: locale)
            let destination = try Destination(path: output)
            destination.write(data)
            try destination.finish()
            if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
            return
        }
        let environment = ProcessInfo.processInfo.environment
        var options = try report.options(environment: environment)
        if comments != "all" {
            guard let limit = Int(comments), limit >= 0 else {
                throw ValidationError("--comments must be 'all' or a whole number")
            }
            options.commentsPerQuestion = limit
        }
        var chromium: ChromiumPDF?
        if format == .pdf {
            guard output != nil else { throw ValidationError("--format pdf needs --output FILE") }
            chromium = try report.chromium(environment: environment)
            guard chromium != nil else {
                throw ValidationError("no Chromium found for the PDF: install chromium, or give --chromium PATH")
            }
        }
        var service = service
        service.timeZone = options.timeZone
        let document = try await service.document(for: found, locale: locale)
        // The JSON scorecard is signed with the data folder's key, made here if the server
        // has not made it yet (CSV and HTML are not signed).
        var keyLogger = Logger.quiet
        keyLogger.logLevel = .notice
        let signer = format == .json ? try self.store.loadSigningKey(logger: keyLogger) : nil
        let destination = try Destination(path: output)
        switch (format, signer) {
        case (.json, let signer?): try await document.writeJSON(signedBy: signer) { destination.write($0) }
        case (.json, nil): try await document.writeJSON { destination.write($0) }
        case (.csv, _): destination.write(ScorecardCSV.render(document.scorecard))
        case (.html, _):
            destination.write(
                try ScorecardHTML.render(document.scorecard, questionnaire: document.questionnaire, options: options))
        case (.pdf, _):
            let html = try ScorecardHTML.render(
                document.scorecard, questionnaire: document.questionnaire, options: options)
            destination.write(try await chromium!.render(html: html))
        case (.xlsx, _): break  // written above: binary, and without the comment spool
        }
        try destination.finish()
        if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
    }
}

/// Standard output, or a file that appears complete or not at all (written beside, then moved).
final class Destination: @unchecked Sendable {
    private let handle: FileHandle
    private let temporary: URL?
    private let final: URL?

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            temporary = nil
            final = nil
            return
        }
        let final = URL(fileURLWithPath: path)
        let temporary = final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw ValidationError("cannot write \(path)")
        }
        handle = try FileHandle(forWritingTo: temporary)
        self.temporary = temporary
        self.final = final
    }

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }

    func write(_ data: Data) {
        handle.write(data)
    }

    func finish() throws {
        guard let temporary, let final else { return }
        try handle.close()
        _ = try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: temporary, to: final)
    }
}

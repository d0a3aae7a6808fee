import Crypto
import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalReports

/// What evaluators read and decide: scorecards (JSON, CSV, printable HTML), the raw answers
/// export with its codebook, the screening list, and manual exclusions.
struct ScorecardController<Store: EvaluationStore> {
    let store: Store
    let bodies: RequestBodyReader
    /// Signs the JSON scorecard (see docs/security.md).
    var signer: ScorecardSigner = .ephemeral()
    /// The printable report's time zone and default comment setting.
    var report = ReportOptions()
    /// Headless Chromium for `scorecard.pdf`; nil: the route answers 503 `pdf_unavailable`.
    var chromium: ChromiumPDF? = nil
    var service: ScorecardService<Store> {
        var service = ScorecardService(store: store)
        service.timeZone = report.timeZone
        return service
    }
    var screeningService: ScreeningService<Store> { ScreeningService(store: store) }

    /// The printable scorecard is one self-contained file with one inline style sheet, kept
    /// inline so that a saved copy prints the same: its policy allows exactly that style sheet
    /// (by hash), inline SVG and nothing else — no script, no request anywhere.
    static func printablePolicy(for html: String) -> String {
        var styles = ""
        if let open = html.range(of: "<style>"),
            let close = html.range(of: "</style>", range: open.upperBound..<html.endIndex)
        {
            let hash = Data(SHA256.hash(data: Data(html[open.upperBound..<close.lowerBound].utf8)))
                .base64EncodedString()
            styles = " 'sha256-\(hash)'"
        }
        return "default-src 'none'; style-src\(styles); img-src data:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'"
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readScorecards)
        let rawReaders = group.requiring(.readRawData)
        let screeners = group.requiring(.screen)
        readers.get("evaluations/{id}/scorecard.json", use: scorecardJSON)
        readers.get("evaluations/{id}/scorecard.csv", use: scorecardCSV)
        readers.get("evaluations/{id}/scorecard.html", use: scorecardHTML)
        readers.get("evaluations/{id}/scorecard.xlsx", use: scorecardWorkbook)
        rawReaders.get("evaluations/{id}/responses-wide.csv", use: responsesWideCSV)
        readers.get("evaluations/{id}/responses.sps", use: responsesSyntax)
        readers.get("evaluations/{id}/scorecard.pdf", use: scorecardPDF)
        rawReaders.get("evaluations/{id}/responses.csv", use: responsesCSV)
        readers.get("evaluations/{id}/codebook.csv", use: codebookCSV)
        rawReaders.get("evaluations/{id}/screening", use: screening)
        rawReaders.get("evaluations/{id}/responses/{responseId}", use: response)
        screeners.post("evaluations/{id}/responses/{responseId}/exclusion", use: exclude)
        screeners.delete("evaluations/{id}/responses/{responseId}/exclusion", use: include)
        readers.get("questionnaires/{id}/comparison", use: comparison)
    }

    /// Every evaluation of one questionnaire (any version) with its overall and dimension
    /// scores, by meeting date: whether meetings are getting better. Dimensions are those of
    /// the latest version; an evaluation of an older version shows the ones it shares.
    @Sendable func comparison(_ request: Request, context: AppRequestContext) async throws -> Response {
        var comparing = ComparisonService(store: store)
        comparing.timeZone = report.timeZone
        let comparison = try await comparing.comparison(
            questionnaireId: try context.parameters.decoded("id"), scope: context.scope)
        return try JSONResponse.make(.ok, ComparisonBody(comparison))
    }

    /// Computed before the first byte is sent (so errors still get a proper status), then
    /// streamed: the comments come from the document's spool.
    @Sendable func scorecardJSON(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let document = try await service.document(
            for: evaluation, locale: request.uri.queryParameters.get("locale"))
        let body = ResponseBody { writer in
            try await document.writeJSON(signedBy: signer) { chunk in
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers(type: "application/json; charset=utf-8"), body: body)
    }

    @Sendable func scorecardCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let scorecard = try await scorecard(request, context)
        return document(
            ScorecardCSV.render(scorecard), type: "text/csv; charset=utf-8; header=present",
            filename: "scorecard-\(scorecard.evaluation.id).csv")
    }

    @Sendable func scorecardHTML(_ request: Request, context: AppRequestContext) async throws -> Response {
        let html = try await printable(request, of: try await find(context))
        var response = document(html, type: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] = Self.printablePolicy(for: html)
        return response
    }

    @Sendable func scorecardWorkbook(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let data = try await service.workbook(for: evaluation, locale: request.uri.queryParameters.get("locale"))
        return Response(
            status: .ok,
            headers: headers(
                type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                filename: "scorecard-\(evaluation.id).xlsx"),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The SPSS/PSPP data file, streamed page by page like the raw export.
    @Sendable func responsesWideCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let export = try await service.statisticsExport(
            for: evaluation, locale: request.uri.queryParameters.get("locale"))
        try await service.recordRawExport(of: evaluation, actor: context.actor)
        let service = self.service
        let body = ResponseBody { writer in
            try await service.exportWide(export, of: evaluation) { chunk in
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: headers(
                type: "text/csv; charset=utf-8; header=present",
                filename: StatisticsExport.dataFileName(evaluationId: evaluation.id)),
            body: body)
    }

    /// The SPSS syntax that reads the data file above from the same folder.
    @Sendable func responsesSyntax(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let export = try await service.statisticsExport(
            for: evaluation, locale: request.uri.queryParameters.get("locale"))
        return document(
            export.syntax(for: evaluation), type: "text/plain; charset=utf-8",
            filename: StatisticsExport.syntaxFileName(evaluationId: evaluation.id))
    }

    /// The printable report printed by headless Chromium.
    @Sendable func scorecardPDF(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The evaluation first: one of another organization is not found, as a missing one is.
        let evaluation = try await find(context)
        guard let chromium else {
            throw RequestError.unavailable(
                "PDF reports are not available: this server found no Chromium at start (install it, or start with --chromium PATH). The printable HTML report is available.",
                code: "pdf_unavailable")
        }
        let html = try await printable(request, of: evaluation)
        let pdf = try await chromium.render(html: html)
        var headers = headers(type: "application/pdf", filename: "scorecard-\(evaluation.id).pdf")
        headers[.contentLength] = String(pdf.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    /// The printable HTML report, with `?locale=` and `?comments=all|N` (comments per question).
    private func printable(_ request: Request, of evaluation: Evaluation) async throws -> String {
        var options = report
        if let raw = request.uri.queryParameters.get("comments") {
            if raw == "all" {
                options.commentsPerQuestion = nil
            } else if let limit = Int(raw), limit >= 0, limit <= 100_000 {
                options.commentsPerQuestion = limit
            } else {
                throw RequestError.malformed("comments must be 'all' or a whole number of comments per question")
            }
        }
        let scored = try await service.scored(
            evaluation, locale: request.uri.queryParameters.get("locale"), extras: .reported)
        return try ScorecardHTML.render(scored.scorecard, questionnaire: scored.questionnaire, options: options)
    }

    /// Streams the raw export page by page; memory does not grow with the number of responses.
    @Sendable func responsesCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        try await service.recordRawExport(of: evaluation, actor: context.actor)
        let service = self.service
        let body = ResponseBody { writer in
            try await service.exportResponses(of: evaluation) { chunk in
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: headers(
                type: "text/csv; charset=utf-8; header=present", filename: "responses-\(evaluation.id).csv"),
            body: body)
    }

    @Sendable func codebookCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let plan = try await service.plan(for: evaluation)
        return document(
            CodebookCSV.render(plan.questionnaire), type: "text/csv; charset=utf-8; header=present",
            filename: "codebook-\(evaluation.id).csv")
    }

    @Sendable func screening(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let report = try await service.screening(of: evaluation)
        return try JSONResponse.make(.ok, ScreeningBody(report, settings: evaluation.screening))
    }

    /// One response's answers (as the scores read them), flags and exclusion.
    @Sendable func response(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let detail = try await service.response(try context.parameters.decoded("responseId"), of: evaluation)
        return try JSONResponse.make(.ok, ResponseDetailBody(detail))
    }

    @Sendable func exclude(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let responseId = try context.parameters.decoded("responseId")
        let exclusion = try await screeningService.exclude(
            responseId: responseId, of: evaluation, body: try await reasonBody(request, allowEmpty: false)!,
            actor: context.actor)
        return try JSONResponse.make(.created, ExclusionBody(exclusion, excluded: true))
    }

    @Sendable func include(_ request: Request, context: AppRequestContext) async throws -> Response {
        let evaluation = try await find(context)
        let responseId = try context.parameters.decoded("responseId")
        let inclusion = try await screeningService.include(
            responseId: responseId, of: evaluation, body: try await reasonBody(request, allowEmpty: true), actor: context.actor)
        return try JSONResponse.make(.ok, ExclusionBody(inclusion, excluded: false))
    }

    // MARK: Helpers

    private func scorecard(_ request: Request, _ context: AppRequestContext) async throws -> Scorecard {
        let evaluation = try await find(context)
        return try await service.scorecard(
            for: evaluation, locale: request.uri.queryParameters.get("locale"), extras: .reported)
    }

    /// The parsed body of an exclusion or inclusion (`{"reason": "…"}`); nil when empty and
    /// allowed to be (an inclusion's reason is optional).
    private func reasonBody(_ request: Request, allowEmpty: Bool) async throws -> DocumentNode? {
        let data = try await bodies.data(request)
        if data.isEmpty && allowEmpty { return nil }
        do {
            return try DocumentNode.parseJSON(data)
        } catch {
            throw RequestError.malformed(error.message)
        }
    }

    private func find(_ context: AppRequestContext) async throws -> Evaluation {
        try await store.evaluation(idParameterOf: context)
    }

    private func headers(type: String, filename: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return headers
    }

    private func document(_ text: String, type: String, filename: String? = nil) -> Response {
        Response(
            status: .ok, headers: headers(type: type, filename: filename),
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

struct ComparisonBody: Encodable {
    var questionnaire: Named
    var dimensions: [Named]
    var evaluations: [Row]

    init<Store>(_ comparison: ComparisonService<Store>.Comparison) {
        questionnaire = Named(id: comparison.questionnaire.id, title: comparison.questionnaire.title)
        dimensions = comparison.dimensions.map { Named(id: $0.id, title: $0.title) }
        let now = Date()
        evaluations = comparison.rows.map { row in
            let evaluation = row.evaluation
            return Row(
                id: evaluation.id, title: evaluation.title, meetingDate: evaluation.meetingDate,
                status: evaluation.status, phase: evaluation.phase(at: now),
                opensAt: evaluation.opensAt.map(Timestamp.format),
                questionnaireVersion: evaluation.questionnaireVersion,
                included: row.included, overall: row.overall, grade: row.grade, dimensions: row.dimensions,
                ci95: row.ci95, changeFromPrevious: row.changeFromPrevious.map(Change.init),
                followUp: row.followUp.map(FollowUpRates.init))
        }
    }

    struct Named: Encodable {
        var id: String
        var title: LocalizedText
    }

    struct Row: Encodable {
        var id: String
        var title: String
        var meetingDate: String
        var status: EvaluationStatus
        var phase: Evaluation.Phase
        var opensAt: String?
        var questionnaireVersion: Int
        var included: Int
        var overall: Double?
        var grade: String?
        var dimensions: [String: Double?]
        var ci95: [Double]?
        /// Left out of the first row.
        var changeFromPrevious: Change?
        var followUp: FollowUpRates?

        enum CodingKeys: String, CodingKey {
            case id, title, meetingDate, status, phase, opensAt, questionnaireVersion, included, overall, grade,
                dimensions, ci95, changeFromPrevious, followUp
        }

        /// Scores without a value are written as `null`, not left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(meetingDate, forKey: .meetingDate)
            try container.encode(status, forKey: .status)
            try container.encode(phase, forKey: .phase)
            try container.encodeIfPresent(opensAt, forKey: .opensAt)
            try container.encode(questionnaireVersion, forKey: .questionnaireVersion)
            try container.encode(included, forKey: .included)
            try container.encode(overall, forKey: .overall)
            try container.encode(grade, forKey: .grade)
            try container.encode(dimensions, forKey: .dimensions)
            try container.encode(ci95, forKey: .ci95)
            try container.encodeIfPresent(changeFromPrevious, forKey: .changeFromPrevious)
            try container.encodeIfPresent(followUp, forKey: .followUp)
        }
    }

    /// The follow-up of an evaluation's decisions: `{tasks, done, doneOnTime, overdue,
    /// implementationRate, onTimeShare}`, nulls written out.
    struct FollowUpRates: Encodable {
        var figures: FollowUpFigures

        init(_ figures: FollowUpFigures) { self.figures = figures }

        enum CodingKeys: String, CodingKey {
            case tasks, done, doneOnTime, overdue, implementationRate, onTimeShare
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(figures.tasks, forKey: .tasks)
            try container.encode(figures.done, forKey: .done)
            try container.encode(figures.doneOnTime, forKey: .doneOnTime)
            try container.encode(figures.overdue, forKey: .overdue)
            try container.encode(figures.implementationRate, forKey: .implementationRate)
            try container.encode(figures.onTimeShare, forKey: .onTimeShare)
        }
    }

    /// `{difference, ci95, p, significant}`, nulls written out.
    struct Change: Encodable {
        var difference: Double?
        var ci95: [Double]?
        var p: Double?
        var significant: Bool?

        init<Store>(_ change: ComparisonService<Store>.Change) {
            difference = change.difference
            ci95 = change.ci95
            p = change.p
            significant = change.significant
        }

        enum CodingKeys: String, CodingKey { case difference, ci95, p, significant }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(difference, forKey: .difference)
            try container.encode(ci95, forKey: .ci95)
            try container.encode(p, forKey: .p)
            try container.encode(significant, forKey: .significant)
        }
    }
}

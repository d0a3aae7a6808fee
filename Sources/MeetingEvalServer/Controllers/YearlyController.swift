import Foundation
import Hummingbird
import MeetingEvalCore
import MeetingEvalReports

/// One organization's year of meetings (`YearlyService`), as JSON and as a printable page,
/// for whoever reads its scorecards.
struct YearlyController<Store: EvaluationStore> {
    let store: Store
    /// The report's time zone: follow-up deadlines are days there.
    var timeZone: TimeZone = FollowUpRules.defaultTimeZone

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let readers = group.requiring(.readScorecards)
        readers.get("organizations/{organizationId}/yearly", use: json)
        readers.get("organizations/{organizationId}/yearly.html", use: html)
    }

    @Sendable func json(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(.ok, try await report(request, context).json)
    }

    @Sendable func html(_ request: Request, context: AppRequestContext) async throws -> Response {
        let locale = request.uri.queryParameters.get("locale") == "en" ? "en" : "zh"
        let text = try YearlyHTML.render(try await report(request, context), locale: locale)
        var response = Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentSecurityPolicy] = ScorecardController<Store>.printablePolicy(for: text)
        return response
    }

    /// The year asked for (`?year=2026`), else the current one.
    private func report(_ request: Request, _ context: AppRequestContext) async throws -> YearlyService<Store>.Report {
        let id = try context.parameters.decoded("organizationId")
        var year = Calendar(identifier: .gregorian).component(.year, from: Date())
        if let text = request.uri.queryParameters.get("year") {
            guard let asked = Int(text) else {
                throw DomainError.invalid(
                    "The year is not a number.", [ValidationIssue(path: "year", message: "must be a year such as 2026")]
                )
            }
            year = asked
        }
        return try await YearlyService(store: store, timeZone: timeZone).report(
            organization: id, year: year, scope: context.scope,
            locale: request.uri.queryParameters.get("locale") == "en" ? "en" : nil)
    }
}

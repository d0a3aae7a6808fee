import ArgumentParser
import Foundation
import MeetingEvalReports

/// How the printable and PDF reports are made, for `serve` and `scorecard`.
struct ReportCommandOptions: ParsableArguments {
    @ArgumentParser.Option(
        help: "Time zone of the report's dates and times, e.g. Asia/Shanghai (env MEETING_EVAL_TIME_ZONE; default Asia/Shanghai).")
    var timeZone: String?

    @ArgumentParser.Option(
        help: "Headless Chromium used for PDF reports, or 'off' for none (env MEETING_EVAL_CHROMIUM; default: found at start).")
    var chromium: String?

    func options(environment: [String: String]) throws -> ReportOptions {
        let name = timeZone ?? environment["MEETING_EVAL_TIME_ZONE"] ?? ReportOptions.defaultTimeZone
        guard let zone = TimeZone(identifier: name) else {
            throw ValidationError("--time-zone: unknown time zone '\(name)' (use a name such as Asia/Shanghai or UTC)")
        }
        return ReportOptions(timeZone: zone)
    }

    /// The Chromium to print with; an explicit path that is not an executable is an error.
    func chromium(environment: [String: String]) throws -> ChromiumPDF? {
        if let path = chromium ?? environment["MEETING_EVAL_CHROMIUM"], !path.isEmpty {
            if path == "off" { return nil }
            guard let found = ChromiumPDF.locate(path, environment: environment) else {
                throw ValidationError("--chromium: no executable at \(path)")
            }
            return found
        }
        return ChromiumPDF.locate(environment: environment)
    }
}

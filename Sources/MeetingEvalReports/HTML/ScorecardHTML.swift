import MeetingEvalCore
import Mustache

/// The scorecard as one printable HTML page: what an independent evaluator prints or saves as
/// PDF. Self-contained (inline CSS and SVG, no script, nothing loaded), A4 portrait, with every
/// fixed word in the scorecard's locale (Chinese for `zh`, English otherwise).
///
/// The questionnaire supplies what the scorecard leaves out: every scale point and option, so
/// that the answer charts show zero counts too. Pass the version the scorecard was built from.
public enum ScorecardHTML {
    public enum RenderError: Error, CustomStringConvertible {
        case template(String)

        public var description: String {
            switch self {
            case .template(let message): return "scorecard HTML template: \(message)"
            }
        }
    }

    public static func render(
        _ scorecard: Scorecard, questionnaire: Questionnaire, options: ReportOptions = ReportOptions()
    ) throws -> String {
        let page = ScorecardPage(scorecard, questionnaire: questionnaire, options: options)
        guard let html = try library.get().render(page, withTemplate: "page") else {
            throw RenderError.template("no template named page")
        }
        return html
    }

    /// Parsed once; a parse error is a programming error in `ScorecardTemplate`, reported on use.
    private static let library = Result<MustacheLibrary, any Error> {
        try MustacheLibrary(templates: [
            "page": MustacheTemplate(string: ScorecardTemplate.page),
            "barChart": MustacheTemplate(string: ScorecardTemplate.barChart),
            "gradeScale": MustacheTemplate(string: ScorecardTemplate.gradeScale),
            "followUpSection": MustacheTemplate(string: ScorecardPage.followUpTemplate),
        ])
    }
}

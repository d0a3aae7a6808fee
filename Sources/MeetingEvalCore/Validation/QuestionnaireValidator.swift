import Foundation

/// The semantic rules of the questionnaire format (see docs/questionnaire-format.md).
///
/// `QuestionnaireReader` checks shapes and types; this checks what only makes sense on the
/// whole definition: unique ids, weights, scales, scoring, `showIf` targets, grade bands and
/// locales. Each problem is reported with its path and, where known, its source line.
public enum QuestionnaireValidator {
    public static let maxScalePoints = 11

    public static func validate(_ questionnaire: Questionnaire, issues: IssueCollector) {
        let root = DocumentPath.root
        let locales = questionnaire.locales
        checkId(questionnaire.id, at: root.appending("id"), issues: issues)
        checkLocales(locales, issues: issues)
        let defaultLocale = questionnaire.defaultLocale
        let texts = TextChecker(defaultLocale: defaultLocale, locales: Set(locales), issues: issues)
        texts.check(questionnaire.title, at: root.appending("title"))
        texts.check(questionnaire.description, at: root.appending("description"))
        checkGrades(questionnaire.grades, texts: texts, issues: issues)

        if questionnaire.dimensions.isEmpty {
            issues.error(root.appending("dimensions"), "a questionnaire needs at least one dimension")
        }
        var seenIds: [String: DocumentPath] = [:]
        func claim(_ id: String, at path: DocumentPath) {
            if let first = seenIds[id] {
                issues.error(path, "duplicate id '\(id)' (first used at \(first))")
            } else {
                seenIds[id] = path
            }
        }
        // Questions seen so far, for showIf (which may only look back).
        var earlier: [String: Question] = [:]
        for (dimensionIndex, dimension) in questionnaire.dimensions.enumerated() {
            let dimensionPath = root.appending("dimensions").appending(dimensionIndex)
            checkId(dimension.id, at: dimensionPath.appending("id"), issues: issues)
            claim(dimension.id, at: dimensionPath.appending("id"))
            texts.check(dimension.title, at: dimensionPath.appending("title"))
            texts.check(dimension.description, at: dimensionPath.appending("description"))
            if let weight = dimension.weight, !(weight > 0) {
                issues.error(dimensionPath.appending("weight"), "must be a positive number")
            }
            if dimension.questions.isEmpty {
                issues.error(dimensionPath.appending("questions"), "a dimension needs at least one question")
            }
            let scoredCount = dimension.questions.filter(\.isScored).count
            if dimension.weight != nil, scoredCount == 0, !dimension.questions.isEmpty {
                issues.error(
                    dimensionPath.appending("weight"),
                    "a weighted dimension must hold at least one scored question (rating, or single choice with scores)"
                )
            }
            for (questionIndex, question) in dimension.questions.enumerated() {
                let path = dimensionPath.appending("questions").appending(questionIndex)
                checkId(question.id, at: path.appending("id"), issues: issues)
                claim(question.id, at: path.appending("id"))
                texts.check(question.text, at: path.appending("text"))
                texts.check(question.description, at: path.appending("description"))
                if dimension.weight == nil, question.isScored {
                    issues.error(
                        path,
                        "scored question in a dimension without weight; give the dimension a weight or remove the scores"
                    )
                }
                if !(question.weight > 0) {
                    issues.error(path.appending("weight"), "must be a positive number")
                }
                checkKind(question, at: path, texts: texts, issues: issues)
                if let showIf = question.showIf {
                    checkShowIf(showIf, at: path.appending("showIf"), earlier: earlier, issues: issues)
                }
                earlier[question.id] = question
            }
        }
        if !questionnaire.dimensions.contains(where: { $0.weight != nil }) {
            issues.warning(
                root.appending("dimensions"), "no dimension has a weight, so this questionnaire produces no score")
        }
    }

    private static func checkKind(
        _ question: Question, at path: DocumentPath, texts: TextChecker, issues: IssueCollector
    ) {
        switch question.kind {
        case .rating(let scale, _):
            let scalePath = path.appending("scale")
            if scale.min >= scale.max {
                issues.error(scalePath, "min (\(scale.min)) must be less than max (\(scale.max))")
            } else if scale.max.subtractingReportingOverflow(scale.min).partialValue >= maxScalePoints
                || scale.max.subtractingReportingOverflow(scale.min).overflow
            {
                issues.error(scalePath, "a scale has at most \(maxScalePoints) points")
            }
            for (point, label) in scale.labels.sorted(by: { $0.key < $1.key }) {
                let labelPath = scalePath.appending("labels").appending(String(point))
                if point < scale.min || point > scale.max {
                    issues.error(labelPath, "\(point) is not a point of the scale \(scale.min)…\(scale.max)")
                }
                texts.check(label, at: labelPath)
            }
        case .single(let options):
            checkOptions(options, at: path.appending("options"), texts: texts, issues: issues)
            if options.contains(where: { $0.score != nil }) {
                for (index, option) in options.enumerated() where option.score == nil && !option.notApplicable {
                    issues.error(
                        path.appending("options").appending(index),
                        "option '\(option.id)' needs a score (0…100) or notApplicable: true, because other options are scored"
                    )
                }
            }
            for (index, option) in options.enumerated() {
                let optionPath = path.appending("options").appending(index)
                if let score = option.score, !(0...100).contains(score) {
                    issues.error(optionPath.appending("score"), "must be between 0 and 100")
                }
                if option.score != nil, option.notApplicable {
                    issues.error(optionPath, "an option is either scored or not applicable, not both")
                }
            }
        case .multiple(let options, let maxSelections):
            checkOptions(options, at: path.appending("options"), texts: texts, issues: issues)
            for (index, option) in options.enumerated() {
                if option.score != nil {
                    issues.error(
                        path.appending("options").appending(index).appending("score"),
                        "multiple-choice questions are never scored"
                    )
                }
                if option.notApplicable {
                    issues.error(
                        path.appending("options").appending(index).appending("notApplicable"),
                        "multiple-choice questions are never scored, so no option is 'not applicable'"
                    )
                }
            }
            if let maxSelections, maxSelections < 1 || maxSelections > options.count {
                issues.error(
                    path.appending("maxSelections"), "must be between 1 and the number of options (\(options.count))")
            }
        case .text(let maxLength):
            if maxLength < 1 || maxLength > QuestionnaireReader.textMaxLengthLimit {
                issues.error(
                    path.appending("maxLength"), "must be between 1 and \(QuestionnaireReader.textMaxLengthLimit)")
            }
        }
    }

    private static func checkOptions(
        _ options: [Option], at path: DocumentPath, texts: TextChecker, issues: IssueCollector
    ) {
        if options.count < 2 {
            issues.error(path, "a choice question needs at least two options")
        }
        var seen: Set<String> = []
        for (index, option) in options.enumerated() {
            let optionPath = path.appending(index)
            checkId(option.id, at: optionPath.appending("id"), issues: issues)
            if !seen.insert(option.id).inserted {
                issues.error(optionPath.appending("id"), "duplicate option id '\(option.id)'")
            }
            texts.check(option.text, at: optionPath.appending("text"))
            if option.other, option.notApplicable {
                issues.error(optionPath.appending("other"), "an option is either 'other' or not applicable, not both")
            }
        }
        let others = options.indices.filter { options[$0].other }
        for index in others.dropFirst() {
            issues.error(path.appending(index).appending("other"), "a question has at most one 'other' option")
        }
    }

    private static func checkShowIf(
        _ showIf: ShowIf, at path: DocumentPath, earlier: [String: Question], issues: IssueCollector
    ) {
        guard let target = earlier[showIf.question] else {
            issues.error(
                path.appending("question"),
                "'\(showIf.question)' is not an earlier question; showIf may only refer to a question asked before it"
            )
            return
        }
        guard target.type == .single || target.type == .multiple else {
            issues.error(
                path.appending("question"),
                "'\(showIf.question)' is a \(target.type.rawValue) question; showIf needs a single or multiple choice question"
            )
            return
        }
        if showIf.options.isEmpty {
            issues.error(path.appending("in"), "list at least one option of '\(showIf.question)'")
        }
        let known = Set(target.options.map(\.id))
        for (index, option) in showIf.options.enumerated() where !known.contains(option) {
            issues.error(path.appending("in").appending(index), "'\(option)' is not an option of '\(showIf.question)'")
        }
    }

    private static func checkGrades(_ grades: [GradeBand], texts: TextChecker, issues: IssueCollector) {
        let path = DocumentPath.root.appending("grades")
        guard !grades.isEmpty else {
            issues.error(path, "list at least one grade band (the last starting at 0)")
            return
        }
        for (index, band) in grades.enumerated() {
            let bandPath = path.appending(index)
            if !(0...100).contains(band.min) {
                issues.error(bandPath.appending("min"), "must be between 0 and 100")
            }
            if index > 0, band.min >= grades[index - 1].min {
                issues.error(
                    bandPath.appending("min"),
                    "grade bands must descend: \(band.min) is not below \(grades[index - 1].min)")
            }
            texts.check(band.label, at: bandPath.appending("label"))
        }
        if let last = grades.last, last.min != 0 {
            issues.error(path.appending(grades.count - 1).appending("min"), "the last grade band must start at 0")
        }
    }

    private static func checkLocales(_ locales: [String], issues: IssueCollector) {
        let path = DocumentPath.root.appending("locales")
        if locales.isEmpty {
            issues.error(path, "list at least one locale; the first is the default")
        }
        var seen: Set<String> = []
        for (index, locale) in locales.enumerated() {
            if !isLocaleCode(locale) {
                issues.error(path.appending(index), "'\(locale)' is not a locale code such as zh, en or zh-Hant")
            }
            if !seen.insert(locale).inserted {
                issues.error(path.appending(index), "duplicate locale '\(locale)'")
            }
        }
    }

    static func checkId(_ id: String, at path: DocumentPath, issues: IssueCollector) {
        if !isIdentifier(id) {
            issues.error(path, "'\(id)' is not a valid id: use lowercase letters, digits and '-'")
        }
    }

    /// `[a-z0-9-]+`, at most 64 characters.
    public static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    static func isLocaleCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
            first.allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}

/// Checks that localized texts carry the default locale and no unknown locales.
struct TextChecker {
    let defaultLocale: String
    let locales: Set<String>
    let issues: IssueCollector

    func check(_ text: LocalizedText?, at path: DocumentPath) {
        guard let text else { return }
        switch text {
        case .plain(let value):
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.error(path, "must not be empty")
            }
        case .localized:
            if !text.has(defaultLocale) {
                issues.error(path, "has no text for the default locale '\(defaultLocale)'")
            }
            for locale in text.locales where !locales.contains(locale) {
                issues.warning(path.appending(locale), "locale '\(locale)' is not listed in locales and is never shown")
            }
        }
    }
}

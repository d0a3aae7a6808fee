/// Turns a document tree into a `Questionnaire`, reporting every missing field and wrong type
/// it meets (not just the first), then running `QuestionnaireValidator` on the result.
public enum QuestionnaireReader {
    /// Default and upper bound for `text` questions' `maxLength`, in characters.
    public static let defaultTextMaxLength = 2000
    public static let textMaxLengthLimit = 10_000

    public struct Result: Sendable {
        /// Nil when the document has errors.
        public var questionnaire: Questionnaire?
        public var issues: [ValidationIssue]

        public init(questionnaire: Questionnaire?, issues: [ValidationIssue]) {
            self.questionnaire = questionnaire
            self.issues = issues
        }

        public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
        public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }
    }

    public static func read(_ node: DocumentNode) -> Result {
        let issues = IssueCollector()
        let questionnaire = readQuestionnaire(node, issues: issues)
        if let questionnaire, !issues.hasErrors {
            QuestionnaireValidator.validate(questionnaire, issues: issues)
        }
        return Result(questionnaire: issues.hasErrors ? nil : questionnaire, issues: issues.issues)
    }

    private static func readQuestionnaire(_ node: DocumentNode, issues: IssueCollector) -> Questionnaire? {
        guard let root = ObjectReader(node, at: .root, issues: issues) else { return nil }
        root.warnAboutUnknownKeys([
            "id", "version", "meetingType", "locales", "title", "description", "grades", "dimensions", "weighting",
            "ahp",
        ])
        let id = root.string("id", required: true)
        let version = root.integer("version", required: true)
        if let version, version < 1 {
            issues.error(root.path.appending("version"), "must be a positive whole number")
        }
        var meetingType: MeetingType? = .other
        if let raw = root.string("meetingType") {
            meetingType = MeetingType(rawValue: raw)
            if meetingType == nil {
                issues.error(
                    root.path.appending("meetingType"),
                    "unknown meeting type '\(raw)'; use one of \(MeetingType.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }
        var locales: [String]? = nil
        if let items = root.array("locales", required: true) {
            locales = items.enumerated().compactMap { index, item in
                ObjectReader.string(item, at: root.path.appending("locales").appending(index), issues: issues)
            }
        }
        let title = root.localizedText("title", required: true)
        let description = root.localizedText("description")
        var grades: [GradeBand]? = GradeBand.defaults(for: locales ?? [])
        if let items = root.array("grades") {
            grades = readList(items, at: root.path.appending("grades"), issues: issues, readGrade)
        }
        var dimensions: [Dimension]? = nil
        if let items = root.array("dimensions", required: true) {
            dimensions = readList(items, at: root.path.appending("dimensions"), issues: issues, readDimension)
        }
        let weightingReader = root.object("weighting")
        let judgments = weightingReader.flatMap(readWeighting)
        guard let id, let version, let meetingType, let locales, let title, let grades, var dimensions,
            !root.has("weighting") || judgments != nil
        else {
            return nil
        }
        var weighting: PairwiseWeighting? = nil
        if let judgments {
            weighting = applyDimensionWeighting(judgments, to: &dimensions, at: root.path, issues: issues)
            guard weighting != nil else { return nil }
        }
        return Questionnaire(
            id: id, version: version, meetingType: meetingType, locales: locales, title: title,
            description: description, grades: grades, dimensions: dimensions, weighting: weighting
        )
    }

    /// Reads every item, so that problems in later items are reported too; nil if any failed.
    private static func readList<T>(
        _ items: [DocumentNode], at path: DocumentPath, issues: IssueCollector,
        _ read: (ObjectReader) -> T?
    ) -> [T]? {
        var result: [T] = []
        var failed = false
        for (index, item) in items.enumerated() {
            guard let reader = ObjectReader(item, at: path.appending(index), issues: issues), let value = read(reader)
            else {
                failed = true
                continue
            }
            result.append(value)
        }
        return failed ? nil : result
    }

    private static func readGrade(_ reader: ObjectReader) -> GradeBand? {
        reader.warnAboutUnknownKeys(["min", "label"])
        let min = reader.number("min", required: true)
        let label = reader.localizedText("label", required: true)
        guard let min, let label else { return nil }
        return GradeBand(min: min, label: label)
    }

    private static func readDimension(_ reader: ObjectReader) -> Dimension? {
        reader.warnAboutUnknownKeys(["id", "title", "description", "weight", "questions", "questionWeighting", "ahp"])
        let id = reader.string("id", required: true)
        let title = reader.localizedText("title", required: true)
        let description = reader.localizedText("description")
        let hasWeight = reader.has("weight")
        let weight = reader.number("weight")
        var questions: [Question]? = nil
        var writtenWeights: [Double?] = []
        if let items = reader.array("questions", required: true) {
            questions = readList(items, at: reader.path.appending("questions"), issues: reader.issues, readQuestion)
            writtenWeights = items.map { item in
                if case .number(let number) = item["weight"]?.value { return number }
                return nil
            }
        }
        let judgments = reader.object("questionWeighting").flatMap(readWeighting)
        guard let id, let title, var questions, !hasWeight || weight != nil,
            !reader.has("questionWeighting") || judgments != nil
        else { return nil }
        var questionWeighting: PairwiseWeighting? = nil
        if let judgments {
            questionWeighting = applyQuestionWeighting(
                judgments, to: &questions, written: writtenWeights, at: reader.path, issues: reader.issues)
            guard questionWeighting != nil else { return nil }
        }
        return Dimension(
            id: id, title: title, description: description, weight: weight, questions: questions,
            questionWeighting: questionWeighting)
    }

    private static func readQuestion(_ reader: ObjectReader) -> Question? {
        reader.warnAboutUnknownKeys([
            "id", "type", "text", "description", "weight", "required", "allowNotApplicable", "scale", "options",
            "maxSelections", "maxLength", "showIf", "format",
        ])
        let id = reader.string("id", required: true)
        let text = reader.localizedText("text", required: true)
        let description = reader.localizedText("description")
        let hasWeight = reader.has("weight")
        let weight = reader.number("weight")
        let hasRequired = reader.has("required")
        let required = reader.bool("required")
        let showIf = reader.object("showIf").flatMap(readShowIf)
        let showIfFailed = reader.has("showIf") && showIf == nil
        guard let typeName = reader.string("type", required: true) else { return nil }
        guard let type = QuestionType(rawValue: typeName) else {
            reader.issues.error(
                reader.path.appending("type"),
                "unknown question type '\(typeName)'; use one of rating, single, multiple, text"
            )
            return nil
        }
        var kind: Question.Kind? = nil
        switch type {
        case .rating:
            let allowNotApplicable = reader.bool("allowNotApplicable") ?? false
            if let scale = reader.object("scale", required: true).flatMap(readScale) {
                kind = .rating(scale, allowNotApplicable: allowNotApplicable)
            }
        case .single:
            if let options = reader.array("options", required: true) {
                readList(options, at: reader.path.appending("options"), issues: reader.issues, readOption).map {
                    kind = .single($0)
                }
            }
        case .multiple:
            let maxSelections = reader.integer("maxSelections")
            let maxSelectionsFailed = reader.has("maxSelections") && maxSelections == nil
            if let options = reader.array("options", required: true),
                let read = readList(options, at: reader.path.appending("options"), issues: reader.issues, readOption),
                !maxSelectionsFailed
            {
                kind = .multiple(read, maxSelections: maxSelections)
            }
        case .text:
            let maxLength = reader.integer("maxLength")
            if !reader.has("maxLength") || maxLength != nil {
                kind = .text(maxLength: maxLength ?? defaultTextMaxLength)
            }
        }
        if type != .rating, reader.has("allowNotApplicable") {
            reader.issues.error(
                reader.path.appending("allowNotApplicable"),
                "only rating questions take allowNotApplicable; give a single-choice question a notApplicable option instead"
            )
        }
        if type != .rating, reader.has("scale") {
            reader.issues.error(reader.path.appending("scale"), "only rating questions have a scale")
        }
        if type == .rating || type == .text, reader.has("options") {
            reader.issues.error(reader.path.appending("options"), "\(type.rawValue) questions have no options")
        }
        if type != .multiple, reader.has("maxSelections") {
            reader.issues.error(
                reader.path.appending("maxSelections"), "only multiple-choice questions take maxSelections")
        }
        if type != .text, reader.has("maxLength") {
            reader.issues.error(reader.path.appending("maxLength"), "only text questions take maxLength")
        }
        var format: TextFormat?
        if let name = reader.string("format") {
            format = TextFormat(rawValue: name)
            if type != .text {
                reader.issues.error(reader.path.appending("format"), "only text questions take a format")
            } else if format == nil {
                reader.issues.error(
                    reader.path.appending("format"),
                    "unknown format '\(name)'; use one of \(TextFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }
        let formatFailed = reader.has("format") && (format == nil || type != .text)
        guard let id, let text, let kind, !hasWeight || weight != nil, !hasRequired || required != nil, !showIfFailed,
            !formatFailed
        else { return nil }
        let question = Question(
            id: id, text: text, description: description, kind: kind, weight: weight ?? 1, required: required,
            showIf: showIf, format: format
        )
        if hasWeight, !question.isScored {
            reader.issues.error(
                reader.path.appending("weight"),
                "\(type.rawValue) questions without scores are never scored and take no weight"
            )
        }
        return question
    }

    private static func readScale(_ reader: ObjectReader) -> RatingScale? {
        reader.warnAboutUnknownKeys(["min", "max", "labels"])
        let min = reader.integer("min", required: true)
        let max = reader.integer("max", required: true)
        var labels: [Int: LocalizedText] = [:]
        var labelsFailed = false
        if let labelReader = reader.object("labels") {
            for key in labelReader.keys {
                guard let point = Int(key) else {
                    reader.issues.error(
                        labelReader.path.appending(key), "label keys must be points of the scale (whole numbers)")
                    labelsFailed = true
                    continue
                }
                guard let text = labelReader.localizedText(key, required: true) else {
                    labelsFailed = true
                    continue
                }
                labels[point] = text
            }
        } else if reader.has("labels") {
            labelsFailed = true
        }
        guard let min, let max, !labelsFailed else { return nil }
        return RatingScale(min: min, max: max, labels: labels)
    }

    private static func readOption(_ reader: ObjectReader) -> Option? {
        reader.warnAboutUnknownKeys(["id", "text", "score", "notApplicable", "other"])
        let id = reader.string("id", required: true)
        let text = reader.localizedText("text", required: true)
        let score = reader.number("score")
        let scoreFailed = reader.has("score") && score == nil
        let notApplicable = reader.bool("notApplicable")
        let notApplicableFailed = reader.has("notApplicable") && notApplicable == nil
        let other = reader.bool("other")
        let otherFailed = reader.has("other") && other == nil
        guard let id, let text, !scoreFailed, !notApplicableFailed, !otherFailed else { return nil }
        return Option(id: id, text: text, score: score, notApplicable: notApplicable ?? false, other: other ?? false)
    }

    private static func readShowIf(_ reader: ObjectReader) -> ShowIf? {
        reader.warnAboutUnknownKeys(["question", "in"])
        let question = reader.string("question", required: true)
        var options: [String]? = nil
        if let items = reader.array("in", required: true) {
            let read = items.enumerated().compactMap { index, item in
                ObjectReader.string(item, at: reader.path.appending("in").appending(index), issues: reader.issues)
            }
            options = read.count == items.count ? read : nil
        }
        guard let question, let options else { return nil }
        return ShowIf(question: question, options: options)
    }
}

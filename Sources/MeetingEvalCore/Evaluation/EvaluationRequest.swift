import Foundation

/// What an organizer asks for when creating an evaluation, read and checked from a request body.
public struct EvaluationRequest: Sendable, Equatable {
    public var questionnaireId: String
    /// Nil: the latest version.
    public var questionnaireVersion: Int?
    public var title: String
    public var meetingType: MeetingType?
    public var meetingDate: String
    public var venues: [Venue]
    public var raterGroups: [RaterGroup]
    public var expectedRespondents: Int?
    public var opensAt: Date?
    public var closesAt: Date?
    public var anonymous: Bool
    public var access: Evaluation.Access
    public var screening: ScreeningSettings
    /// Several attendees are expected to answer on one device (a venue's shared tablet).
    public var sharedDevices: Bool = false
    /// Client, assessor and report number; a missing assessor is filled in by the service
    /// with the server's default.
    public var report = ReportSettings()
    /// The organization asked for; nil: the default rule (`AccessScope.owner`).
    public var organization: String? = nil
    /// The id of the meeting standard the facts are checked against; nil: none.
    public var standard: String? = nil
    /// How the survey and facts scores combine; only with a standard.
    public var index: ScoreIndex? = nil

    public static let maxTitleLength = 200
    public static let maxReportFieldLength = 200
    public static let maxNameLength = 100
    public static let maxVenues = 2000
    public static let maxRaterGroups = 50

    /// Reads a create-evaluation body, reporting every problem at once.
    public static func read(_ node: DocumentNode) -> Result<EvaluationRequest, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else {
            return .failure(IssueList(issues.errors))
        }
        root.warnAboutUnknownKeys([
            "questionnaire", "title", "meetingType", "meetingDate", "venues", "raterGroups", "expectedRespondents",
            "opensAt", "closesAt", "anonymous", "access", "screening", "sharedDevices", "client", "assessor",
            "reportNumber", "organization", "standard", "index",
        ])
        var questionnaireId: String?
        var questionnaireVersion: Int?
        if let questionnaire = root.object("questionnaire", required: true) {
            questionnaireId = questionnaire.string("id", required: true)
            questionnaireVersion = questionnaire.integer("version")
            if let version = questionnaireVersion, version < 1 {
                issues.error(questionnaire.path.appending("version"), "must be a positive whole number")
            }
        }
        let title = root.string("title", required: true)
        if let title { checkName(title, at: .root.appending("title"), limit: maxTitleLength, issues: issues) }
        var meetingType: MeetingType?
        if let raw = root.string("meetingType") {
            meetingType = MeetingType(rawValue: raw)
            if meetingType == nil {
                issues.error(
                    .root.appending("meetingType"),
                    "unknown meeting type '\(raw)'; use one of \(MeetingType.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }
        let meetingDate = root.string("meetingDate", required: true)
        if let meetingDate, !Timestamp.isCalendarDate(meetingDate) {
            issues.error(.root.appending("meetingDate"), "must be a date written YYYY-MM-DD")
        }
        let venues = readNamedList(root, key: "venues", limit: maxVenues) { reader, id, name in
            reader.warnAboutUnknownKeys(["id", "name", "expected"])
            let expected = reader.integer("expected")
            if let expected, expected < 1 {
                issues.error(reader.path.appending("expected"), "must be a positive whole number")
            }
            return Venue(id: id, name: name, expected: expected)
        }
        let raterGroups = readNamedList(root, key: "raterGroups", limit: maxRaterGroups) { reader, id, name in
            reader.warnAboutUnknownKeys(["id", "name", "weight", "observer"])
            let weight = reader.has("weight") ? reader.number("weight") : 1
            if let weight, !(weight > 0) {
                issues.error(reader.path.appending("weight"), "must be a positive number")
            }
            let observer = reader.bool("observer") ?? false
            return weight.map { RaterGroup(id: id, name: name, weight: $0, observer: observer) }
        }
        let expected = root.integer("expectedRespondents")
        if let expected, expected < 1 {
            issues.error(.root.appending("expectedRespondents"), "must be a positive whole number")
        }
        let opensAt = readTime(root, "opensAt")
        let closesAt = readTime(root, "closesAt")
        if let opensAt, let closesAt, closesAt <= opensAt {
            issues.error(.root.appending("closesAt"), "must be later than opensAt")
        }
        let anonymous = root.bool("anonymous") ?? true
        let sharedDevices = root.bool("sharedDevices") ?? false
        var access = Evaluation.Access.open
        if let raw = root.string("access") {
            if let known = Evaluation.Access(rawValue: raw) {
                access = known
            } else {
                issues.error(.root.appending("access"), "must be 'open' or 'invitation'")
            }
        }
        let organization = root.string("organization")
        var screening = ScreeningSettings()
        if let reader = root.object("screening") {
            reader.warnAboutUnknownKeys(["minSeconds", "excludeFlagged"])
            if let minSeconds = reader.number("minSeconds") {
                if minSeconds < 0 || minSeconds > 86_400 {
                    issues.error(reader.path.appending("minSeconds"), "must be between 0 and 86400 seconds")
                }
                screening.minSeconds = minSeconds
            }
            screening.excludeFlagged = reader.bool("excludeFlagged") ?? false
        }
        var report = ReportSettings()
        for (key, path) in [
            ("client", \ReportSettings.client), ("assessor", \.assessor), ("reportNumber", \.reportNumber),
        ] {
            guard let text = root.string(key) else { continue }
            checkName(text, at: .root.appending(key), limit: maxReportFieldLength, issues: issues)
            report[keyPath: path] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let standard = root.string("standard")
        if let standard { QuestionnaireValidator.checkId(standard, at: .root.appending("standard"), issues: issues) }
        var index: ScoreIndex?
        if let reader = root.object("index") {
            reader.warnAboutUnknownKeys(["survey", "facts"])
            let survey = reader.number("survey", required: true)
            let facts = reader.number("facts", required: true)
            for (key, value) in [("survey", survey), ("facts", facts)] {
                if let value, !(0...1000).contains(value) {
                    issues.error(reader.path.appending(key), "must be a weight between 0 and 1000")
                }
            }
            if let survey, let facts {
                if survey == 0 && facts == 0 { issues.error(reader.path, "survey and facts must not both be 0") }
                index = ScoreIndex(survey: survey, facts: facts)
            }
            if standard == nil {
                issues.error(reader.path, "a combined index needs a standard for the facts score; name one in 'standard'")
            }
        }
        guard !issues.hasErrors, let questionnaireId, let title, let meetingDate, let venues, let raterGroups else {
            return .failure(IssueList(issues.errors))
        }
        return .success(
            EvaluationRequest(
                questionnaireId: questionnaireId, questionnaireVersion: questionnaireVersion,
                title: title.trimmingCharacters(in: .whitespacesAndNewlines), meetingType: meetingType,
                meetingDate: meetingDate, venues: venues, raterGroups: raterGroups, expectedRespondents: expected,
                opensAt: opensAt, closesAt: closesAt, anonymous: anonymous, access: access, screening: screening,
                sharedDevices: sharedDevices, report: report, organization: organization, standard: standard,
                index: index
            )
        )
    }

    /// Reads a list of `{id, name, …}` objects with unique ids.
    private static func readNamedList<T>(
        _ root: ObjectReader, key: String, limit: Int, _ build: (ObjectReader, String, LocalizedText) -> T?
    ) -> [T]? {
        guard let items = root.array(key) else { return root.has(key) ? nil : [] }
        let path = root.path.appending(key)
        let issues = root.issues
        if items.count > limit {
            issues.error(path, "at most \(limit) entries")
            return nil
        }
        var result: [T] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let reader = ObjectReader(item, at: path.appending(index), issues: issues) else { continue }
            let id = reader.string("id", required: true)
            let name = reader.localizedText("name", required: true)
            guard let id, let name else { continue }
            QuestionnaireValidator.checkId(id, at: reader.path.appending("id"), issues: issues)
            if !seen.insert(id).inserted {
                issues.error(reader.path.appending("id"), "duplicate id '\(id)'")
            }
            checkLocalizedName(name, at: reader.path.appending("name"), issues: issues)
            if let value = build(reader, id, name) { result.append(value) }
        }
        return result
    }

    private static func readTime(_ root: ObjectReader, _ key: String) -> Date? {
        guard let text = root.string(key) else { return nil }
        guard let date = Timestamp.parse(text) else {
            root.issues.error(root.path.appending(key), "must be a time such as 2026-11-20T09:00:00+08:00")
            return nil
        }
        return date
    }

    private static func checkLocalizedName(_ name: LocalizedText, at path: DocumentPath, issues: IssueCollector) {
        switch name {
        case .plain(let text): checkName(text, at: path, limit: maxNameLength, issues: issues)
        case .localized(let texts):
            if texts.isEmpty { issues.error(path, "must not be empty") }
            for (locale, text) in texts.sorted(by: { $0.key < $1.key }) {
                checkName(text, at: path.appending(locale), limit: maxNameLength, issues: issues)
            }
        }
    }

    static func checkName(_ text: String, at path: DocumentPath, limit: Int, issues: IssueCollector) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.error(path, "must not be empty")
        } else if text.count > limit {
            issues.error(path, "must be at most \(limit) characters")
        } else if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            issues.error(path, "must not contain control characters")
        }
    }
}

/// A list of problems, as an error value.
public struct IssueList: Error, Sendable, Equatable {
    public var issues: [ValidationIssue]
    public init(_ issues: [ValidationIssue]) { self.issues = issues }
}

import Foundation

/// A meeting standard (会议规范): a published set of rules for meetings (how long, how late,
/// how many speeches of what length, how many documents) with the points each broken rule
/// deducts (扣分制). Read from a YAML or JSON file like a questionnaire
/// (`Surveys/standards/*.yaml`); an evaluation pins the standard it names, as it pins its
/// questionnaire version, so its facts score never changes when a file does.
public struct MeetingStandard: Sendable, Equatable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    /// Where the rules come from: the citation, and a link when there is one.
    public var source: Source
    /// The yearly reduction of meetings the standard asks for, in percent (Anhui 2019: 10).
    public var yearlyReduction: Double?
    public var rules: [Rule]
    /// The document it was read from, in canonical JSON: what an evaluation stores, and reads
    /// back through `read`.
    public var definition: String

    public struct Source: Sendable, Equatable {
        public var citation: LocalizedText
        public var url: String?
    }

    /// One rule: when it applies, what it measures, its limit and what breaking it costs.
    public struct Rule: Sendable, Equatable {
        public var id: String
        public var title: LocalizedText
        /// The meeting types it applies to; empty: every meeting.
        public var meetingTypes: [MeetingType]
        public var measure: FactMeasure
        /// For `speechMinutes`: whose speeches; nil: every speech.
        public var role: SpeechRole?
        public var limit: Limit
        /// Points deducted when the rule is broken; with `per`, for each started `per` units
        /// beyond the limit, at most `maxDeduct`.
        public var deduct: Double
        public var per: Double?
        public var maxDeduct: Double?

        public init(
            id: String, title: LocalizedText, meetingTypes: [MeetingType] = [], measure: FactMeasure,
            role: SpeechRole? = nil, limit: MeetingStandard.Limit, deduct: Double, per: Double? = nil,
            maxDeduct: Double? = nil
        ) {
            self.id = id
            self.title = title
            self.meetingTypes = meetingTypes
            self.measure = measure
            self.role = role
            self.limit = limit
            self.deduct = deduct
            self.per = per
            self.maxDeduct = maxDeduct
        }

        public func applies(to meetingType: MeetingType) -> Bool {
            meetingTypes.isEmpty || meetingTypes.contains(meetingType)
        }
    }

    /// An upper (`max`) or lower (`min`) bound, inclusive: a value equal to it passes.
    public enum Limit: Sendable, Equatable {
        case max(Double)
        case min(Double)

        public var value: Double {
            switch self {
            case .max(let value), .min(let value): return value
            }
        }

        /// How far `value` lies beyond the limit; 0 when it keeps it.
        public func excess(_ value: Double) -> Double {
            switch self {
            case .max(let limit): return Swift.max(0, value - limit)
            case .min(let limit): return Swift.max(0, limit - value)
            }
        }
    }

    public static let maxRules = 100
}

/// A quantity measured from a meeting's facts (`MeetingFactsAssessment.measured`), in the unit
/// its rules state.
public enum FactMeasure: String, Sendable, CaseIterable, Codable {
    /// Actual end − actual start, minutes.
    case duration
    /// Actual start − planned start, minutes (negative: early).
    case startDelay
    /// Actual end − planned end, minutes.
    case overrun
    /// The longest speech (of the rule's role, else of anyone), minutes.
    case speechMinutes
    /// The number of speeches (of the rule's role, else all).
    case speechCount
    /// Present ÷ expected over every venue with both, percent.
    case attendanceRate
    /// People present, over every venue.
    case attendees
    case documentCount
    case documentPages
    /// 1 when the meeting was judged mergeable with another or replaceable by a document, else 0.
    case mergeable

    /// The unit it is given in, for people.
    public var unit: String {
        switch self {
        case .duration, .startDelay, .overrun, .speechMinutes: return "minutes"
        case .attendanceRate: return "percent"
        case .speechCount: return "speeches"
        case .attendees: return "people"
        case .documentCount: return "documents"
        case .documentPages: return "pages"
        case .mergeable: return "yes=1"
        }
    }
}

/// Who gave a speech: the leading official (领导讲话), the chair (主持), a work report (汇报,
/// 典型发言) or a speaker from the floor.
public enum SpeechRole: String, Sendable, CaseIterable, Codable {
    case leader, chair, report, floor
}

extension MeetingStandard {
    /// The result of reading a standard document: the standard, or every problem found.
    public struct Result: Sendable {
        public var standard: MeetingStandard?
        public var issues: [ValidationIssue]
        public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }

        public init(standard: MeetingStandard?, issues: [ValidationIssue]) {
            self.standard = standard
            self.issues = issues
        }
    }

    /// Reads and checks a standard document, reporting every problem with its path (and, for
    /// YAML, its line).
    public static func read(_ node: DocumentNode) -> Result {
        let issues = IssueCollector()
        let standard = read(node, issues: issues)
        return Result(standard: issues.hasErrors ? nil : standard, issues: issues.issues)
    }

    /// Reads a stored definition back (canonical JSON written by `read`).
    public static func stored(_ definition: String) throws -> MeetingStandard {
        let node = try DocumentNode.parseJSON(Data(definition.utf8))
        guard let standard = read(node).standard else {
            throw InconsistentDataError("a stored meeting standard does not read back")
        }
        return standard
    }

    private static func read(_ node: DocumentNode, issues: IssueCollector) -> MeetingStandard? {
        guard let root = ObjectReader(node, at: .root, issues: issues) else { return nil }
        root.warnAboutUnknownKeys(["kind", "id", "version", "title", "source", "yearlyReduction", "rules"])
        if let kind = root.string("kind"), kind != "standard" {
            issues.error(.root.appending("kind"), "must be 'standard' for a meeting standard")
        }
        let id = root.string("id", required: true)
        if let id { QuestionnaireValidator.checkId(id, at: .root.appending("id"), issues: issues) }
        let version = root.integer("version") ?? 1
        if version < 1 { issues.error(.root.appending("version"), "must be a positive whole number") }
        let title = root.localizedText("title", required: true)
        if let title { checkText(title, at: .root.appending("title"), issues: issues) }
        var source: Source?
        if let reader = root.object("source", required: true) {
            reader.warnAboutUnknownKeys(["citation", "url"])
            let citation = reader.localizedText("citation", required: true)
            if let citation { checkText(citation, at: reader.path.appending("citation"), issues: issues) }
            let url = reader.string("url")
            if let url, url.count > 500 || url.contains(where: { $0.isWhitespace }) {
                issues.error(reader.path.appending("url"), "must be a link without spaces, at most 500 characters")
            }
            if let citation { source = Source(citation: citation, url: url) }
        }
        let reduction = root.number("yearlyReduction")
        if let reduction, !(0...100).contains(reduction) {
            issues.error(.root.appending("yearlyReduction"), "must be a percentage between 0 and 100")
        }
        var rules: [Rule] = []
        if let items = root.array("rules", required: true) {
            let path = DocumentPath.root.appending("rules")
            if items.isEmpty { issues.error(path, "must hold at least one rule") }
            if items.count > maxRules { issues.error(path, "at most \(maxRules) rules") }
            var seen: Set<String> = []
            for (index, item) in items.prefix(maxRules).enumerated() {
                if case .string(let id)? = item["id"]?.value, !seen.insert(id).inserted {
                    issues.error(path.appending(index).appending("id"), "duplicate rule id '\(id)'")
                }
                if let rule = readRule(item, at: path.appending(index), issues: issues) { rules.append(rule) }
            }
        }
        guard let id, let title, let source else { return nil }
        var writer = CanonicalJSONWriter()
        writer.node(node)
        return MeetingStandard(
            id: id, version: version, title: title, source: source, yearlyReduction: reduction, rules: rules,
            definition: writer.text)
    }

    private static func readRule(_ node: DocumentNode, at path: DocumentPath, issues: IssueCollector) -> Rule? {
        guard let reader = ObjectReader(node, at: path, issues: issues) else { return nil }
        reader.warnAboutUnknownKeys([
            "id", "title", "when", "measure", "role", "max", "min", "deduct", "per", "maxDeduct",
        ])
        let id = reader.string("id", required: true)
        if let id { QuestionnaireValidator.checkId(id, at: path.appending("id"), issues: issues) }
        let title = reader.localizedText("title", required: true)
        if let title { checkText(title, at: path.appending("title"), issues: issues) }
        var meetingTypes: [MeetingType] = []
        if let when = reader.object("when") {
            when.warnAboutUnknownKeys(["meetingType"])
            if let list = when.array("meetingType", required: true) {
                for (index, item) in list.enumerated() {
                    let at = when.path.appending("meetingType").appending(index)
                    guard let raw = ObjectReader.string(item, at: at, issues: issues) else { continue }
                    guard let type = MeetingType(rawValue: raw) else {
                        issues.error(at, "unknown meeting type '\(raw)'; use one of \(MeetingType.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    meetingTypes.append(type)
                }
                if list.isEmpty { issues.error(when.path.appending("meetingType"), "must name at least one meeting type") }
            }
        }
        var measure: FactMeasure?
        if let raw = reader.string("measure", required: true) {
            measure = FactMeasure(rawValue: raw)
            if measure == nil {
                issues.error(
                    path.appending("measure"),
                    "unknown quantity '\(raw)'; use one of \(FactMeasure.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }
        var role: SpeechRole?
        if let raw = reader.string("role") {
            role = SpeechRole(rawValue: raw)
            if role == nil {
                issues.error(
                    path.appending("role"),
                    "unknown speech role '\(raw)'; use one of \(SpeechRole.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            } else if let measure, measure != .speechMinutes, measure != .speechCount {
                issues.error(path.appending("role"), "only a speech quantity (speechMinutes, speechCount) has a role")
            }
        }
        let maximum = reader.number("max")
        let minimum = reader.number("min")
        var limit: MeetingStandard.Limit?
        switch (maximum, minimum) {
        case (let value?, nil): limit = .max(value)
        case (nil, let value?): limit = .min(value)
        case (.some, .some): issues.error(path, "give either max or min, not both")
        case (nil, nil):
            if !reader.has("max") && !reader.has("min") { issues.error(path, "needs a limit: max or min") }
        }
        if let value = limit?.value, value < 0 || value > 1_000_000 {
            issues.error(path.appending(maximum != nil ? "max" : "min"), "must be between 0 and 1000000")
        }
        let deduct = reader.number("deduct", required: true)
        if let deduct, !(deduct > 0 && deduct <= 100) {
            issues.error(path.appending("deduct"), "must be more than 0 and at most 100 points")
        }
        let per = reader.number("per")
        if let per, !(per > 0) { issues.error(path.appending("per"), "must be a positive number of units") }
        let maxDeduct = reader.number("maxDeduct")
        if let maxDeduct {
            if per == nil { issues.error(path.appending("maxDeduct"), "only a deduction per unit ('per') has a cap") }
            if let deduct, !(maxDeduct >= deduct && maxDeduct <= 100) {
                issues.error(path.appending("maxDeduct"), "must be at least deduct and at most 100 points")
            }
        }
        guard let id, let title, let measure, let limit, let deduct else { return nil }
        return Rule(
            id: id, title: title, meetingTypes: meetingTypes, measure: measure, role: role, limit: limit,
            deduct: deduct, per: per, maxDeduct: maxDeduct)
    }

    private static func checkText(_ text: LocalizedText, at path: DocumentPath, issues: IssueCollector) {
        switch text {
        case .plain(let plain): EvaluationRequest.checkName(plain, at: path, limit: 500, issues: issues)
        case .localized(let texts):
            if texts.isEmpty { issues.error(path, "must not be empty") }
            for (locale, value) in texts.sorted(by: { $0.key < $1.key }) {
                EvaluationRequest.checkName(value, at: path.appending(locale), limit: 500, issues: issues)
            }
        }
    }
}

/// The standards a server knows, by id: the files of its standards folder.
public struct StandardCatalog: Sendable {
    public private(set) var standards: [String: MeetingStandard]

    public init(_ standards: [MeetingStandard] = []) {
        self.standards = Dictionary(standards.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> MeetingStandard? { standards[id] }

    /// Every standard, by id.
    public var all: [MeetingStandard] { standards.values.sorted { $0.id < $1.id } }
}

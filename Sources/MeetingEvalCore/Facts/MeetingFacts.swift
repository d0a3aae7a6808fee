import Foundation

/// What a meeting actually did (会议实况), recorded by its organizer or an evaluator: when it
/// was planned and held, who came to each venue, who spoke for how long, the documents handed
/// out, whether it could have been merged or replaced, and what it cost. Checked against the
/// evaluation's standard by `FactsScoring`.
public struct MeetingFacts: Sendable, Equatable, Codable {
    /// Times as written, with their offset (`2026-11-20T09:00:00+08:00`), so the report shows
    /// the meeting's own clock.
    public var plannedStart: String?
    public var plannedEnd: String?
    public var actualStart: String?
    public var actualEnd: String?
    public var attendance: [Attendance]
    public var speeches: [Speech]
    public var documents: Documents?
    /// Could it have been merged with another meeting of the same attendees (套会, back to back)?
    public var mergeable: Bool?
    /// Could a document have replaced it?
    public var replaceable: Bool?
    /// What it cost, in yuan; nil when not known.
    public var cost: Double?

    public struct Attendance: Sendable, Equatable, Codable {
        public var venue: String
        /// 应到: people invited.
        public var expected: Int
        /// 实到: people present.
        public var present: Int

        public init(venue: String, expected: Int, present: Int) {
            self.venue = venue
            self.expected = expected
            self.present = present
        }
    }

    public struct Speech: Sendable, Equatable, Codable {
        public var speaker: String
        public var role: SpeechRole
        public var minutes: Double

        public init(speaker: String, role: SpeechRole, minutes: Double) {
            self.speaker = speaker
            self.role = role
            self.minutes = minutes
        }
    }

    public struct Documents: Sendable, Equatable, Codable {
        public var count: Int
        public var pages: Int

        public init(count: Int, pages: Int) {
            self.count = count
            self.pages = pages
        }
    }

    public init(
        plannedStart: String? = nil, plannedEnd: String? = nil, actualStart: String? = nil, actualEnd: String? = nil,
        attendance: [Attendance] = [], speeches: [Speech] = [], documents: Documents? = nil, mergeable: Bool? = nil,
        replaceable: Bool? = nil, cost: Double? = nil
    ) {
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.actualStart = actualStart
        self.actualEnd = actualEnd
        self.attendance = attendance
        self.speeches = speeches
        self.documents = documents
        self.mergeable = mergeable
        self.replaceable = replaceable
        self.cost = cost
    }

    public static let maxSpeeches = 200
    public static let maxSpeechMinutes = 1440.0
    public static let maxPeople = 1_000_000
    public static let maxPages = 100_000
    public static let maxCost = 1e12

    /// Reads a `PUT …/facts` body for `evaluation`, reporting every problem at once: times
    /// with an offset and each end after its start, attendance only for the evaluation's
    /// venues (when it has any), each once, speeches with a known role and positive minutes.
    public static func read(_ node: DocumentNode, for evaluation: Evaluation) -> Result<MeetingFacts, IssueList> {
        let issues = IssueCollector()
        guard let root = ObjectReader(node, at: .root, issues: issues) else {
            return .failure(IssueList(issues.errors))
        }
        root.warnAboutUnknownKeys([
            "plannedStart", "plannedEnd", "actualStart", "actualEnd", "attendance", "speeches", "documents",
            "mergeable", "replaceable", "cost",
        ])
        var facts = MeetingFacts()
        func time(_ key: String) -> (String, Date)? {
            guard let text = root.string(key) else { return nil }
            guard hasOffset(text), let date = Timestamp.parse(text) else {
                issues.error(.root.appending(key), "must be a time with its offset, such as 2026-11-20T09:00:00+08:00")
                return nil
            }
            return (text, date)
        }
        let plannedStart = time("plannedStart")
        let plannedEnd = time("plannedEnd")
        let actualStart = time("actualStart")
        let actualEnd = time("actualEnd")
        if let start = plannedStart?.1, let end = plannedEnd?.1, end <= start {
            issues.error(.root.appending("plannedEnd"), "must be later than plannedStart")
        }
        if let start = actualStart?.1, let end = actualEnd?.1, end <= start {
            issues.error(.root.appending("actualEnd"), "must be later than actualStart")
        }
        for (start, end, key) in [(plannedStart, plannedEnd, "plannedEnd"), (actualStart, actualEnd, "actualEnd")] {
            if let start = start?.1, let end = end?.1, end.timeIntervalSince(start) > 7 * 86_400 {
                issues.error(.root.appending(key), "a meeting lasts at most 7 days")
            }
        }
        if let planned = plannedStart?.1, let actual = actualStart?.1, abs(actual.timeIntervalSince(planned)) > 7 * 86_400 {
            issues.error(.root.appending("actualStart"), "lies more than 7 days from plannedStart")
        }
        (facts.plannedStart, facts.plannedEnd) = (plannedStart?.0, plannedEnd?.0)
        (facts.actualStart, facts.actualEnd) = (actualStart?.0, actualEnd?.0)

        let venueIds = Set(evaluation.venues.map(\.id))
        if let items = root.array("attendance") {
            let path = DocumentPath.root.appending("attendance")
            if items.count > EvaluationRequest.maxVenues { issues.error(path, "at most \(EvaluationRequest.maxVenues) venues") }
            var seen: Set<String> = []
            for (index, item) in items.prefix(EvaluationRequest.maxVenues).enumerated() {
                guard let reader = ObjectReader(item, at: path.appending(index), issues: issues) else { continue }
                reader.warnAboutUnknownKeys(["venue", "expected", "present"])
                let venue = reader.string("venue", required: true)
                let expected = reader.integer("expected", required: true)
                let present = reader.integer("present", required: true)
                if let venue {
                    if !venueIds.isEmpty && !venueIds.contains(venue) {
                        issues.error(
                            reader.path.appending("venue"),
                            "no venue '\(venue)' in this evaluation; use one of \(evaluation.venues.map(\.id).joined(separator: ", "))"
                        )
                    } else if venueIds.isEmpty {
                        QuestionnaireValidator.checkId(venue, at: reader.path.appending("venue"), issues: issues)
                    }
                    if !seen.insert(venue).inserted {
                        issues.error(reader.path.appending("venue"), "venue '\(venue)' is listed twice")
                    }
                }
                if let expected, !(1...maxPeople).contains(expected) {
                    issues.error(reader.path.appending("expected"), "must be between 1 and \(maxPeople)")
                }
                if let present, !(0...maxPeople).contains(present) {
                    issues.error(reader.path.appending("present"), "must be between 0 and \(maxPeople)")
                }
                if let venue, let expected, let present {
                    facts.attendance.append(Attendance(venue: venue, expected: expected, present: present))
                }
            }
        }
        if let items = root.array("speeches") {
            let path = DocumentPath.root.appending("speeches")
            if items.count > maxSpeeches { issues.error(path, "at most \(maxSpeeches) speeches") }
            for (index, item) in items.prefix(maxSpeeches).enumerated() {
                guard let reader = ObjectReader(item, at: path.appending(index), issues: issues) else { continue }
                reader.warnAboutUnknownKeys(["speaker", "role", "minutes"])
                let speaker = reader.string("speaker", required: true)
                if let speaker {
                    EvaluationRequest.checkName(
                        speaker, at: reader.path.appending("speaker"), limit: EvaluationRequest.maxNameLength,
                        issues: issues)
                }
                var role: SpeechRole?
                if let raw = reader.string("role", required: true) {
                    role = SpeechRole(rawValue: raw)
                    if role == nil {
                        issues.error(
                            reader.path.appending("role"),
                            "unknown role '\(raw)'; use one of \(SpeechRole.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                }
                let minutes = reader.number("minutes", required: true)
                if let minutes, !(minutes > 0 && minutes <= maxSpeechMinutes) {
                    issues.error(reader.path.appending("minutes"), "must be more than 0 and at most 1440 minutes")
                }
                if let speaker, let role, let minutes {
                    facts.speeches.append(
                        Speech(
                            speaker: speaker.trimmingCharacters(in: .whitespacesAndNewlines), role: role,
                            minutes: minutes))
                }
            }
        }
        if let reader = root.object("documents") {
            reader.warnAboutUnknownKeys(["count", "pages"])
            let count = reader.integer("count", required: true)
            let pages = reader.integer("pages", required: true)
            if let count, !(0...10_000).contains(count) {
                issues.error(reader.path.appending("count"), "must be between 0 and 10000")
            }
            if let pages, !(0...maxPages).contains(pages) {
                issues.error(reader.path.appending("pages"), "must be between 0 and \(maxPages)")
            }
            if let count, let pages {
                if count == 0 && pages > 0 { issues.error(reader.path.appending("pages"), "must be 0 when count is 0") }
                facts.documents = Documents(count: count, pages: pages)
            }
        }
        facts.mergeable = root.bool("mergeable")
        facts.replaceable = root.bool("replaceable")
        if let cost = root.number("cost") {
            if !(0...maxCost).contains(cost) {
                issues.error(.root.appending("cost"), "must be between 0 and 1000000000000 yuan")
            }
            facts.cost = cost
        }
        guard !issues.hasErrors else { return .failure(IssueList(issues.errors)) }
        return .success(facts)
    }

    /// Whether a time names its offset (`Z`, `+08:00`, `-0500`): a meeting's time without one
    /// would be read in the server's zone.
    static func hasOffset(_ text: String) -> Bool {
        guard let tIndex = text.firstIndex(of: "T") else { return false }
        let clock = text[text.index(after: tIndex)...]
        return clock.hasSuffix("Z") || clock.contains("+") || clock.contains("-")
    }

    /// The facts as the body that records them (the audit's before and after, the API's answer).
    public var json: JSONOutput {
        .object([
            ("plannedStart", .optional(plannedStart)), ("plannedEnd", .optional(plannedEnd)),
            ("actualStart", .optional(actualStart)), ("actualEnd", .optional(actualEnd)),
            (
                "attendance",
                .array(
                    attendance.map {
                        .object([
                            ("venue", .string($0.venue)), ("expected", .integer($0.expected)),
                            ("present", .integer($0.present)),
                        ])
                    })
            ),
            (
                "speeches",
                .array(
                    speeches.map {
                        .object([
                            ("speaker", .string($0.speaker)), ("role", .string($0.role.rawValue)),
                            ("minutes", .number($0.minutes)),
                        ])
                    })
            ),
            (
                "documents",
                documents.map { .object([("count", .integer($0.count)), ("pages", .integer($0.pages))]) } ?? .null
            ),
            ("mergeable", mergeable.map(JSONOutput.bool) ?? .null),
            ("replaceable", replaceable.map(JSONOutput.bool) ?? .null),
            ("cost", .optional(cost)),
        ])
    }
}

/// How the survey's overall score and the facts score are combined into one index
/// (`index: {survey: w1, facts: w2}`): the weighted mean, w1 and w2 ≥ 0, not both 0.
public struct ScoreIndex: Sendable, Equatable, Codable {
    public var survey: Double
    public var facts: Double

    public init(survey: Double, facts: Double) {
        self.survey = survey
        self.facts = facts
    }
}

extension MeetingFacts {
    /// Records `facts` on `current`: nil when they are what is recorded already; an archived
    /// evaluation is kept as it is (`conflict` `wrong_state`: bring it back first). Facts may
    /// be recorded in every other state, since they are usually known only after the meeting.
    /// Audited as `evaluation.facts` with the facts before and after.
    public static func change(_ current: Evaluation, to facts: MeetingFacts) throws -> EvaluationChange? {
        guard current.archivedAt == nil else {
            throw DomainError.conflict(
                "This evaluation is archived; bring it back from the archive to record its facts.", code: "wrong_state")
        }
        guard current.facts != facts else { return nil }
        var changed = current
        changed.facts = facts
        return EvaluationChange(
            evaluation: changed, action: "evaluation.facts",
            detail: [
                "before": current.facts?.json.serialized() ?? "null", "after": facts.json.serialized(),
            ])
    }
}

import Foundation

/// One meeting's survey: a pinned questionnaire version, meeting facts, venues, rater groups,
/// a time window and settings. States go `draft` → `open` → `closed`.
public struct Evaluation: Sendable, Equatable {
    public var id: String
    /// Unguessable public code used in attendee links (`/e/{slug}`).
    public var slug: String
    public var questionnaireId: String
    public var questionnaireVersion: Int
    public var title: String
    public var meetingType: MeetingType
    /// `YYYY-MM-DD`.
    public var meetingDate: String
    public var venues: [Venue]
    public var raterGroups: [RaterGroup]
    public var expectedRespondents: Int?
    public var opensAt: Date?
    public var closesAt: Date?
    public var anonymous: Bool
    /// Who may answer: anyone with the link, or only holders of an unused invitation code.
    public var access: Access
    public var screening: ScreeningSettings
    /// Several attendees are expected to answer on one device (a venue's shared tablet): the
    /// attendee page then offers a fresh form for the next person after a submission.
    public var sharedDevices: Bool
    /// Who commissioned the report, who issues it and its number (the report's cover).
    public var report: ReportSettings
    /// The evaluator's written opinion (评估意见); nil until one is written: the report is a draft.
    public var opinion: EvaluationOpinion?
    public var status: EvaluationStatus
    public var createdAt: Date
    public var openedAt: Date?
    public var closedAt: Date?
    /// The organization it belongs to; only its members (and admins) see it (`AccessScope`).
    public var organization: String
    /// When a closed evaluation was archived: hidden from the default lists.
    public var archivedAt: Date?
    /// The meeting standard its facts are checked against, pinned when it was named.
    public var standard: MeetingStandard?
    /// How the survey score and the facts score combine; nil: no combined index.
    public var scoreIndex: ScoreIndex?
    /// What the meeting did, as recorded; nil until someone records it.
    public var facts: MeetingFacts?

    public init(
        id: String, slug: String, questionnaireId: String, questionnaireVersion: Int, title: String,
        meetingType: MeetingType, meetingDate: String, venues: [Venue] = [], raterGroups: [RaterGroup] = [],
        expectedRespondents: Int? = nil, opensAt: Date? = nil, closesAt: Date? = nil, anonymous: Bool = true,
        access: Access = .open, screening: ScreeningSettings = ScreeningSettings(), sharedDevices: Bool = false,
        report: ReportSettings = ReportSettings(), opinion: EvaluationOpinion? = nil, status: EvaluationStatus = .draft,
        createdAt: Date, openedAt: Date? = nil, closedAt: Date? = nil, organization: String = Organization.defaultId,
        archivedAt: Date? = nil, standard: MeetingStandard? = nil, scoreIndex: ScoreIndex? = nil,
        facts: MeetingFacts? = nil
    ) {
        self.standard = standard
        self.scoreIndex = scoreIndex
        self.facts = facts
        self.organization = organization
        self.archivedAt = archivedAt
        self.id = id
        self.slug = slug
        self.questionnaireId = questionnaireId
        self.questionnaireVersion = questionnaireVersion
        self.title = title
        self.meetingType = meetingType
        self.meetingDate = meetingDate
        self.venues = venues
        self.raterGroups = raterGroups
        self.expectedRespondents = expectedRespondents
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.anonymous = anonymous
        self.access = access
        self.screening = screening
        self.sharedDevices = sharedDevices
        self.report = report
        self.opinion = opinion
        self.status = status
        self.createdAt = createdAt
        self.openedAt = openedAt
        self.closedAt = closedAt
    }

    public enum Access: String, Sendable, Codable, CaseIterable {
        case open
        case invitation
    }

    /// Whether a response received at `now` is accepted, and if not, why.
    public func acceptance(at now: Date) -> Acceptance {
        switch status {
        case .draft: return .notOpen
        case .closed: return .closed
        case .open:
            if let opensAt, now < opensAt { return .notYetOpen }
            if let closesAt, now >= closesAt { return .closed }
            return .accepting
        }
    }

    /// The one state shown to people, on every page: `draft`, `scheduled` (open, but its
    /// window starts later), `open` (accepting responses) or `closed` (closed by the organizer,
    /// or its window has ended).
    public func phase(at now: Date) -> Phase {
        switch acceptance(at: now) {
        case .notOpen: return .draft
        case .notYetOpen: return .scheduled
        case .accepting: return .open
        case .closed: return .closed
        }
    }

    public enum Phase: String, Sendable, Codable {
        case draft, scheduled, open, closed
    }

    /// When the evaluation stopped (or stops) accepting responses: the organizer's close, else
    /// the end of its window; nil while neither has happened or is set.
    public var closingTime: Date? {
        [closedAt, closesAt].compactMap { $0 }.min()
    }

    public enum Acceptance: String, Sendable {
        case accepting
        /// Still a draft: the organizer has not opened it.
        case notOpen = "not_open"
        /// Open, but its window starts later.
        case notYetOpen = "not_yet_open"
        case closed
    }
}

public enum EvaluationStatus: String, Sendable, Codable, CaseIterable {
    case draft, open, closed
}

/// The main venue or a branch venue (会场).
public struct Venue: Sendable, Equatable, Codable {
    public var id: String
    public var name: LocalizedText
    /// Respondents expected at this venue; the scorecard then gives its response rate.
    public var expected: Int?

    public init(id: String, name: LocalizedText, expected: Int? = nil) {
        self.id = id
        self.name = name
        self.expected = expected
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(LocalizedTextCoding.self, forKey: .name).text
        expected = try container.decodeIfPresent(Int.self, forKey: .expected)
    }
}

/// What the report's cover names besides the meeting: the client who commissioned the
/// evaluation (委托单位), the body that carries it out and signs (评估机构), and the report's
/// number. Each may be missing; the cover then shows a dash.
public struct ReportSettings: Sendable, Equatable, Codable {
    public var client: String?
    public var assessor: String?
    public var reportNumber: String?

    public init(client: String? = nil, assessor: String? = nil, reportNumber: String? = nil) {
        self.client = client
        self.assessor = assessor
        self.reportNumber = reportNumber
    }
}

/// The evaluator's opinion (评估意见): the written conclusion the report carries and signs.
public struct EvaluationOpinion: Sendable, Equatable, Codable {
    public var text: String
    /// The account that last wrote it.
    public var author: String
    public var updatedAt: Date

    public init(text: String, author: String, updatedAt: Date) {
        self.text = text
        self.author = author
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey { case text, author, updatedAt }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        author = try container.decode(String.self, forKey: .author)
        let at = try container.decode(String.self, forKey: .updatedAt)
        guard let date = Timestamp.parse(at) else {
            throw DecodingError.dataCorruptedError(forKey: .updatedAt, in: container, debugDescription: "not a time")
        }
        updatedAt = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(author, forKey: .author)
        try container.encode(Timestamp.format(updatedAt), forKey: .updatedAt)
    }
}

/// A class of respondents with its own weight (评价主体).
public struct RaterGroup: Sendable, Equatable, Codable {
    public var id: String
    public var name: LocalizedText
    public var weight: Double
    /// Observers (督查员) at the venues: their answers are the observation checklist, scored
    /// apart from the attendee survey (`ObservationRules`, docs/scoring.md "Observers").
    public var observer: Bool
    /// The checklist version an observer group answers, pinned when the group is saved.
    public var checklist: ChecklistRef?

    public init(
        id: String, name: LocalizedText, weight: Double = 1, observer: Bool = false, checklist: ChecklistRef? = nil
    ) {
        self.id = id
        self.name = name
        self.weight = weight
        self.observer = observer
        self.checklist = checklist
    }

    enum CodingKeys: String, CodingKey { case id, name, weight, observer, checklist }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(LocalizedTextCoding.self, forKey: .name).text
        weight = try container.decode(Double.self, forKey: .weight)
        observer = try container.decodeIfPresent(Bool.self, forKey: .observer) ?? false
        checklist = try container.decodeIfPresent(ChecklistRef.self, forKey: .checklist)
    }

    /// An attendee group is written as before; only an observer group carries `observer` and
    /// its pinned `checklist`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(weight, forKey: .weight)
        if observer {
            try container.encode(true, forKey: .observer)
            try container.encodeIfPresent(checklist, forKey: .checklist)
        }
    }
}

/// A questionnaire version answered by observers (the observation checklist).
public struct ChecklistRef: Sendable, Equatable, Codable {
    public var id: String
    public var version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }
}

/// Data-quality screening settings of an evaluation.
public struct ScreeningSettings: Sendable, Equatable, Codable {
    /// Responses completed faster than this are flagged `speeder`; 0 turns the check off.
    public var minSeconds: Double
    /// Whether flagged responses are left out of the scores.
    public var excludeFlagged: Bool

    public init(minSeconds: Double = 0, excludeFlagged: Bool = false) {
        self.minSeconds = minSeconds
        self.excludeFlagged = excludeFlagged
    }
}

/// Decodes a `LocalizedText` stored as JSON (a string or a locale → string map).
struct LocalizedTextCoding: Decodable {
    let text: LocalizedText

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let plain = try? container.decode(String.self) {
            text = .plain(plain)
        } else {
            text = .localized(try container.decode([String: String].self))
        }
    }
}

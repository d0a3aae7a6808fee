import Foundation
import MeetingEvalCore
import MeetingEvalReports

/// JSON shapes the API sends. Times are ISO 8601 strings (UTC, milliseconds).

struct QuestionnaireVersionBody: Encodable {
    var id: String
    var version: Int
    var digest: String
    var createdAt: String
    var source: String?
    /// Absent: a shared template everyone reads.
    var organization: String?
    var definition: Questionnaire

    init(_ stored: StoredQuestionnaire) {
        organization = stored.organization
        id = stored.questionnaire.id
        version = stored.questionnaire.version
        digest = stored.digest
        createdAt = Timestamp.format(stored.createdAt)
        source = stored.source
        definition = stored.questionnaire
    }
}

struct QuestionnaireSummaryBody: Encodable {
    var id: String
    var latestVersion: Int
    var versions: [Int]
    var title: LocalizedText
    var meetingType: MeetingType
    var locales: [String]
    /// Absent: a shared template everyone reads.
    var organization: String?

    init(_ summary: QuestionnaireSummary) {
        organization = summary.organization
        id = summary.id
        latestVersion = summary.latestVersion
        versions = summary.versions
        title = summary.title
        meetingType = summary.meetingType
        locales = summary.locales
    }
}

struct QuestionnaireListBody: Encodable {
    var questionnaires: [QuestionnaireSummaryBody]
}

struct SavedQuestionnaireBody: Encodable {
    var id: String
    var version: Int
    var created: Bool
    var warnings: [ValidationIssue]
}

struct ValidationResultBody: Encodable {
    var valid: Bool
    var id: String?
    var warnings: [ValidationIssue]
    /// The definition as it would be stored (normalized, every default written out), for
    /// editors that let people edit the text and the form side by side.
    var definition: Questionnaire?
}

struct QuestionnaireRef: Encodable {
    var id: String
    var version: Int
}

struct EvaluationBody: Encodable {
    var id: String
    var slug: String
    var status: EvaluationStatus
    /// What every page shows: `draft`, `scheduled`, `open` or `closed` (`Evaluation.phase`).
    var phase: Evaluation.Phase
    var acceptingResponses: Bool
    var title: String
    var meetingType: MeetingType
    var meetingDate: String
    var questionnaire: QuestionnaireRef
    var venues: [Venue]
    var raterGroups: [RaterGroup]
    var expectedRespondents: Int?
    var opensAt: String?
    var closesAt: String?
    var anonymous: Bool
    var access: Evaluation.Access
    var screening: ScreeningSettings
    var sharedDevices: Bool
    var client: String?
    var assessor: String?
    var reportNumber: String?
    /// The evaluator's opinion (`text`, `author`, `updatedAt`); absent until written.
    var opinion: EvaluationOpinion?
    var createdAt: String
    var openedAt: String?
    var closedAt: String?
    var organization: String
    /// When a closed evaluation was archived (hidden from the default lists).
    var archivedAt: String?
    /// The id of the meeting standard its facts are checked against; absent: none.
    var standard: String?
    /// How the survey and facts scores combine; absent: no combined index.
    var index: ScoreIndex?
    /// Whether the meeting's facts are recorded (`GET …/facts` has them).
    var factsRecorded: Bool
    /// Path of the attendee page, to be joined to the server's public address.
    var attendeePath: String
    var counts: ResponseCounts
    /// Whether `scorecard.pdf` is available on this server (one evaluation's view only).
    var pdfReport: Bool? = nil

    init(_ evaluation: Evaluation, counts: ResponseCounts, now: Date) {
        id = evaluation.id
        slug = evaluation.slug
        status = evaluation.status
        phase = evaluation.phase(at: now)
        acceptingResponses = evaluation.acceptance(at: now) == .accepting
        title = evaluation.title
        meetingType = evaluation.meetingType
        meetingDate = evaluation.meetingDate
        questionnaire = QuestionnaireRef(id: evaluation.questionnaireId, version: evaluation.questionnaireVersion)
        venues = evaluation.venues
        raterGroups = evaluation.raterGroups
        expectedRespondents = evaluation.expectedRespondents
        opensAt = evaluation.opensAt.map(Timestamp.format)
        closesAt = evaluation.closesAt.map(Timestamp.format)
        anonymous = evaluation.anonymous
        access = evaluation.access
        screening = evaluation.screening
        sharedDevices = evaluation.sharedDevices
        client = evaluation.report.client
        assessor = evaluation.report.assessor
        reportNumber = evaluation.report.reportNumber
        opinion = evaluation.opinion
        createdAt = Timestamp.format(evaluation.createdAt)
        openedAt = evaluation.openedAt.map(Timestamp.format)
        closedAt = evaluation.closedAt.map(Timestamp.format)
        organization = evaluation.organization
        archivedAt = evaluation.archivedAt.map(Timestamp.format)
        standard = evaluation.standard?.id
        index = evaluation.scoreIndex
        factsRecorded = evaluation.facts != nil
        attendeePath = "/e/\(evaluation.slug)"
        self.counts = counts
    }
}

struct EvaluationListBody: Encodable {
    var evaluations: [EvaluationBody]
}

/// What the attendee page needs, and nothing an attendee should not see (no weights, no counts).
struct PublicEvaluationBody: Encodable {
    struct Choice: Encodable {
        var id: String
        var name: LocalizedText
    }

    var slug: String
    var title: String
    var meetingType: MeetingType
    var meetingDate: String
    var status: EvaluationStatus
    /// `draft`, `scheduled`, `open` or `closed`, as on every page.
    var phase: Evaluation.Phase
    var acceptingResponses: Bool
    /// `accepting`, `not_open`, `not_yet_open` or `closed`.
    var acceptance: String
    var opensAt: String?
    var closesAt: String?
    /// When it stopped accepting responses (closed by the organizer, or the end of its window).
    var closedAt: String?
    var anonymous: Bool
    /// Several attendees answer on one device: the thank-you screen offers a form for the next person.
    var sharedDevices: Bool
    /// `invitation`: the attendee must enter an invitation code.
    var access: Evaluation.Access
    var venues: [Choice]
    var raterGroups: [Choice]
    var questionnaire: Questionnaire
    /// The observers' checklist and the rater groups that answer it; absent without observers.
    var observation: PublicObservation?

    init(_ evaluation: Evaluation, questionnaire: Questionnaire, checklist: Questionnaire? = nil, now: Date) {
        slug = evaluation.slug
        title = evaluation.title
        meetingType = evaluation.meetingType
        meetingDate = evaluation.meetingDate
        status = evaluation.status
        let acceptance = evaluation.acceptance(at: now)
        acceptingResponses = acceptance == .accepting
        self.acceptance = acceptance.rawValue
        phase = evaluation.phase(at: now)
        opensAt = evaluation.opensAt.map(Timestamp.format)
        closesAt = evaluation.closesAt.map(Timestamp.format)
        closedAt = acceptance == .closed ? evaluation.closingTime.map(Timestamp.format) : nil
        anonymous = evaluation.anonymous
        sharedDevices = evaluation.sharedDevices
        access = evaluation.access
        venues = evaluation.venues.map { Choice(id: $0.id, name: $0.name) }
        raterGroups = evaluation.raterGroups.map { Choice(id: $0.id, name: $0.name) }
        self.questionnaire = questionnaire
        observation = checklist.map {
            PublicObservation(raterGroups: evaluation.raterGroups.filter(\.observer).map(\.id), checklist: $0)
        }
    }
}

/// What the attendee page needs to show an observer the checklist instead of the questionnaire.
struct PublicObservation: Encodable {
    var raterGroups: [String]
    var checklist: Questionnaire
}

/// The receipt for a stored response; a replay gets exactly the same body.
struct SubmissionReceiptBody: Encodable {
    var id: String
    var receivedAt: String

    init(_ response: StoredResponse) {
        id = response.id
        receivedAt = Timestamp.format(response.receivedAt)
    }

    /// The same keys in the same (sorted) order as the encoder writes them, without the
    /// encoder: every accepted submission answers with a receipt.
    var json: JSONOutput {
        .object([("id", .string(id)), ("receivedAt", .string(receivedAt))])
    }
}

/// A manual exclusion or its undoing.
struct ExclusionBody: Encodable {
    var response: String
    var excluded: Bool
    var reason: String
    var by: String
    var at: String

    init(_ exclusion: ManualExclusion, excluded: Bool) {
        response = exclusion.responseId
        self.excluded = excluded
        reason = exclusion.reason
        by = exclusion.actor
        at = Timestamp.format(exclusion.at)
    }
}

/// `GET /api/evaluations/{id}/screening`: the flagged and manually excluded responses.
/// One response for the screening view: its entry (as in the screening list) and its answers.
struct ResponseDetailBody: Encodable {
    var response: ScreeningBody.Entry
    var answers: [String: AnswerValue]

    init(_ detail: ResponseDetail) {
        response = ScreeningBody.Entry(detail.entry)
        answers = detail.answers
    }
}

struct ScreeningBody: Encodable {
    struct Entry: Encodable {
        var id: String
        var venue: String?
        var raterGroup: String?
        var receivedAt: String
        var startedAt: String?
        var durationSeconds: Double?
        var flags: [String]
        var excluded: Bool
        var exclusionReasons: [String]
        var manualExclusion: ExclusionBody?
    }

    var minSeconds: Double
    var excludeFlagged: Bool
    var received: Int
    var responses: [Entry]

    init(_ report: ScreeningReport, settings: ScreeningSettings) {
        minSeconds = settings.minSeconds
        excludeFlagged = settings.excludeFlagged
        received = report.received
        responses = report.entries.map(Entry.init)
    }
}

extension ScreeningBody.Entry {
    init(_ entry: ScreeningReport.Entry) {
        self.init(
            id: entry.response.id, venue: entry.response.venue, raterGroup: entry.response.raterGroup,
            receivedAt: entry.response.receivedAt, startedAt: entry.response.startedAt,
            durationSeconds: entry.seconds, flags: entry.flags.reasons.map(\.rawValue),
            excluded: !entry.exclusionReasons.isEmpty, exclusionReasons: entry.exclusionReasons.map(\.rawValue),
            manualExclusion: entry.manualExclusion.map { ExclusionBody($0, excluded: true) })
    }
}

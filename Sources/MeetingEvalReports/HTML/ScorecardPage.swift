import Foundation
import MeetingEvalCore

/// What the scorecard template shows: every figure already written out as text, flags for
/// the template's sections, and chart geometry. Nothing here is markup; the template escapes
/// every value it prints.
struct ScorecardPage {
    var lang: String
    var labels: [String: String]

    var title: String
    var meetingType: String
    var meetingDate: String
    var status: String
    var isProvisional: Bool
    var questionnaireTitle: String
    var questionnaireRef: String
    var evaluationId: String
    var generatedAt: String

    var client: String
    var assessor: String
    var reportNumber: String
    var reportDate: String
    var reportStatus: String
    var isDraft: Bool
    var timesIn: String
    var summaryFindings: [SummaryFinding]
    var hasSummaryFindings: Bool
    var hasOpinion: Bool
    var opinionParagraphs: [String]
    var opinionBy: String

    var overallScore: String
    var grade: String
    var ci: String
    var hasCI: Bool
    var sampleSize: String
    var gradeScale: GradeScale
    var counts: [CountRow]
    var countsNotes: [String]
    var findings: [Finding]
    var hasFindings: Bool

    var dimensionChart: BarChart
    var dimensions: [DimensionRow]

    var hasRaterGroups: Bool
    var raterGroups: [GroupRow]

    var hasVenues: Bool
    var venueChart: BarChart
    var venues: [VenueRow]
    var hasUnscoredVenues: Bool
    var hasVenueRates: Bool
    var lowRateNote: String

    var questionSections: [QuestionSection]
    /// What the meeting did, when recorded (zero or one section).
    var factsSection: [FactsSection]
    /// The follow-up of decisions (ScorecardPage+FollowUp.swift); empty without tasks.
    var followUp: [FollowUpSection]

    var minSeconds: String
    var excludeFlagged: String
    var flags: [CountRow]
    var exclusions: [ExclusionRow]
    var hasExclusions: Bool
    var exclusionHistory: [HistoryRow]
    var hasExclusionHistory: Bool

    var commentsCount: String
    var commentGroups: [CommentGroup]
    var hasComments: Bool
    var commentsKept: [String]

    var digest: String
    var hasDigest: Bool
    /// The observers' section (ScorecardPage+Observation.swift); nil without observers.
    var observation: ObservationPart? = nil

    struct CountRow {
        var label: String
        var value: String
        var isSub: Bool
    }

    struct DimensionRow {
        var title: String
        var weight: String
        var score: String
        var n: String
        var alpha: String
        var hasAlpha: Bool
        var alphaN: String
    }

    struct GroupRow {
        var name: String
        var weight: String
        var appliedWeight: String
        var n: String
        var score: String
    }

    struct VenueRow {
        var rank: String
        var name: String
        var n: String
        var score: String
        var grade: String
        /// `received / expected (rate)`, or a dash without an expected number.
        var rate: String
        var isLow: Bool
    }

    struct QuestionSection {
        var title: String
        var isUnscored: Bool
        var questions: [QuestionBlock]
    }

    struct QuestionBlock {
        var id: String
        var text: String
        var kind: String
        var score: String
        var mean: String
        var n: String
        var sd: String
        var notApplicable: String
        var weight: String
        var chart: BarChart
        var notes: [String]
    }

    struct ExclusionRow {
        var responseId: String
        var reason: String
        var actor: String
        var at: String
    }

    /// One exclusion or re-inclusion from the audit log.
    struct HistoryRow {
        var at: String
        var action: String
        var responseId: String
        var reason: String
        var actor: String
    }

    /// The printed comments to one question, in order of receipt.
    struct CommentGroup {
        var question: String
        var count: String
        var comments: [CommentRow]
    }

    struct CommentRow {
        var number: String
        var venue: String
        var text: String
    }
}

extension ScorecardPage {
    init(_ scorecard: Scorecard, questionnaire: Questionnaire, options: ReportOptions = ReportOptions()) {
        let labels = ScorecardLabels(locale: scorecard.locale)
        let dates = ReportDates(chinese: labels.isChinese, timeZone: options.timeZone)
        lang = scorecard.locale
        var texts = labels.texts
        texts["generatedAt"] = labels["generatedAtLocal"]
        texts["exclusionAt"] = labels["exclusionAtLocal"]
        self.labels = texts

        let facts = scorecard.evaluation
        title = facts.title
        meetingType = labels.meetingType(facts.meetingType)
        meetingDate = dates.calendarDate(facts.meetingDate)
        status = labels.status(facts.status)
        isProvisional = facts.status != .closed
        questionnaireTitle = scorecard.questionnaire.title
        questionnaireRef = labels.format(
            "questionnaireRef", ["id": scorecard.questionnaire.id, "version": String(scorecard.questionnaire.version)])
        evaluationId = facts.id
        generatedAt = dates.dateTime(scorecard.generatedAt)

        client = facts.report.client ?? ScorecardFormat.dash
        assessor = facts.report.assessor ?? ScorecardFormat.dash
        reportNumber = facts.report.reportNumber ?? ScorecardFormat.dash
        reportDate = dates.date(scorecard.generatedAt)
        isDraft = facts.opinion == nil
        reportStatus =
            labels[
                isDraft ? "reportStatus.draft" : facts.status == .closed ? "reportStatus.final" : "reportStatus.interim"
            ]
        timesIn = labels.format("timesIn", ["zone": dates.zoneName])
        summaryFindings = scorecard.findings.map { SummaryFinding(text: $0.text, attention: $0.attention) }
        hasSummaryFindings = !summaryFindings.isEmpty
        hasOpinion = facts.opinion != nil
        opinionParagraphs =
            facts.opinion?.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) ?? []
        opinionBy =
            facts.opinion.map {
                labels.format("opinionBy", ["author": $0.author, "date": dates.dateTime($0.updatedAt)])
            } ?? ""

        let overall = scorecard.overall
        let scoreText = ScorecardFormat.score(overall.score)
        overallScore = scoreText
        grade = overall.grade ?? ScorecardFormat.dash
        let interval = overall.ci95.flatMap { $0.count == 2 ? $0 : nil }
        ci = interval.map { "\(ScorecardFormat.score($0[0])) – \(ScorecardFormat.score($0[1]))" } ?? labels["ciMissing"]
        hasCI = interval != nil
        sampleSize = ScorecardFormat.count(overall.n)
        let bands = questionnaire.grades.isEmpty ? GradeBand.defaults(for: questionnaire.locales) : questionnaire.grades
        gradeScale = GradeScale(
            title: labels["gradeScale"],
            bands: bands.map {
                (label: $0.label.resolved(scorecard.locale, defaultLocale: questionnaire.defaultLocale), min: $0.min)
            },
            score: overall.score, scoreText: scoreText, interval: interval)
        (counts, countsNotes) = Self.counts(scorecard.responses, labels: labels)
        findings = Self.findings(scorecard, labels: labels)
        hasFindings = !findings.isEmpty

        let reference = overall.score.map { (value: $0, text: labels.format("overallReference", ["score": scoreText])) }
        dimensionChart = BarChart(
            id: "chart-dimensions", title: labels["dimensionChart"], style: "bars",
            items: scorecard.dimensions.map {
                .init(name: $0.title, value: $0.score, text: ScorecardFormat.score($0.score))
            },
            maximum: 100, layout: .scores, reference: reference)
        dimensions = scorecard.dimensions.map {
            DimensionRow(
                title: $0.title, weight: ScorecardFormat.percent($0.weight), score: ScorecardFormat.score($0.score),
                n: ScorecardFormat.count($0.n), alpha: ScorecardFormat.score($0.alpha), hasAlpha: $0.alpha != nil,
                alphaN: ScorecardFormat.count($0.alphaN))
        }

        hasRaterGroups = !scorecard.raterGroups.isEmpty
        raterGroups = scorecard.raterGroups.map {
            GroupRow(
                name: $0.name, weight: ScorecardFormat.percent($0.weight),
                appliedWeight: ScorecardFormat.percent($0.appliedWeight), n: ScorecardFormat.count($0.n),
                score: ScorecardFormat.score($0.score))
        }

        let ranked = Self.ranked(scorecard.venues)
        hasVenues = !ranked.isEmpty
        hasUnscoredVenues = ranked.contains { $0.score == nil }
        venueChart = BarChart(
            id: "chart-venues", title: labels["venueChart"], style: "bars",
            items: ranked.map {
                .init(name: Self.flaggedName($0, labels: labels), value: $0.score, text: ScorecardFormat.score($0.score))
            },
            maximum: 100, layout: .scores, reference: reference)
        // Equal scores share a rank (1, 2, 2, 4).
        venues = ranked.map { venue in
            let rank = venue.score.map { score in 1 + ranked.filter { ($0.score ?? -1) > score }.count }
            return VenueRow(
                rank: rank.map(String.init) ?? ScorecardFormat.dash, name: Self.flaggedName(venue, labels: labels),
                n: ScorecardFormat.count(venue.n), score: ScorecardFormat.score(venue.score),
                grade: venue.grade ?? ScorecardFormat.dash,
                rate: venue.response.expected.map {
                    "\(ScorecardFormat.count(venue.response.received)) / \(ScorecardFormat.count($0)) (\(ScorecardFormat.percent(venue.response.rate, decimals: 1)))"
                } ?? ScorecardFormat.dash,
                isLow: venue.response.low)
        }
        hasVenueRates = scorecard.venues.contains { $0.response.expected != nil }
        lowRateNote = labels.format("lowRateNote", ["rate": Self.wholePercent(FindingRules.lowResponseRate)])

        questionSections = Self.questionSections(scorecard, questionnaire: questionnaire, labels: labels)
        factsSection = Self.factsSection(scorecard, labels: labels)
        followUp = Self.followUpSection(scorecard.followUp, labels: labels, dates: dates)

        let screening = scorecard.screening
        minSeconds =
            screening.minSeconds > 0
            ? labels.format("seconds", ["n": ScorecardFormat.plain(screening.minSeconds)]) : labels["off"]
        excludeFlagged = labels[screening.excludeFlagged ? "excludeFlagged.yes" : "excludeFlagged.no"]
        flags = [ExclusionReason.speeder, .straightLining].map {
            CountRow(
                label: labels.reason($0), value: ScorecardFormat.count(scorecard.responses.flagged[$0] ?? 0),
                isSub: false)
        }
        exclusions = scorecard.exclusions.map {
            ExclusionRow(responseId: $0.responseId, reason: $0.reason, actor: $0.actor, at: dates.dateTime($0.at))
        }
        hasExclusions = !exclusions.isEmpty
        exclusionHistory = scorecard.exclusionHistory.map {
            HistoryRow(
                at: dates.dateTime($0.at), action: labels["action.\($0.action.rawValue)"], responseId: $0.responseId,
                reason: $0.reason.isEmpty ? ScorecardFormat.dash : $0.reason, actor: $0.actor)
        }
        hasExclusionHistory = !exclusionHistory.isEmpty

        let total = max(scorecard.commentCount, scorecard.comments.count)
        commentsCount = labels.format("commentsCount", ["n": ScorecardFormat.count(total)])
        commentGroups = Self.commentGroups(scorecard, options: options, labels: labels)
        hasComments = total > 0
        commentsKept =
            total > scorecard.comments.count
            ? [
                labels.format(
                    "commentsKept",
                    ["kept": ScorecardFormat.count(scorecard.comments.count), "n": ScorecardFormat.count(total)])
            ]
            : []

        digest = scorecard.includedResponsesDigest ?? labels["digestMissing"]
        hasDigest = scorecard.includedResponsesDigest != nil
        observation = scorecard.observation.map { ObservationPart($0, labels: labels) }
    }

    private static func counts(_ tally: Scorecard.Tally, labels: ScorecardLabels) -> ([CountRow], [String]) {
        var rows = [
            CountRow(label: labels["received"], value: ScorecardFormat.count(tally.received), isSub: false),
            CountRow(label: labels["included"], value: ScorecardFormat.count(tally.included), isSub: false),
            CountRow(label: labels["excludedTotal"], value: ScorecardFormat.count(tally.excludedTotal), isSub: false),
        ]
        let reasons = ExclusionReason.allCases.map { ($0, tally.excluded[$0] ?? 0) }
        rows += reasons.map { CountRow(label: labels.reason($0.0), value: ScorecardFormat.count($0.1), isSub: true) }
        rows.append(CountRow(label: labels["flagged"], value: "", isSub: false))
        rows += [ExclusionReason.speeder, .straightLining].map {
            CountRow(label: labels.reason($0), value: ScorecardFormat.count(tally.flagged[$0] ?? 0), isSub: true)
        }
        if let expected = tally.expected {
            rows.append(CountRow(label: labels["expected"], value: ScorecardFormat.count(expected), isSub: false))
            rows.append(
                CountRow(
                    label: labels["responseRate"], value: ScorecardFormat.percent(tally.responseRate, decimals: 2),
                    isSub: false))
        }
        let doubleCounted = reasons.reduce(0) { $0 + $1.1 } > tally.excludedTotal
        return (rows, doubleCounted ? [labels["doubleCounted"]] : [])
    }

    /// Venues with a score from highest to lowest (ties keep the evaluation's order), then the
    /// venues without one.
    private static func ranked(_ venues: [Scorecard.VenueScore]) -> [Scorecard.VenueScore] {
        let scored = venues.enumerated().filter { $0.element.score != nil }.sorted { left, right in
            let (a, b) = (left.element.score ?? 0, right.element.score ?? 0)
            return a != b ? a > b : left.offset < right.offset
        }
        return scored.map(\.element) + venues.filter { $0.score == nil }
    }
}

import Foundation
import MeetingEvalCore

/// What the scorecard template shows: every figure already written out as text, flags for
/// the template's sections, and chart geometry. Nothing here is markup; the template escapes
/// every value it prints.
struct ScorecardPage {
    /// Comments printed on the page; the rest are counted and pointed to.
    static let commentLimit = 300

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

    var questionSections: [QuestionSection]

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
    var commentsOverflow: [String]

    var digest: String
    var hasDigest: Bool

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
        var comments: [CommentRow]
    }

    struct CommentRow {
        var number: String
        var venue: String
        var text: String
    }
}

extension ScorecardPage {
    init(_ scorecard: Scorecard, questionnaire: Questionnaire) {
        let labels = ScorecardLabels(locale: scorecard.locale)
        lang = scorecard.locale
        self.labels = labels.texts

        let facts = scorecard.evaluation
        title = facts.title
        meetingType = labels.meetingType(facts.meetingType)
        meetingDate = facts.meetingDate
        status = labels.status(facts.status)
        isProvisional = facts.status != .closed
        questionnaireTitle = scorecard.questionnaire.title
        questionnaireRef = labels.format(
            "questionnaireRef", ["id": scorecard.questionnaire.id, "version": String(scorecard.questionnaire.version)])
        evaluationId = facts.id
        generatedAt = Timestamp.format(scorecard.generatedAt)

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
                grade: venue.grade ?? ScorecardFormat.dash)
        }

        questionSections = Self.questionSections(scorecard, questionnaire: questionnaire, labels: labels)

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
            ExclusionRow(responseId: $0.responseId, reason: $0.reason, actor: $0.actor, at: Timestamp.format($0.at))
        }
        hasExclusions = !exclusions.isEmpty
        exclusionHistory = scorecard.exclusionHistory.map {
            HistoryRow(
                at: Timestamp.format($0.at), action: labels["action.\($0.action.rawValue)"], responseId: $0.responseId,
                reason: $0.reason.isEmpty ? ScorecardFormat.dash : $0.reason, actor: $0.actor)
        }
        hasExclusionHistory = !exclusionHistory.isEmpty

        let total = max(scorecard.commentCount, scorecard.comments.count)
        commentsCount = labels.format(
            total > Self.commentLimit ? "commentsCountShown" : "commentsCount",
            ["n": ScorecardFormat.count(total), "shown": ScorecardFormat.count(Self.commentLimit)])
        commentGroups = Self.commentGroups(scorecard)
        hasComments = total > 0
        commentsOverflow =
            total > Self.commentLimit
            ? [
                labels.format(
                    "commentsOverflow",
                    [
                        "shown": ScorecardFormat.count(Self.commentLimit),
                        "more": ScorecardFormat.count(total - Self.commentLimit),
                    ])
            ]
            : []

        digest = scorecard.includedResponsesDigest ?? labels["digestMissing"]
        hasDigest = scorecard.includedResponsesDigest != nil
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

    /// The first `commentLimit` comments received, grouped by question in questionnaire order
    /// and numbered as printed.
    private static func commentGroups(_ scorecard: Scorecard) -> [CommentGroup] {
        let venueNames = Dictionary(scorecard.venues.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var byQuestion: [String: [Scorecard.Comment]] = [:]
        for comment in scorecard.comments.prefix(commentLimit) {
            byQuestion[comment.question, default: []].append(comment)
        }
        var order = scorecard.questions.map(\.id).filter { byQuestion[$0] != nil }
        order += byQuestion.keys.filter { !order.contains($0) }.sorted()
        let texts = Dictionary(scorecard.questions.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        var number = 0
        return order.map { question in
            CommentGroup(
                question: texts[question] ?? question,
                comments: (byQuestion[question] ?? []).map { comment in
                    number += 1
                    return CommentRow(
                        number: String(number),
                        venue: comment.venue.map { venueNames[$0] ?? $0 } ?? ScorecardFormat.dash,
                        text: comment.text)
                })
        }
    }
}

import MeetingEvalCore

/// The printable report's observation section: each venue's observed discipline score, its
/// rank, the attendees' score of the same venue and the gap, then the observers' written
/// records (times, remarks).
struct ObservationPart {
    var intro: String
    var venues: [Row]
    var notes: [NoteRow]
    var hasNotes: Bool

    struct Row {
        var rank: String
        var name: String
        var score: String
        var grade: String
        var perception: String
        var gap: String
    }

    struct NoteRow {
        var venue: String
        var item: String
        var text: String
    }

    init(_ section: ObservationSection, labels: ScorecardLabels) {
        let observed = section.venues.filter { $0.n > 0 }.count
        intro = labels.format(
            "observationIntro",
            [
                "checklist": section.checklist.title, "observed": ScorecardFormat.count(observed),
                "venues": ScorecardFormat.count(section.venues.count),
            ])
        venues = section.venues.map { venue in
            Row(
                rank: venue.rank.map(String.init) ?? ScorecardFormat.dash, name: venue.name,
                score: venue.n > 0 ? ScorecardFormat.score(venue.score) : labels["notObserved"],
                grade: venue.grade ?? ScorecardFormat.dash, perception: ScorecardFormat.score(venue.perception),
                gap: venue.gap.map { ($0 > 0 ? "+" : "") + ScorecardFormat.plain($0) } ?? ScorecardFormat.dash)
        }
        notes = section.venues.flatMap { venue in
            venue.notes.map { NoteRow(venue: venue.name, item: $0.label, text: $0.text) }
        }
        hasNotes = !notes.isEmpty
    }
}

extension ScorecardPage {
    static let observationLabels: [(key: String, zh: String, en: String)] = [
        ("sectionObservation", "会场督查：观察结果与参会人员感受", "Observed venue discipline and attendees' perception"),
        (
            "observationIntro",
            "督查员按“{checklist}”在各会场现场记录，已督查 {observed} 个会场，共 {venues} 个。督查记录单独计分，不计入问卷得分。",
            "Observers recorded “{checklist}” at the venues: {observed} of {venues} venues observed. Observations are scored apart and never enter the survey's scores."
        ),
        ("observedScore", "督查得分", "Observed"),
        ("perception", "问卷得分", "Attendees"),
        ("perceptionGap", "差值", "Gap"),
        ("notObserved", "未督查", "not observed"),
        (
            "observationNote",
            "督查得分按督查表的权重计算（0–100）；差值 = 该会场问卷得分 − 督查得分，为正表示参会人员的评价高于现场观察。",
            "The observed score is the checklist's weighted score (0–100); gap = the venue's attendee score − its observed score: positive when attendees judged the venue better than the observer found it."
        ),
        ("observationItem", "记录项", "Item"),
        ("observationRecord", "记录", "Record"),
    ]
}

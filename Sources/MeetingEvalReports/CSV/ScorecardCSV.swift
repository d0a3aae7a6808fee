import MeetingEvalCore

/// The scorecard as one rectangular table for spreadsheets: a `section` column says what each
/// row is (overall, response counts, dimension, question, rater group, venue, comment, and the
/// observers' venues: `ScorecardCSV+Observation.swift`).
public enum ScorecardCSV {
    static let columns = [
        "section", "id", "name", "dimension", "weight", "score", "grade", "n", "mean", "sd", "alpha",
        "notApplicable", "ciLow", "ciHigh", "detail",
    ]

    public static func render(_ scorecard: Scorecard) -> String {
        var output = CSVFormat.byteOrderMark + CSVFormat.row(columns)
        func add(_ values: [String: String]) {
            output += CSVFormat.row(columns.map { values[$0] ?? "" })
        }
        func n(_ value: Double?) -> String { CSVFormat.number(value) }
        func n(_ value: Int?) -> String { CSVFormat.number(value) }
        add([
            "section": "evaluation", "id": scorecard.evaluation.id, "name": scorecard.evaluation.title,
            "detail": "\(scorecard.evaluation.meetingType.rawValue) \(scorecard.evaluation.meetingDate); "
                + "questionnaire \(scorecard.questionnaire.id) v\(scorecard.questionnaire.version)",
        ])
        add([
            "section": "overall", "id": "overall", "name": scorecard.questionnaire.title,
            "score": n(scorecard.overall.score), "grade": scorecard.overall.grade ?? "",
            "n": n(scorecard.overall.n), "ciLow": n(scorecard.overall.ci95?.first),
            "ciHigh": n(scorecard.overall.ci95?.last),
        ])
        let responses = scorecard.responses
        var counts: [(String, Int?)] = [
            ("received", responses.received), ("included", responses.included),
            ("excludedTotal", responses.excludedTotal),
        ]
        for reason in ExclusionReason.allCases { counts.append(("excluded.\(reason.rawValue)", responses.excluded[reason] ?? 0)) }
        for reason in [ExclusionReason.speeder, .straightLining] {
            counts.append(("flagged.\(reason.rawValue)", responses.flagged[reason] ?? 0))
        }
        counts.append(("expected", responses.expected))
        for (id, value) in counts { add(["section": "responses", "id": id, "n": n(value)]) }
        add(["section": "responses", "id": "responseRate", "score": n(responses.responseRate)])
        for dimension in scorecard.dimensions {
            add([
                "section": "dimension", "id": dimension.id, "name": dimension.title, "weight": n(dimension.weight),
                "score": n(dimension.score), "n": n(dimension.n), "alpha": n(dimension.alpha),
            ])
        }
        for question in scorecard.questions {
            add([
                "section": "question", "id": question.id, "name": question.text, "dimension": question.dimension,
                "weight": n(question.weight), "score": n(question.score), "n": n(question.n),
                "mean": n(question.mean), "sd": n(question.sd), "notApplicable": n(question.notApplicable),
                "detail": question.distribution.map { "\($0.key)=\($0.count)" }.joined(separator: "; "),
            ])
        }
        for group in scorecard.raterGroups {
            add([
                "section": "raterGroup", "id": group.id, "name": group.name, "weight": n(group.weight),
                "score": n(group.score), "n": n(group.n),
            ])
        }
        for venue in scorecard.venues {
            add([
                "section": "venue", "id": venue.id, "name": venue.name, "score": n(venue.score),
                "grade": venue.grade ?? "", "n": n(venue.n),
            ])
        }
        for exclusion in scorecard.exclusions {
            add([
                "section": "exclusion", "id": exclusion.responseId, "name": exclusion.reason,
                "detail": "\(exclusion.actor) \(Timestamp.format(exclusion.at))",
            ])
        }
        for comment in scorecard.comments {
            add([
                "section": "comment", "id": comment.question, "name": comment.text,
                "detail": [comment.venue, comment.raterGroup].compactMap { $0 }.joined(separator: " / "),
            ])
        }
        if scorecard.commentCount > scorecard.comments.count {
            add([
                "section": "comment", "id": "",
                "name": "\(scorecard.commentCount - scorecard.comments.count) more comments: see scorecard.json or responses.csv",
            ])
        }
        for row in factsRows(scorecard) { add(row) }
        for row in followUpRows(scorecard) { add(row) }
        for row in observationRows(scorecard.observation) { add(row) }
        add(["section": "digest", "id": "includedResponses", "detail": scorecard.includedResponsesDigest ?? ""])
        return output
    }

    /// The meeting's facts (docs/scoring.md §12): one `facts` row per measured quantity, one
    /// `factsCheck` row per rule, the facts score and the combined index.
    static func factsRows(_ scorecard: Scorecard) -> [[String: String]] {
        guard let facts = scorecard.meetingFacts else { return [] }
        func n(_ value: Double?) -> String { CSVFormat.number(value) }
        let m = facts.measured
        var quantities: [(String, Double?)] = [
            ("plannedMinutes", m.plannedMinutes), ("durationMinutes", m.durationMinutes),
            ("startDelayMinutes", m.startDelayMinutes), ("overrunMinutes", m.overrunMinutes),
            ("expected", m.expected.map(Double.init)), ("present", m.present.map(Double.init)),
            ("attendanceRate", m.attendanceRate), ("speeches", Double(m.speeches)), ("speechMinutes", m.speechMinutes),
        ]
        for role in SpeechRole.allCases {
            if let minutes = m.longestSpeech[role] { quantities.append(("longestSpeech.\(role.rawValue)", minutes)) }
        }
        quantities += [
            ("documentCount", m.documentCount.map(Double.init)), ("documentPages", m.documentPages.map(Double.init)),
            ("mergeable", m.mergeable.map { $0 ? 1 : 0 }), ("replaceable", m.replaceable.map { $0 ? 1 : 0 }),
            ("personHours", m.personHours), ("cost", m.cost), ("costPerPersonHour", m.costPerPersonHour),
        ]
        var rows = quantities.map { ["section": "facts", "id": $0.0, "score": n($0.1)] }
        for check in facts.checks {
            let limit: String
            switch check.limit {
            case .max(let value): limit = "max \(CSVFormat.number(value))"
            case .min(let value): limit = "min \(CSVFormat.number(value))"
            }
            let outcome = check.passed.map { $0 ? "passed" : "broken" } ?? "not measured"
            rows.append([
                "section": "factsCheck", "id": check.rule, "name": check.title, "score": n(check.value),
                "detail": "\(check.measure.rawValue) \(limit) \(check.measure.unit); \(outcome); deducted \(CSVFormat.number(check.deducted))",
            ])
        }
        rows.append([
            "section": "factsScore", "id": facts.standard?.id ?? "", "name": facts.standard?.title ?? "",
            "score": n(facts.score), "detail": "deducted \(CSVFormat.number(facts.deducted))",
        ])
        if let combined = scorecard.combined {
            rows.append([
                "section": "combined", "id": "combined", "score": n(combined.score), "grade": combined.grade ?? "",
                "detail": "survey \(CSVFormat.number(combined.survey)) × \(CSVFormat.number(combined.index.survey)) + facts \(CSVFormat.number(combined.facts)) × \(CSVFormat.number(combined.index.facts))",
            ])
        }
        return rows
    }
}

import MeetingEvalCore

/// The follow-up's rows of the scorecard CSV: `followUp` (counts and the two rates),
/// `followUpRound` (one per round) and `followUpOverdue` (one per overdue task).
extension ScorecardCSV {
    static func followUpRows(_ scorecard: Scorecard) -> [[String: String]] {
        guard let summary = scorecard.followUp else { return [] }
        let figures = summary.figures
        var rows: [[String: String]] = [
            ("tasks", figures.tasks), ("done", figures.done), ("inProgress", figures.inProgress),
            ("blocked", figures.blocked), ("notReported", figures.notReported), ("doneOnTime", figures.doneOnTime),
            ("overdue", figures.overdue),
        ].map { ["section": "followUp", "id": $0.0, "n": CSVFormat.number($0.1)] }
        rows.append([
            "section": "followUp", "id": "implementationRate", "score": CSVFormat.number(figures.implementationRate),
            "detail": "done / tasks",
        ])
        rows.append([
            "section": "followUp", "id": "onTimeShare", "score": CSVFormat.number(figures.onTimeShare),
            "detail": "doneOnTime / done",
        ])
        for round in summary.rounds {
            rows.append([
                "section": "followUpRound", "id": String(round.number), "name": round.dueDate,
                "score": CSVFormat.number(round.figures?.implementationRate), "n": CSVFormat.number(round.figures?.done),
                "detail": "\(round.state.rawValue); \(round.offsetDays) days; onTimeShare "
                    + CSVFormat.number(round.figures?.onTimeShare) + "; not reported: "
                    + round.missingUnits.joined(separator: ", "),
            ])
        }
        for state in summary.overdue {
            rows.append([
                "section": "followUpOverdue", "id": state.task.id, "name": state.task.text, "dimension": state.task.unit,
                "n": CSVFormat.number(state.daysOverdue),
                "detail": "deadline \(state.task.deadline); status \(state.status?.rawValue ?? "none")"
                    + (state.latest?.reason.map { ": \($0)" } ?? ""),
            ])
        }
        return rows
    }
}

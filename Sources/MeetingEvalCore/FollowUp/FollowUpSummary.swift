import Foundation

/// The follow-up of an evaluation at one moment, as the scorecard carries it (`followUp`):
/// the counts and rates now, each round's, and the overdue tasks for 督办.
public struct FollowUpSummary: Sendable, Equatable {
    public var asOf: Date
    /// The report time zone's identifier: dates are read in it.
    public var timeZone: String
    public var offsets: [Int]
    public var figures: FollowUpFigures
    public var rounds: [FollowUpRound]
    /// Not done, deadline passed; most days overdue first.
    public var overdue: [FollowUpTaskState]

    public init(
        evaluation: Evaluation, tasks: [FollowUpTask], reports: [FollowUpReport], offsets: [Int], at now: Date,
        timeZone: TimeZone
    ) {
        let states = FollowUpRules.states(tasks: tasks, reports: reports, at: now, timeZone: timeZone)
        asOf = now
        self.timeZone = timeZone.identifier
        self.offsets = offsets
        figures = FollowUpFigures(states: states)
        rounds = FollowUpRules.rounds(
            meetingDate: evaluation.meetingDate, offsets: offsets, tasks: tasks, reports: reports, now: now,
            timeZone: timeZone)
        overdue = states.filter(\.overdue).sorted {
            ($0.daysOverdue ?? 0, -$0.task.position) > ($1.daysOverdue ?? 0, -$1.task.position)
        }
    }

    public var json: JSONOutput {
        .object(
            [("asOf", .string(Timestamp.format(asOf))), ("timeZone", .string(timeZone))]
                + [("offsets", .array(offsets.map(JSONOutput.integer)))] + figures.jsonMembers
                + [
                    ("rounds", .array(rounds.map(\.json))),
                    ("overdueTasks", .array(overdue.map(\.json))),
                ])
    }
}

extension FollowUpFigures {
    public var jsonMembers: [(String, JSONOutput)] {
        [
            ("tasks", .integer(tasks)), ("done", .integer(done)), ("inProgress", .integer(inProgress)),
            ("blocked", .integer(blocked)), ("notReported", .integer(notReported)),
            ("doneOnTime", .integer(doneOnTime)), ("overdue", .integer(overdue)),
            ("implementationRate", .optional(implementationRate)), ("onTimeShare", .optional(onTimeShare)),
        ]
    }

    public var json: JSONOutput { .object(jsonMembers) }
}

extension FollowUpRound {
    public var json: JSONOutput {
        .object(
            [
                ("round", .integer(number)), ("offsetDays", .integer(offsetDays)), ("dueDate", .string(dueDate)),
                ("begins", .string(Timestamp.format(begins))), ("ends", .string(Timestamp.format(ends))),
                ("state", .string(state.rawValue)),
            ] + [("figures", figures?.json ?? .null)]
                + [
                    ("reportedUnits", .array(reportedUnits.map(JSONOutput.string))),
                    ("missingUnits", .array(missingUnits.map(JSONOutput.string))),
                ])
    }
}

extension FollowUpTaskState {
    public var json: JSONOutput {
        .object([
            ("id", .string(task.id)), ("position", .integer(task.position)), ("task", .string(task.text)),
            ("unit", .string(task.unit)), ("deadline", .string(task.deadline)),
            ("status", .optional(latest?.status.rawValue)), ("reason", .optional(latest?.reason)),
            ("evidence", .optional(latest?.evidence)),
            ("reportedAt", .optional(latest.map { Timestamp.format($0.reportedAt) })),
            ("doneAt", .optional(doneBy.map { Timestamp.format($0.reportedAt) })),
            ("onTime", onTime.map(JSONOutput.bool) ?? .null), ("overdue", .bool(overdue)),
            ("daysOverdue", .optional(daysOverdue)), ("reports", .integer(reports)),
        ])
    }
}

extension FollowUpReport {
    public var json: JSONOutput {
        .object([
            ("id", .optional(id.map { Int($0) })), ("task", .string(taskId)), ("unit", .string(unit)),
            ("status", .string(status.rawValue)), ("reason", .optional(reason)), ("evidence", .optional(evidence)),
            ("reportedAt", .string(Timestamp.format(reportedAt))),
        ])
    }
}

/// What the organizer's follow-up view shows: the summary, every task's state, every unit.
public struct FollowUpOverview: Sendable, Equatable {
    public struct Unit: Sendable, Equatable {
        public var name: String
        public var tasks: Int
        public var lastReportAt: Date?
        /// When its current link was issued; nil when it has none yet.
        public var linkIssuedAt: Date?
    }

    public var summary: FollowUpSummary
    public var tasks: [FollowUpTaskState]
    public var units: [Unit]
    /// Every report, oldest first.
    public var history: [FollowUpReport]

    public func json(evaluationId: String) -> JSONOutput {
        .object([
            ("evaluation", .string(evaluationId)), ("summary", summary.json),
            ("tasks", .array(tasks.map(\.json))),
            (
                "units",
                .array(
                    units.map { unit in
                        .object([
                            ("unit", .string(unit.name)), ("tasks", .integer(unit.tasks)),
                            ("lastReportAt", .optional(unit.lastReportAt.map(Timestamp.format))),
                            ("linkIssuedAt", .optional(unit.linkIssuedAt.map(Timestamp.format))),
                        ])
                    })
            ),
            ("history", .array(history.map(\.json))),
        ])
    }
}

/// What a unit's link shows: the evaluation, the unit, its tasks and its own reports.
public struct FollowUpUnitView: Sendable {
    public var evaluation: Evaluation
    public var unit: String
    public var tasks: [FollowUpTaskState]
    public var reports: [FollowUpReport]

    public var json: JSONOutput {
        .object([
            (
                "evaluation",
                .object([
                    ("title", .string(evaluation.title)), ("meetingDate", .string(evaluation.meetingDate)),
                    ("archived", .bool(evaluation.archivedAt != nil)),
                ])
            ),
            ("unit", .string(unit)), ("tasks", .array(tasks.map(\.json))),
            ("history", .array(reports.map(\.json))),
        ])
    }
}

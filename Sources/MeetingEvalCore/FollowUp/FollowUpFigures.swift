import Foundation

/// The counts and rates of an evaluation's follow-up at one moment (docs/scoring.md,
/// "Follow-up of decisions"). A task's status at a moment is its latest report made at or
/// before it; it is done on time when the report that made it done (the first `done` after
/// its last other status) falls on or before its deadline, as a date in the report time zone;
/// it is overdue when it is not done and the moment's date is after its deadline.
public struct FollowUpFigures: Sendable, Equatable {
    public var tasks: Int
    public var done: Int
    public var inProgress: Int
    public var blocked: Int
    /// Tasks without any report yet.
    public var notReported: Int
    /// Done tasks done on or before their deadline.
    public var doneOnTime: Int
    public var overdue: Int
    /// done / tasks, 4 decimals; nil without tasks.
    public var implementationRate: Double?
    /// doneOnTime / done, 4 decimals; nil while nothing is done.
    public var onTimeShare: Double?

    public init(states: [FollowUpTaskState]) {
        tasks = states.count
        done = states.filter { $0.status == .done }.count
        inProgress = states.filter { $0.status == .inProgress }.count
        blocked = states.filter { $0.status == .blocked }.count
        notReported = states.filter { $0.status == nil }.count
        doneOnTime = states.filter { $0.onTime == true }.count
        overdue = states.filter(\.overdue).count
        implementationRate = tasks > 0 ? ScoreRounding.round(Double(done) / Double(tasks), decimals: 4) : nil
        onTimeShare = done > 0 ? ScoreRounding.round(Double(doneOnTime) / Double(done), decimals: 4) : nil
    }
}

/// One task's state at a moment, from its reports up to then.
public struct FollowUpTaskState: Sendable, Equatable {
    public var task: FollowUpTask
    /// The latest report at or before the moment; nil when none.
    public var latest: FollowUpReport?
    /// The report that made the task done (start of its current `done` run); nil unless done.
    public var doneBy: FollowUpReport?
    /// Whether `doneBy` falls on or before the deadline; nil unless done.
    public var onTime: Bool?
    public var overdue: Bool
    /// Days past the deadline, for an overdue task.
    public var daysOverdue: Int?
    public var reports: Int

    public var status: FollowUpStatus? { latest?.status }
}

/// A follow-up round: the date the organizer asks every unit for its status, a number of days
/// after the meeting. It runs from the day after the previous round's due date (the first from
/// the meeting date) to the end of its own due date in the report time zone.
public struct FollowUpRound: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Not begun yet.
        case upcoming
        /// Begun, its due date not yet over: the figures are as of now.
        case open
        /// Over: the figures are those at the end of its due date, and never change.
        case closed
    }

    /// 1-based.
    public var number: Int
    public var offsetDays: Int
    public var dueDate: String
    public var begins: Date
    public var ends: Date
    public var state: State
    /// nil for an upcoming round.
    public var figures: FollowUpFigures?
    /// Units that reported within the round, and units with tasks that did not (both sorted).
    public var reportedUnits: [String]
    public var missingUnits: [String]
}

extension FollowUpRules {
    /// Each task's state at `moment` (a date of `timeZone` decides deadlines), from the reports
    /// in the order stored.
    public static func states(
        tasks: [FollowUpTask], reports: [FollowUpReport], at moment: Date, timeZone: TimeZone
    ) -> [FollowUpTaskState] {
        let today = day(of: moment, in: timeZone)
        var byTask: [String: [FollowUpReport]] = [:]
        for report in reports where report.reportedAt <= moment { byTask[report.taskId, default: []].append(report) }
        return tasks.map { task in
            let history = byTask[task.id] ?? []
            let latest = history.last
            var doneBy: FollowUpReport?
            for report in history {
                if report.status == .done {
                    if doneBy == nil { doneBy = report }
                } else {
                    doneBy = nil
                }
            }
            let onTime = doneBy.map { day(of: $0.reportedAt, in: timeZone) <= task.deadline }
            let overdue = latest?.status != .done && today > task.deadline
            return FollowUpTaskState(
                task: task, latest: latest, doneBy: doneBy, onTime: onTime, overdue: overdue,
                daysOverdue: overdue ? days(from: task.deadline, to: today) : nil, reports: history.count)
        }
    }

    /// The rounds at `offsets` days after `meetingDate`, with their figures as of `now`.
    public static func rounds(
        meetingDate: String, offsets: [Int], tasks: [FollowUpTask], reports: [FollowUpReport], now: Date,
        timeZone: TimeZone
    ) -> [FollowUpRound] {
        let units = Set(tasks.map(\.unit))
        var previousDue: String?
        var rounds: [FollowUpRound] = []
        for (index, offset) in offsets.sorted().enumerated() {
            let due = adding(days: offset, to: meetingDate)
            let begins = startOfDay(previousDue.map { adding(days: 1, to: $0) } ?? meetingDate, in: timeZone)
            let ends = startOfDay(adding(days: 1, to: due), in: timeZone)
            previousDue = due
            let state: FollowUpRound.State = now < begins ? .upcoming : (now < ends ? .open : .closed)
            var figures: FollowUpFigures?
            var reported: Set<String> = []
            if state != .upcoming {
                let moment = state == .closed ? ends.addingTimeInterval(-0.001) : now
                figures = FollowUpFigures(states: states(tasks: tasks, reports: reports, at: moment, timeZone: timeZone))
                for report in reports where report.reportedAt >= begins && report.reportedAt < ends && units.contains(report.unit) {
                    reported.insert(report.unit)
                }
            }
            rounds.append(
                FollowUpRound(
                    number: index + 1, offsetDays: offset, dueDate: due, begins: begins, ends: ends, state: state,
                    figures: figures, reportedUnits: reported.sorted(),
                    missingUnits: state == .upcoming ? [] : units.subtracting(reported).sorted()))
        }
        return rounds
    }

    // MARK: Calendar dates

    static var gregorianUTC: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The date (`YYYY-MM-DD`) of `moment` in `timeZone`.
    public static func day(of moment: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `date` (`YYYY-MM-DD`) plus `days` calendar days.
    public static func adding(days: Int, to date: String) -> String {
        guard let start = utcMidnight(date), let moved = gregorianUTC.date(byAdding: .day, value: days, to: start)
        else {
            return date
        }
        return day(of: moved, in: TimeZone(identifier: "UTC")!)
    }

    /// Calendar days from `from` to `to` (both `YYYY-MM-DD`).
    static func days(from: String, to: String) -> Int {
        guard let a = utcMidnight(from), let b = utcMidnight(to) else { return 0 }
        return Int(((b.timeIntervalSince(a)) / 86_400).rounded())
    }

    /// The first instant of `date` in `timeZone`.
    public static func startOfDay(_ date: String, in timeZone: TimeZone) -> Date {
        midnight(date, in: timeZone) ?? .distantPast
    }

    static func utcMidnight(_ date: String) -> Date? { midnight(date, in: TimeZone(identifier: "UTC")!) }

    /// The first instant of `date` (`YYYY-MM-DD`) in `timeZone`; nil when it is not a date.
    private static func midnight(_ date: String, in timeZone: TimeZone) -> Date? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard parts.count == 3,
            let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        else { return nil }
        return calendar.startOfDay(for: start)
    }
}

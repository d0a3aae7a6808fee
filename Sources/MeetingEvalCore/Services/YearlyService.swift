import Foundation

/// One organization's year of meetings (docs/scoring.md §13): how many against the year before
/// and the reduction its standards ask for, how long they ran against their limits, how many
/// could have been merged or replaced, the survey, facts and combined scores by meeting type,
/// and the venues most often significantly below the rest. Archived evaluations count (a
/// year's picture includes its finished meetings); drafts do not (no meeting was evaluated).
public struct YearlyService<Store: EvaluationStore>: Sendable {
    public let store: Store
    /// The time zone deadlines are read in (the follow-up's rates).
    public var timeZone: TimeZone

    public init(store: Store, timeZone: TimeZone = FollowUpRules.defaultTimeZone) {
        self.store = store
        self.timeZone = timeZone
    }

    public struct Report: Sendable {
        public var organization: Organization
        public var year: Int
        public var meetings: Int
        public var previousYear: Int
        /// (meetings − previousYear) ÷ previousYear, 4 decimals; nil without meetings the year before.
        public var change: Double?
        /// The largest `yearlyReduction` of the standards the year's evaluations name, percent.
        public var targetReduction: Double?
        /// ⌊previousYear × (1 − targetReduction ÷ 100)⌋: the most meetings that meet the target.
        public var targetMeetings: Int?
        public var targetMet: Bool?
        public var withFacts: Int
        /// Mean actual duration of the meetings with one, minutes, 2 decimals.
        public var meanDuration: Double?
        /// Meetings whose standard limits their duration, and those that broke that limit.
        public var durationLimited: Int
        public var overDurationLimit: Int
        /// Meetings judged (mergeable or replaceable recorded) and those judged either.
        public var judged: Int
        public var mergeableOrReplaceable: Int
        /// mergeableOrReplaceable ÷ judged, 4 decimals.
        public var mergeableShare: Double?
        public var byType: [TypeRow]
        public var venuesBelow: [VenueRow]
        /// The follow-up of the year's decisions (docs/scoring.md §14), over every task of
        /// the year's meetings.
        public var followUp: FollowUp
        public var evaluations: [EvaluationRow]
    }

    public struct FollowUp: Sendable, Equatable {
        public var tasks: Int
        public var done: Int
        public var doneOnTime: Int
        public var overdue: Int
        /// done ÷ tasks, 4 decimals; nil without tasks.
        public var implementationRate: Double?
        /// doneOnTime ÷ done, 4 decimals; nil before anything is done.
        public var onTimeShare: Double?
    }

    public struct TypeRow: Sendable, Equatable {
        public var meetingType: MeetingType
        public var meetings: Int
        /// Means of the reported scores of the meetings that have one, 2 decimals.
        public var survey: Double?
        public var facts: Double?
        public var combined: Double?
        public var duration: Double?
    }

    public struct VenueRow: Sendable, Equatable {
        public var id: String
        public var name: String
        /// Meetings in which the venue scored significantly below the rest (Holm-adjusted, §9).
        public var below: Int
        /// Meetings in which it could be compared at all.
        public var compared: Int
        /// Meetings in which observers ranked it last of two or more observed venues.
        public var observedLast: Int = 0
    }

    public struct EvaluationRow: Sendable, Equatable {
        public var id: String
        public var title: String
        public var meetingDate: String
        public var meetingType: MeetingType
        public var survey: Double?
        public var facts: Double?
        public var combined: Double?
        public var duration: Double?
        public var mergeableOrReplaceable: Bool?
        /// done ÷ tasks of its follow-up; nil without tasks.
        public var implementationRate: Double?
    }

    /// The report of `organization` for `year`; `notFound` when `scope` does not see the
    /// organization, `invalid` for a year outside 2000–2100.
    public func report(organization id: String, year: Int, scope: AccessScope, locale: String? = nil) async throws
        -> Report
    {
        guard scope.includes(id), let organization = try await store.organizations().first(where: { $0.id == id })
        else {
            throw DomainError.notFound("No organization with this id.")
        }
        guard (2000...2100).contains(year) else {
            throw DomainError.invalid(
                "The year is out of range.", [ValidationIssue(path: "year", message: "must be a year from 2000 to 2100")])
        }
        let all = try await store.evaluations().filter { $0.organization == id && $0.status != .draft }
        let inYear = all.filter { $0.meetingDate.hasPrefix("\(year)-") }
            .sorted { ($0.meetingDate, $0.createdAt) < ($1.meetingDate, $1.createdAt) }
        let previousYear = all.filter { $0.meetingDate.hasPrefix("\(year - 1)-") }.count
        let scorecards = ScorecardService(store: store)
        let followUps = try await FollowUpService(store: store, timeZone: timeZone).rates(of: inYear)
        var rows: [EvaluationRow] = []
        var venues: [String: VenueRow] = [:]
        var venueOrder: [String] = []
        var durationLimited = 0
        var overDurationLimit = 0
        for evaluation in inYear {
            let scorecard = try await scorecards.scorecard(for: evaluation, locale: locale)
            let facts = scorecard.meetingFacts
            let judged: Bool? =
                evaluation.facts.flatMap { recorded in
                    recorded.mergeable == nil && recorded.replaceable == nil
                        ? nil : (recorded.mergeable == true || recorded.replaceable == true)
                }
            rows.append(
                EvaluationRow(
                    id: evaluation.id, title: evaluation.title, meetingDate: evaluation.meetingDate,
                    meetingType: evaluation.meetingType, survey: scorecard.overall.score, facts: facts?.score,
                    combined: scorecard.combined?.score, duration: facts?.measured.durationMinutes,
                    mergeableOrReplaceable: judged, implementationRate: followUps[evaluation.id]?.implementationRate))
            let durationChecks = facts?.checks.filter { $0.measure == .duration && $0.passed != nil } ?? []
            if !durationChecks.isEmpty {
                durationLimited += 1
                if durationChecks.contains(where: { $0.passed == false }) { overDurationLimit += 1 }
            }
            func row(_ id: String, _ name: String) {
                if venues[id] == nil {
                    venues[id] = VenueRow(id: id, name: name, below: 0, compared: 0)
                    venueOrder.append(id)
                }
            }
            for venue in scorecard.venues {
                guard let flag = venue.comparison.flag else { continue }
                row(venue.id, venue.name)
                venues[venue.id]!.compared += 1
                if flag == .below { venues[venue.id]!.below += 1 }
            }
            // The observers' last place, where two or more venues were observed.
            let ranked = scorecard.observation?.ranked ?? []
            if ranked.count >= 2, let last = ranked.compactMap(\.rank).max() {
                for venue in ranked where venue.rank == last {
                    row(venue.id, venue.name)
                    venues[venue.id]!.observedLast += 1
                }
            }
        }
        let reduction = inYear.compactMap { $0.standard?.yearlyReduction }.max()
        let target = reduction.flatMap { previousYear > 0 ? Int((Double(previousYear) * (1 - $0 / 100)).rounded(.down)) : nil }
        let judged = rows.compactMap(\.mergeableOrReplaceable)
        let byType = MeetingType.allCases.compactMap { type -> TypeRow? in
            let ofType = rows.filter { $0.meetingType == type }
            guard !ofType.isEmpty else { return nil }
            return TypeRow(
                meetingType: type, meetings: ofType.count, survey: Self.mean(ofType.map(\.survey)),
                facts: Self.mean(ofType.map(\.facts)), combined: Self.mean(ofType.map(\.combined)),
                duration: Self.mean(ofType.map(\.duration)))
        }
        let figures = inYear.compactMap { followUps[$0.id] }
        let tasks = figures.reduce(0) { $0 + $1.tasks }
        let done = figures.reduce(0) { $0 + $1.done }
        let doneOnTime = figures.reduce(0) { $0 + $1.doneOnTime }
        let followUp = FollowUp(
            tasks: tasks, done: done, doneOnTime: doneOnTime, overdue: figures.reduce(0) { $0 + $1.overdue },
            implementationRate: tasks > 0 ? ScoreRounding.round(Double(done) / Double(tasks), decimals: 4) : nil,
            onTimeShare: done > 0 ? ScoreRounding.round(Double(doneOnTime) / Double(done), decimals: 4) : nil)
        let below = venueOrder.compactMap { venues[$0] }.filter { $0.below + $0.observedLast > 0 }
            .enumerated()
            .sorted {
                ($0.element.below + $0.element.observedLast, -$0.offset)
                    > ($1.element.below + $1.element.observedLast, -$1.offset)
            }
            .map(\.element)
        return Report(
            organization: organization, year: year, meetings: inYear.count, previousYear: previousYear,
            change: previousYear > 0
                ? ScoreRounding.round(Double(inYear.count - previousYear) / Double(previousYear), decimals: 4) : nil,
            targetReduction: reduction, targetMeetings: target, targetMet: target.map { inYear.count <= $0 },
            withFacts: inYear.filter { $0.facts != nil }.count, meanDuration: Self.mean(rows.map(\.duration)),
            durationLimited: durationLimited, overDurationLimit: overDurationLimit, judged: judged.count,
            mergeableOrReplaceable: judged.filter { $0 }.count,
            mergeableShare: judged.isEmpty
                ? nil : ScoreRounding.round(Double(judged.filter { $0 }.count) / Double(judged.count), decimals: 4),
            byType: byType, venuesBelow: below, followUp: followUp, evaluations: rows)
    }

    /// The mean of the values there are, 2 decimals; nil without any.
    static func mean(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        return ScoreRounding.round(present.reduce(0, +) / Double(present.count))
    }
}

extension YearlyService.Report {
    /// The yearly report's JSON (`GET /api/organizations/{id}/yearly`).
    public var json: JSONOutput {
        func number(_ value: Double?) -> JSONOutput { .optional(value) }
        return .object([
            (
                "organization",
                .object([
                    ("id", .string(organization.id)),
                    ("name", .string(organization.name.resolved("zh", defaultLocale: "zh"))),
                ])
            ),
            ("year", .integer(year)),
            (
                "meetings",
                .object([
                    ("count", .integer(meetings)), ("previousYear", .integer(previousYear)), ("change", number(change)),
                    ("targetReduction", number(targetReduction)), ("targetMeetings", .optional(targetMeetings)),
                    ("targetMet", targetMet.map(JSONOutput.bool) ?? .null), ("withFacts", .integer(withFacts)),
                ])
            ),
            (
                "duration",
                .object([
                    ("mean", number(meanDuration)), ("limited", .integer(durationLimited)),
                    ("overLimit", .integer(overDurationLimit)),
                ])
            ),
            (
                "mergeable",
                .object([
                    ("judged", .integer(judged)), ("mergeableOrReplaceable", .integer(mergeableOrReplaceable)),
                    ("share", number(mergeableShare)),
                ])
            ),
            (
                "byType",
                .array(
                    byType.map {
                        .object([
                            ("meetingType", .string($0.meetingType.rawValue)), ("meetings", .integer($0.meetings)),
                            ("survey", number($0.survey)), ("facts", number($0.facts)),
                            ("combined", number($0.combined)), ("duration", number($0.duration)),
                        ])
                    })
            ),
            (
                "venuesBelow",
                .array(
                    venuesBelow.map {
                        .object([
                            ("id", .string($0.id)), ("name", .string($0.name)), ("below", .integer($0.below)),
                            ("compared", .integer($0.compared)), ("observedLast", .integer($0.observedLast)),
                        ])
                    })
            ),
            (
                "followUp",
                .object([
                    ("tasks", .integer(followUp.tasks)), ("done", .integer(followUp.done)),
                    ("doneOnTime", .integer(followUp.doneOnTime)), ("overdue", .integer(followUp.overdue)),
                    ("implementationRate", number(followUp.implementationRate)),
                    ("onTimeShare", number(followUp.onTimeShare)),
                ])
            ),
            (
                "evaluations",
                .array(
                    evaluations.map {
                        .object([
                            ("id", .string($0.id)), ("title", .string($0.title)),
                            ("meetingDate", .string($0.meetingDate)),
                            ("meetingType", .string($0.meetingType.rawValue)), ("survey", number($0.survey)),
                            ("facts", number($0.facts)), ("combined", number($0.combined)),
                            ("duration", number($0.duration)),
                            ("mergeableOrReplaceable", $0.mergeableOrReplaceable.map(JSONOutput.bool) ?? .null),
                            ("implementationRate", number($0.implementationRate)),
                        ])
                    })
            ),
        ])
    }
}

import Foundation

extension MeetingFactsAssessment {
    /// The scorecard's `facts` member (docs/scoring.md §12).
    public var json: JSONOutput {
        var longest: [(String, JSONOutput)] = []
        for role in SpeechRole.allCases {
            if let minutes = measured.longestSpeech[role] { longest.append((role.rawValue, .number(minutes))) }
        }
        let quantities: JSONOutput = .object([
            ("plannedMinutes", .optional(measured.plannedMinutes)),
            ("durationMinutes", .optional(measured.durationMinutes)),
            ("startDelayMinutes", .optional(measured.startDelayMinutes)),
            ("overrunMinutes", .optional(measured.overrunMinutes)),
            ("expected", .optional(measured.expected)), ("present", .optional(measured.present)),
            ("attendanceRate", .optional(measured.attendanceRate)),
            ("speeches", .integer(measured.speeches)), ("speechMinutes", .number(measured.speechMinutes)),
            ("longestSpeech", .object(longest)),
            ("documentCount", .optional(measured.documentCount)),
            ("documentPages", .optional(measured.documentPages)),
            ("mergeable", measured.mergeable.map(JSONOutput.bool) ?? .null),
            ("replaceable", measured.replaceable.map(JSONOutput.bool) ?? .null),
            ("personHours", .optional(measured.personHours)), ("cost", .optional(measured.cost)),
            ("costPerPersonHour", .optional(measured.costPerPersonHour)),
        ])
        let reference: JSONOutput =
            standard.map {
                .object([
                    ("id", .string($0.id)), ("version", .integer($0.version)), ("title", .string($0.title)),
                    ("citation", .string($0.citation)), ("url", .optional($0.url)),
                ])
            } ?? .null
        return .object([
            ("standard", reference), ("measured", quantities), ("checks", .array(checks.map(\.json))),
            ("deducted", .number(deducted)), ("score", .optional(score)), ("complete", .bool(complete)),
        ])
    }
}

extension MeetingFactsAssessment.Check {
    public var json: JSONOutput {
        let limit: JSONOutput
        switch self.limit {
        case .max(let value): limit = .object([("max", .number(value))])
        case .min(let value): limit = .object([("min", .number(value))])
        }
        return .object([
            ("rule", .string(rule)), ("title", .string(title)), ("measure", .string(measure.rawValue)),
            ("role", .optional(role?.rawValue)), ("unit", .string(measure.unit)), ("value", .optional(value)),
            ("limit", limit), ("passed", passed.map(JSONOutput.bool) ?? .null), ("deducted", .number(deducted)),
        ])
    }
}

extension Scorecard.Combined {
    /// The scorecard's `combined` member.
    public var json: JSONOutput {
        .object([
            ("score", .number(score)), ("grade", .optional(grade)),
            ("index", index.json),
            ("survey", .number(survey)), ("facts", .number(facts)),
        ])
    }
}

extension ScoreIndex {
    /// `{"survey": w1, "facts": w2}`, as the evaluation body names it.
    public var json: JSONOutput { .object([("survey", .number(survey)), ("facts", .number(facts))]) }
}

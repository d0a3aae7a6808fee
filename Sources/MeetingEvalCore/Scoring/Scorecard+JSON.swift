import Foundation

extension Scorecard {
    /// The scorecard document: the brief's fields in the brief's order, then the extras.
    public var json: JSONOutput {
        let facts: JSONOutput = .object([
            ("id", .string(evaluation.id)), ("title", .string(evaluation.title)),
            ("meetingType", .string(evaluation.meetingType.rawValue)),
            ("meetingDate", .string(evaluation.meetingDate)), ("status", .string(evaluation.status.rawValue)),
            ("client", .optional(evaluation.report.client)),
            ("assessor", .optional(evaluation.report.assessor)),
            ("reportNumber", .optional(evaluation.report.reportNumber)),
        ])
        let reference: JSONOutput = .object([
            ("id", .string(questionnaire.id)), ("version", .integer(questionnaire.version)),
            ("title", .string(questionnaire.title)),
        ])
        let tally: JSONOutput = .object([
            ("received", .integer(responses.received)), ("included", .integer(responses.included)),
            ("excluded", Self.reasonCounts(responses.excluded, reasons: ExclusionReason.allCases)),
            ("excludedTotal", .integer(responses.excludedTotal)),
            ("flagged", Self.reasonCounts(responses.flagged, reasons: [.speeder, .straightLining])),
            ("expected", .optional(responses.expected)), ("responseRate", .optional(responses.responseRate)),
        ])
        let result: JSONOutput = .object([
            ("score", .optional(overall.score)), ("grade", .optional(overall.grade)),
            ("ci95", overall.ci95.map { .array($0.map(JSONOutput.number)) } ?? .null),
            ("gradeConfidence", .optional(overall.gradeConfidence)),
            ("n", .integer(overall.n)),
        ])
        let settings: JSONOutput = .object([
            ("minSeconds", .number(screening.minSeconds)), ("excludeFlagged", .bool(screening.excludeFlagged)),
            ("exclusions", .array(exclusions.map(\.json))),
            ("exclusionHistory", .array(exclusionHistory.map(\.json))),
        ])
        var opinion: JSONOutput = .null
        if let written = evaluation.opinion {
            opinion = .object([
                ("text", .string(written.text)), ("author", .string(written.author)),
                ("updatedAt", .string(Timestamp.format(written.updatedAt))),
            ])
        }
        var members: [(String, JSONOutput)] = [
            ("evaluation", facts), ("questionnaire", reference), ("responses", tally), ("overall", result),
        ]
        members += [
            ("dimensions", .array(dimensions.map(\.json))), ("questions", .array(questions.map(\.json))),
            ("raterGroups", .array(raterGroups.map(\.json))), ("venues", .array(venues.map(\.json))),
            ("screening", settings),
        ]
        members += [
            ("findings", .array(findings.map(\.json))), ("opinion", opinion), ("previous", previous?.json ?? .null),
        ]
        members += [("facts", meetingFacts?.json ?? .null), ("combined", combined?.json ?? .null)]
        members += [("followUp", followUp?.json ?? .null)]
        if let observation { members.append(("observation", observation.json)) }
        members += [
            ("locale", .string(locale)), ("generatedAt", .string(Timestamp.format(generatedAt))),
            ("includedResponsesDigest", .optional(includedResponsesDigest)), ("commentCount", .integer(commentCount)),
            ("comments", .array(comments.map(\.json))),
        ]
        return .object(members)
    }

    /// The document without its comments, for writers that stream the comments after it.
    public var jsonWithoutComments: JSONOutput {
        guard case .object(let pairs) = json else { return json }
        return .object(pairs.filter { $0.0 != "comments" })
    }

    private static func reasonCounts(_ counts: [ExclusionReason: Int], reasons: [ExclusionReason]) -> JSONOutput {
        .object(reasons.map { ($0.rawValue, .integer(counts[$0, default: 0])) })
    }
}

extension Scorecard.DimensionScore {
    var json: JSONOutput {
        .object([
            ("id", .string(id)), ("title", .string(title)), ("weight", .number(weight)), ("score", .optional(score)),
            ("n", .integer(n)), ("alpha", .optional(alpha)), ("alphaN", .integer(alphaN)),
            (
                "gradeStableWeight",
                gradeStableWeight.map { .object([("low", .number($0.low)), ("high", .number($0.high))]) } ?? .null
            ),
        ])
    }
}

extension Scorecard.QuestionScore {
    var json: JSONOutput {
        .object([
            ("id", .string(id)), ("dimension", .string(dimension)), ("type", .string(type.rawValue)),
            ("text", .string(text)), ("weight", .optional(weight)), ("score", .optional(score)),
            ("mean", .optional(mean)), ("n", .integer(n)), ("sd", .optional(sd)),
            ("notApplicable", .integer(notApplicable)),
            ("distribution", .object(distribution.map { ($0.key, .integer($0.count)) })),
        ])
    }
}

extension Scorecard.GroupScore {
    var json: JSONOutput {
        .object([
            ("id", .string(id)), ("name", .string(name)), ("weight", .number(weight)),
            ("appliedWeight", .optional(appliedWeight)), ("n", .integer(n)), ("score", .optional(score)),
            ("dimensions", .array(dimensions.map(\.json))), ("comparison", comparison.json),
        ])
    }
}

extension Scorecard.VenueScore {
    var json: JSONOutput {
        .object([
            ("id", .string(id)), ("name", .string(name)), ("n", .integer(n)), ("score", .optional(score)),
            ("grade", .optional(grade)), ("dimensions", .array(dimensions.map(\.json))),
            ("comparison", comparison.json),
            (
                "response",
                .object([
                    ("received", .integer(response.received)), ("expected", .optional(response.expected)),
                    ("rate", .optional(response.rate)), ("low", .bool(response.low)),
                ])
            ),
        ])
    }
}

extension Scorecard.PreviousEvaluation {
    var json: JSONOutput {
        .object([
            ("id", .string(id)), ("title", .string(title)), ("meetingDate", .string(meetingDate)),
            ("score", .optional(score)), ("grade", .optional(grade)), ("difference", .optional(difference)),
            ("p", .optional(p)),
        ])
    }
}

extension Finding {
    /// Every field, nulls written out, so that each finding has the same shape.
    public var json: JSONOutput {
        .object([
            ("kind", .string(kind.rawValue)), ("attention", .bool(attention)), ("subject", .optional(subject)),
            ("name", .optional(name)), ("value", .optional(value)), ("reference", .optional(reference)),
            ("difference", .optional(difference)),
            ("interval", interval.map { .array($0.map(JSONOutput.number)) } ?? .null), ("p", .optional(p)),
            ("grade", .optional(grade)), ("option", .optional(option)), ("count", .optional(count)),
            ("total", .optional(total)), ("text", .string(text)),
        ])
    }
}

extension Scorecard.Comparison {
    var json: JSONOutput {
        .object([
            ("difference", .optional(difference)),
            ("ci95", ci95.map { .array($0.map(JSONOutput.number)) } ?? .null),
            ("p", .optional(p)), ("pAdjusted", .optional(pAdjusted)), ("flag", .optional(flag?.rawValue)),
        ])
    }
}

extension Scorecard.PartScore {
    var json: JSONOutput { .object([("id", .string(id)), ("score", .optional(score))]) }
}

extension Scorecard.Comment {
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("question", .string(question)), ("venue", .optional(venue)), ("raterGroup", .optional(raterGroup)),
            ("text", .string(text)),
        ]
        if let option { members.append(("option", .string(option))) }
        return .object(members)
    }
}

extension ManualExclusion {
    var json: JSONOutput {
        .object([
            ("response", .string(responseId)), ("reason", .string(reason)), ("by", .string(actor)),
            ("at", .string(Timestamp.format(at))),
        ])
    }
}

extension ExclusionEvent {
    var json: JSONOutput {
        .object([
            ("action", .string(action.rawValue)), ("response", .string(responseId)), ("reason", .string(reason)),
            ("by", .string(actor)), ("at", .string(Timestamp.format(at))),
        ])
    }
}

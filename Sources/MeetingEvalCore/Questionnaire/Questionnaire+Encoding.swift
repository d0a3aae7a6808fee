import Foundation

/// Normalized JSON: every default written out, so that readers (the attendee page, stored
/// copies, outside tools) never need to know the defaults. Reading it back with
/// `QuestionnaireReader` gives the same questionnaire.
extension Questionnaire: Encodable {
    private enum Keys: String, CodingKey {
        case id, version, meetingType, locales, title, description, grades, dimensions, weighting, ahp
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(version, forKey: .version)
        try container.encode(meetingType, forKey: .meetingType)
        try container.encode(locales, forKey: .locales)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(grades, forKey: .grades)
        try container.encode(dimensions, forKey: .dimensions)
        if let weighting {
            try container.encode(weighting, forKey: .weighting)
            try container.encode(weighting.consistency, forKey: .ahp)
        }
    }

    /// Sorted-key JSON: the same questionnaire always gives the same bytes.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}

extension GradeBand: Encodable {
    private enum Keys: String, CodingKey { case min, label }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(min, forKey: .min)
        try container.encode(label, forKey: .label)
    }
}

extension Dimension: Encodable {
    private enum Keys: String, CodingKey { case id, title, description, weight, questions, questionWeighting, ahp }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(weight, forKey: .weight)
        try container.encode(questions, forKey: .questions)
        if let questionWeighting {
            try container.encode(questionWeighting, forKey: .questionWeighting)
            try container.encode(questionWeighting.consistency, forKey: .ahp)
        }
    }
}

/// `{method: ahp, comparisons: [{a, b, value}]}`, each value as written (`3` or `"1/3"`).
extension PairwiseWeighting: Encodable {
    private enum Keys: String, CodingKey { case method, comparisons }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("ahp", forKey: .method)
        try container.encode(comparisons, forKey: .comparisons)
    }
}

extension PairwiseJudgment: Encodable {
    private enum Keys: String, CodingKey { case a, b, value }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        if value.reciprocal {
            try container.encode(value.text, forKey: .value)
        } else {
            try container.encode(value.magnitude, forKey: .value)
        }
    }
}

extension AHPConsistency: Encodable {
    private enum Keys: String, CodingKey { case lambdaMax, ci, cr }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(lambdaMax, forKey: .lambdaMax)
        try container.encode(ci, forKey: .ci)
        try container.encode(cr, forKey: .cr)
    }
}

extension Question: Encodable {
    private enum Keys: String, CodingKey {
        case id, type, text, description, weight, required, allowNotApplicable, scale, options, maxSelections,
            maxLength, showIf, format
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(description, forKey: .description)
        if isScored { try container.encode(weight, forKey: .weight) }
        try container.encode(required, forKey: .required)
        switch kind {
        case .rating(let scale, let allowNotApplicable):
            try container.encode(allowNotApplicable, forKey: .allowNotApplicable)
            try container.encode(scale, forKey: .scale)
        case .single(let options):
            try container.encode(options, forKey: .options)
        case .multiple(let options, let maxSelections):
            try container.encode(options, forKey: .options)
            try container.encodeIfPresent(maxSelections, forKey: .maxSelections)
        case .text(let maxLength):
            try container.encode(maxLength, forKey: .maxLength)
        }
        try container.encodeIfPresent(showIf, forKey: .showIf)
        try container.encodeIfPresent(format, forKey: .format)
    }
}

extension RatingScale: Encodable {
    private enum Keys: String, CodingKey { case min, max, labels }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(min, forKey: .min)
        try container.encode(max, forKey: .max)
        let byKey = Dictionary(uniqueKeysWithValues: labels.map { (String($0.key), $0.value) })
        try container.encode(byKey, forKey: .labels)
    }
}

extension Option: Encodable {
    private enum Keys: String, CodingKey { case id, text, score, notApplicable, other }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(score, forKey: .score)
        if notApplicable { try container.encode(true, forKey: .notApplicable) }
        if other { try container.encode(true, forKey: .other) }
    }
}

extension ShowIf: Encodable {
    private enum Keys: String, CodingKey {
        case question
        case options = "in"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(question, forKey: .question)
        try container.encode(options, forKey: .options)
    }
}

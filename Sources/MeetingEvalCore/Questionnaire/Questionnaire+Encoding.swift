import Foundation

/// Normalized JSON: every default written out, so that readers (the attendee page, stored
/// copies, outside tools) never need to know the defaults. Reading it back with
/// `QuestionnaireReader` gives the same questionnaire.
extension Questionnaire: Encodable {
    private enum Keys: String, CodingKey {
        case id, version, meetingType, locales, title, description, grades, dimensions
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
    private enum Keys: String, CodingKey { case id, title, description, weight, questions }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(weight, forKey: .weight)
        try container.encode(questions, forKey: .questions)
    }
}

extension Question: Encodable {
    private enum Keys: String, CodingKey {
        case id, type, text, description, weight, required, allowNotApplicable, scale, options, maxSelections,
            maxLength, showIf
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

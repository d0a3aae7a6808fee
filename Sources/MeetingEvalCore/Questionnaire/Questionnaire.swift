/// A versioned evaluation questionnaire: weighted dimensions of questions, and grade bands.
///
/// The same structure is read from YAML and JSON files (see `QuestionnaireReader`) and is
/// encoded back as normalized JSON, with every default written out, for storage and for the
/// attendee page.
public struct Questionnaire: Sendable, Equatable {
    public var id: String
    public var version: Int
    public var meetingType: MeetingType
    public var locales: [String]
    public var title: LocalizedText
    public var description: LocalizedText?
    public var grades: [GradeBand]
    public var dimensions: [Dimension]
    /// The pairwise judgments the dimensions' weights were derived from, when given that way.
    public var weighting: PairwiseWeighting?

    public init(
        id: String, version: Int, meetingType: MeetingType, locales: [String], title: LocalizedText,
        description: LocalizedText? = nil, grades: [GradeBand] = GradeBand.defaults, dimensions: [Dimension],
        weighting: PairwiseWeighting? = nil
    ) {
        self.id = id
        self.version = version
        self.meetingType = meetingType
        self.locales = locales
        self.title = title
        self.description = description
        self.grades = grades
        self.dimensions = dimensions
        self.weighting = weighting
    }

    public var defaultLocale: String { locales.first ?? "zh" }

    /// Every question in document order.
    public var questions: [Question] { dimensions.flatMap(\.questions) }

    public func question(_ id: String) -> Question? {
        for dimension in dimensions {
            if let question = dimension.questions.first(where: { $0.id == id }) { return question }
        }
        return nil
    }
}

public enum MeetingType: String, Sendable, Codable, CaseIterable {
    case teleconference, plenary, conference, other
}

/// A weighted group of questions (一级指标). Without a weight it is an unscored section.
public struct Dimension: Sendable, Equatable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText?
    public var weight: Double?
    public var questions: [Question]
    /// The pairwise judgments the questions' weights were derived from, when given that way.
    public var questionWeighting: PairwiseWeighting?

    public init(
        id: String, title: LocalizedText, description: LocalizedText? = nil, weight: Double? = nil,
        questions: [Question], questionWeighting: PairwiseWeighting? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.weight = weight
        self.questions = questions
        self.questionWeighting = questionWeighting
    }
}

/// One item (二级指标).
public struct Question: Sendable, Equatable {
    public var id: String
    public var text: LocalizedText
    public var description: LocalizedText?
    public var kind: Kind
    /// Weight inside its dimension; only meaningful for scored questions.
    public var weight: Double
    public var required: Bool
    public var showIf: ShowIf?
    /// A text question whose answer has a fixed form (`format: time`: a clock time `HH:MM`).
    public var format: TextFormat?

    public enum Kind: Sendable, Equatable {
        case rating(RatingScale, allowNotApplicable: Bool)
        case single([Option])
        case multiple([Option], maxSelections: Int?)
        case text(maxLength: Int)
    }

    public init(
        id: String, text: LocalizedText, description: LocalizedText? = nil, kind: Kind, weight: Double = 1,
        required: Bool? = nil, showIf: ShowIf? = nil, format: TextFormat? = nil
    ) {
        self.format = format
        self.id = id
        self.text = text
        self.description = description
        self.kind = kind
        self.weight = weight
        self.required = required ?? kind.requiredByDefault
        self.showIf = showIf
    }

    public var type: QuestionType {
        switch kind {
        case .rating: return .rating
        case .single: return .single
        case .multiple: return .multiple
        case .text: return .text
        }
    }

    /// Rating questions always score; a single-choice question scores when its options carry scores.
    public var isScored: Bool {
        switch kind {
        case .rating: return true
        case .single(let options): return options.contains { $0.score != nil }
        case .multiple, .text: return false
        }
    }

    public var options: [Option] {
        switch kind {
        case .single(let options), .multiple(let options, _): return options
        case .rating, .text: return []
        }
    }
}

/// The form a text answer must have. `time`: a clock time on the 24-hour clock, `HH:MM`
/// (00:00–23:59), in the meeting's own time zone — what an observer notes beside an event.
public enum TextFormat: String, Sendable, Codable, CaseIterable {
    case time

    /// Whether `text` has this form.
    public func accepts(_ text: String) -> Bool {
        switch self {
        case .time:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
                let hours = Int(parts[0]), let minutes = Int(parts[1])
            else { return false }
            return (0...23).contains(hours) && (0...59).contains(minutes)
        }
    }

    /// What the answer must look like, for error messages.
    public var expectation: String {
        switch self {
        case .time: return "must be a time of day written HH:MM, such as 09:05"
        }
    }
}

public enum QuestionType: String, Sendable, Codable, CaseIterable {
    case rating, single, multiple, text
}

extension Question.Kind {
    var requiredByDefault: Bool {
        switch self {
        case .rating, .single: return true
        case .multiple, .text: return false
        }
    }
}

/// An integer scale with optional labels on its points.
public struct RatingScale: Sendable, Equatable {
    public var min: Int
    public var max: Int
    public var labels: [Int: LocalizedText]

    public init(min: Int, max: Int, labels: [Int: LocalizedText] = [:]) {
        self.min = min
        self.max = max
        self.labels = labels
    }
}

public struct Option: Sendable, Equatable {
    public var id: String
    public var text: LocalizedText
    /// 0…100 for scored single-choice questions.
    public var score: Double?
    public var notApplicable: Bool
    /// "Other, please say": choosing it offers a text box. The text is stored under
    /// `<questionId>.other` (`Option.otherAnswerKey`), exported and listed with the comments,
    /// and never scored.
    public var other: Bool

    public init(id: String, text: LocalizedText, score: Double? = nil, notApplicable: Bool = false, other: Bool = false)
    {
        self.id = id
        self.text = text
        self.score = score
        self.notApplicable = notApplicable
        self.other = other
    }

    /// The answer key of the text given with a question's `other` option. Question ids are
    /// `[a-z0-9-]+`, so the dot never collides with a question.
    public static func otherAnswerKey(_ questionId: String) -> String { questionId + ".other" }

    /// At most this many characters of text go with an `other` option.
    public static let otherMaxLength = 200
}

/// Shows a question only while an earlier choice question's answer is one of `options`.
public struct ShowIf: Sendable, Equatable {
    public var question: String
    public var options: [String]

    public init(question: String, options: [String]) {
        self.question = question
        self.options = options
    }
}

/// A grade band: the first band whose `min` is at most the rounded overall score applies.
public struct GradeBand: Sendable, Equatable {
    public var min: Double
    public var label: LocalizedText

    public init(min: Double, label: LocalizedText) {
        self.min = min
        self.label = label
    }

    public static let defaults: [GradeBand] = [
        GradeBand(min: 90, label: .localized(["zh": "优秀", "en": "Excellent"])),
        GradeBand(min: 80, label: .localized(["zh": "良好", "en": "Good"])),
        GradeBand(min: 60, label: .localized(["zh": "合格", "en": "Fair"])),
        GradeBand(min: 0, label: .localized(["zh": "较差", "en": "Poor"])),
    ]

    /// The default bands labelled in those of `locales` that they have a label for (English
    /// when none), so that a questionnaire that writes no grades never shows a foreign label.
    public static func defaults(for locales: [String]) -> [GradeBand] {
        defaults.map { band in
            guard case .localized(let texts) = band.label else { return band }
            let kept = texts.filter { locales.contains($0.key) }
            let first = locales.first.flatMap { texts[$0] }
            return GradeBand(min: band.min, label: first == nil ? .plain(texts["en"] ?? "") : .localized(kept))
        }
    }
}

import Foundation
import MeetingEvalCore
import QuestionnaireYAML
import Testing

/// One broken variant of `Fixtures/base.yaml` and the single error it must produce.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var edits: [Edit]
    /// Expected path of the error.
    var path: String
    /// A fragment of the expected message.
    var message: String
    /// Text of the line the error must point at, in the edited definition.
    var lineOf: String

    init(_ rule: String, _ edits: [Edit], path: String, message: String, lineOf: String) {
        self.rule = rule
        self.edits = edits
        self.path = path
        self.message = message
        self.lineOf = lineOf
    }

    var testDescription: String { rule }
}

/// A variant of `Fixtures/base.yaml` that must stay valid.
struct ValidVariant: Sendable, CustomTestStringConvertible {
    var name: String
    var edits: [Edit]

    init(_ name: String, _ edits: [Edit]) {
        self.name = name
        self.edits = edits
    }

    var testDescription: String { name }
}

private let question0 = "dimensions[0].questions[0]"
private let materials = "dimensions[0].questions[1]"
private let tasks = "dimensions[1].questions[0]"
private let problems = "dimensions[2].questions[0]"
private let comment = "dimensions[2].questions[1]"
private let problemsOptions = """
            options:
              - {id: too-long, text: 时间过长}
              - {id: off-topic, text: 偏离主题}
              - {id: other, text: 其他}

    """
private let gradesBlock = """
    grades:
      - {min: 90, label: {zh: 优秀, en: Excellent}}
      - {min: 60, label: {zh: 合格, en: Fair}}
      - {min: 0, label: {zh: 较差, en: Poor}}

    """
private let materialsOptions = """
            options:
              - {id: early, text: 提前送达, score: 100}
              - {id: late, text: 会上分发, score: 30}
              - {id: unsure, text: 不清楚, notApplicable: true}

    """

/// One failing case per rule of the format (docs/questionnaire-format.md, "Validation rules").
let ruleCases: [RuleCase] = [
    // Ids.
    RuleCase(
        "questionnaire id must match [a-z0-9-]+", [.replace("id: sample", "id: Sample_2")],
        path: "id", message: "is not a valid id", lineOf: "id: Sample_2"),
    RuleCase(
        "dimension id must match [a-z0-9-]+", [.replace("- id: preparation", "- id: Preparation")],
        path: "dimensions[0].id", message: "'Preparation' is not a valid id", lineOf: "- id: Preparation"),
    RuleCase(
        "question id must match [a-z0-9-]+", [.replace("- id: notice", "- id: notice_1")],
        path: "\(question0).id", message: "is not a valid id", lineOf: "- id: notice_1"),
    RuleCase(
        "option id must match [a-z0-9-]+", [.replace("{id: early,", "{id: Early,")],
        path: "\(materials).options[0].id", message: "'Early' is not a valid id", lineOf: "{id: Early,"),
    RuleCase(
        "an id has at most 64 characters", [.replace("- id: tasks", "- id: \(String(repeating: "t", count: 65))")],
        path: "\(tasks).id", message: "is not a valid id", lineOf: "- id: ttttt"),
    RuleCase(
        "a question id cannot repeat a dimension id",
        [.replace("      - id: tasks", "      - id: preparation")],
        path: "\(tasks).id", message: "duplicate id 'preparation' (first used at dimensions[0].id)",
        lineOf: "      - id: preparation"),
    RuleCase(
        "question ids are unique across dimensions",
        [.replace("      - id: tasks\n        type: rating", "      - type: rating\n        id: notice")],
        path: "\(tasks).id", message: "duplicate id 'notice'", lineOf: "        id: notice"),
    RuleCase(
        "dimension ids are unique",
        [.replace("  - id: remarks\n    title: 意见建议", "  - title: 意见建议\n    id: results")],
        path: "dimensions[2].id", message: "duplicate id 'results'", lineOf: "    id: results"),
    RuleCase(
        "option ids are unique within a question", [.replace("{id: unsure,", "{id: early,")],
        path: "\(materials).options[2].id", message: "duplicate option id 'early'", lineOf: "{id: early, text: 不清楚"),

    // Known values.
    RuleCase(
        "question type is one of rating, single, multiple, text", [.replace("type: multiple", "type: checkbox")],
        path: "\(problems).type", message: "unknown question type 'checkbox'", lineOf: "type: checkbox"),
    RuleCase(
        "meetingType is one of the known types", [.replace("meetingType: conference", "meetingType: webinar")],
        path: "meetingType", message: "unknown meeting type 'webinar'", lineOf: "meetingType: webinar"),

    // Version.
    RuleCase(
        "version 0 is not positive", [.replace("version: 1", "version: 0")],
        path: "version", message: "must be a positive whole number", lineOf: "version: 0"),
    RuleCase(
        "a negative version is not positive", [.replace("version: 1", "version: -3")],
        path: "version", message: "must be a positive whole number", lineOf: "version: -3"),
    RuleCase(
        "version is a whole number", [.replace("version: 1", "version: 1.5")],
        path: "version", message: "must be a whole number, found a fraction", lineOf: "version: 1.5"),
    RuleCase(
        "version is a number, not a word", [.replace("version: 1", "version: first")],
        path: "version", message: "must be a whole number, found a string", lineOf: "version: first"),
    RuleCase(
        "a quoted version is a string", [.replace("version: 1", "version: \"1\"")],
        path: "version", message: "must be a whole number, found a string", lineOf: "version: \"1\""),

    // Required fields.
    RuleCase(
        "id is required", [.replace("id: sample\n", "")],
        path: "id", message: "is required", lineOf: "version: 1"),
    RuleCase(
        "version is required", [.replace("version: 1\n", "")],
        path: "version", message: "is required", lineOf: "id: sample"),
    RuleCase(
        "locales are required", [.replace("locales: [zh, en]\n", "")],
        path: "locales", message: "is required", lineOf: "id: sample"),
    RuleCase(
        "title is required", [.replace("title: {zh: 样例会议评估, en: Sample meeting evaluation}\n", "")],
        path: "title", message: "is required", lineOf: "id: sample"),
    RuleCase(
        "dimensions are required", [.replaceToEnd("dimensions:\n", "")],
        path: "dimensions", message: "is required", lineOf: "id: sample"),
    RuleCase(
        "a dimension title is required", [.replace("    title: {zh: 会议成效, en: Results}\n", "")],
        path: "dimensions[1].title", message: "is required", lineOf: "- id: results"),
    RuleCase(
        "a dimension id is required", [.replace("  - id: results\n    title:", "  - title:")],
        path: "dimensions[1].id", message: "is required", lineOf: "  - title: {zh: 会议成效"),
    RuleCase(
        "a dimension's questions are required",
        [.replaceToEnd("  - id: remarks", "  - id: remarks\n    title: 意见建议\n")],
        path: "dimensions[2].questions", message: "is required", lineOf: "- id: remarks"),
    RuleCase(
        "question text is required", [.replace("        text: 任务和时限是否明确\n", "")],
        path: "\(tasks).text", message: "is required", lineOf: "- id: tasks"),
    RuleCase(
        "question type is required", [.replace("        type: rating\n        weight: 2\n", "        weight: 2\n")],
        path: "\(tasks).type", message: "is required", lineOf: "- id: tasks"),
    RuleCase(
        "a rating question needs a scale", [.replace("        scale: {min: 1, max: 5}\n", "")],
        path: "\(tasks).scale", message: "is required", lineOf: "- id: tasks"),
    RuleCase(
        "a scale needs a min", [.replace("scale: {min: 1, max: 5}", "scale: {max: 5}")],
        path: "\(tasks).scale.min", message: "is required", lineOf: "scale: {max: 5}"),
    RuleCase(
        "a choice question needs options", [.replace(materialsOptions, "")],
        path: "\(materials).options", message: "is required", lineOf: "- id: materials"),
    RuleCase(
        "an option needs an id", [.replace("{id: late, text: 会上分发, score: 30}", "{text: 会上分发, score: 30}")],
        path: "\(materials).options[1].id", message: "is required", lineOf: "{text: 会上分发, score: 30}"),
    RuleCase(
        "an option needs a text", [.replace("{id: late, text: 会上分发, score: 30}", "{id: late, score: 30}")],
        path: "\(materials).options[1].text", message: "is required", lineOf: "{id: late, score: 30}"),
    RuleCase(
        "a grade band needs a min", [.replace("{min: 60, label: {zh: 合格, en: Fair}}", "{label: {zh: 合格, en: Fair}}")],
        path: "grades[1].min", message: "is required", lineOf: "{label: {zh: 合格, en: Fair}}"),
    RuleCase(
        "a grade band needs a label", [.replace("{min: 60, label: {zh: 合格, en: Fair}}", "{min: 60}")],
        path: "grades[1].label", message: "is required", lineOf: "{min: 60}"),
    RuleCase(
        "showIf needs a question", [.replace("{question: materials, in: [late]}", "{in: [late]}")],
        path: "\(comment).showIf.question", message: "is required", lineOf: "showIf: {in: [late]}"),
    RuleCase(
        "showIf needs a list of options", [.replace("{question: materials, in: [late]}", "{question: materials}")],
        path: "\(comment).showIf.in", message: "is required", lineOf: "showIf: {question: materials}"),

    // Weights.
    RuleCase(
        "a dimension weight is positive (zero)", [.replace("weight: 40", "weight: 0")],
        path: "dimensions[0].weight", message: "must be a positive number", lineOf: "weight: 0"),
    RuleCase(
        "a dimension weight is positive (negative)", [.replace("weight: 60", "weight: -5")],
        path: "dimensions[1].weight", message: "must be a positive number", lineOf: "weight: -5"),
    RuleCase(
        "a question weight is positive (negative)", [.replace("weight: 2", "weight: -1")],
        path: "\(tasks).weight", message: "must be a positive number", lineOf: "weight: -1"),
    RuleCase(
        "a question weight is positive (zero)", [.replace("weight: 2", "weight: 0")],
        path: "\(tasks).weight", message: "must be a positive number", lineOf: "weight: 0"),
    RuleCase(
        "a weight is a number", [.replace("weight: 40", "weight: heavy")],
        path: "dimensions[0].weight", message: "must be a number, found a string", lineOf: "weight: heavy"),

    // Rating scales.
    RuleCase(
        "scale min is below max (equal)", [.replace("scale: {min: 1, max: 5}", "scale: {min: 3, max: 3}")],
        path: "\(tasks).scale", message: "min (3) must be less than max (3)", lineOf: "scale: {min: 3, max: 3}"),
    RuleCase(
        "scale min is below max (reversed)", [.replace("scale: {min: 1, max: 5}", "scale: {min: 5, max: 1}")],
        path: "\(tasks).scale", message: "min (5) must be less than max (1)", lineOf: "scale: {min: 5, max: 1}"),
    RuleCase(
        "scale points are whole numbers", [.replace("scale: {min: 1, max: 5}", "scale: {min: 1, max: 4.5}")],
        path: "\(tasks).scale.max", message: "must be a whole number, found a fraction", lineOf: "max: 4.5"),
    RuleCase(
        "a scale has at most 11 points", [.replace("scale: {min: 1, max: 5}", "scale: {min: 0, max: 11}")],
        path: "\(tasks).scale", message: "at most 11 points", lineOf: "scale: {min: 0, max: 11}"),
    RuleCase(
        "a scale label key is a point of the scale", [.replace("labels: {1: 很差, 5: 很好}", "labels: {1: 很差, 6: 很好}")],
        path: "\(question0).scale.labels.6", message: "6 is not a point of the scale 1…5", lineOf: "6: 很好"),
    RuleCase(
        "a scale label key is a number", [.replace("labels: {1: 很差, 5: 很好}", "labels: {low: 很差, 5: 很好}")],
        path: "\(question0).scale.labels.low", message: "label keys must be points of the scale",
        lineOf: "low: 很差"),

    // Scored single choice.
    RuleCase(
        "when one option is scored, every option is scored or not applicable",
        [.replace("{id: late, text: 会上分发, score: 30}", "{id: late, text: 会上分发}")],
        path: "\(materials).options[1]", message: "option 'late' needs a score (0…100) or notApplicable: true",
        lineOf: "{id: late, text: 会上分发}"),
    RuleCase(
        "a score is at most 100", [.replace("score: 30", "score: 130")],
        path: "\(materials).options[1].score", message: "must be between 0 and 100", lineOf: "score: 130"),
    RuleCase(
        "a score is at least 0", [.replace("score: 100", "score: -1")],
        path: "\(materials).options[0].score", message: "must be between 0 and 100", lineOf: "score: -1"),
    RuleCase(
        "a score is a number", [.replace("score: 30", "score: high")],
        path: "\(materials).options[1].score", message: "must be a number, found a string", lineOf: "score: high"),
    RuleCase(
        "an option is not both scored and not applicable",
        [
            .replace(
                "{id: unsure, text: 不清楚, notApplicable: true}", "{id: unsure, text: 不清楚, score: 0, notApplicable: true}"
            )
        ],
        path: "\(materials).options[2]", message: "either scored or not applicable, not both",
        lineOf: "{id: unsure, text: 不清楚, score: 0"),

    // Unscored types.
    RuleCase(
        "a multiple-choice option has no score",
        [.replace("{id: too-long, text: 时间过长}", "{id: too-long, text: 时间过长, score: 50}")],
        path: "\(problems).options[0].score", message: "multiple-choice questions are never scored",
        lineOf: "score: 50"),
    RuleCase(
        "a multiple-choice option is never 'not applicable'",
        [.replace("{id: too-long, text: 时间过长}", "{id: too-long, text: 时间过长, notApplicable: true}")],
        path: "\(problems).options[0].notApplicable", message: "never scored", lineOf: "{id: too-long"),
    RuleCase(
        "a multiple-choice question takes no weight",
        [.replace("        maxSelections: 2\n", "        maxSelections: 2\n        weight: 3\n")],
        path: "\(problems).weight", message: "multiple questions without scores are never scored and take no weight",
        lineOf: "weight: 3"),
    RuleCase(
        "a text question takes no weight",
        [.replace("        maxLength: 500\n", "        maxLength: 500\n        weight: 3\n")],
        path: "\(comment).weight", message: "text questions without scores are never scored", lineOf: "weight: 3"),
    RuleCase(
        "a single-choice question without scores takes no weight",
        [.replace("type: multiple", "type: single"), .replace("        maxSelections: 2\n", "        weight: 3\n")],
        path: "\(problems).weight", message: "single questions without scores are never scored", lineOf: "weight: 3"),

    // Scored and unscored dimensions.
    RuleCase(
        "a weighted dimension holds a scored question",
        [.replace("    title: 意见建议\n", "    title: 意见建议\n    weight: 10\n")],
        path: "dimensions[2].weight", message: "must hold at least one scored question", lineOf: "weight: 10"),
    RuleCase(
        "a dimension without weight holds no scored question", [.replace("    weight: 60\n", "")],
        path: tasks, message: "scored question in a dimension without weight", lineOf: "- id: tasks"),

    // showIf.
    RuleCase(
        "showIf points at a known question", [.replace("question: materials", "question: agenda")],
        path: "\(comment).showIf.question", message: "'agenda' is not an earlier question",
        lineOf: "question: agenda"),
    RuleCase(
        "showIf points at an earlier question",
        [
            .replace(
                "        allowNotApplicable: true\n",
                "        allowNotApplicable: true\n        showIf: {question: problems, in: [other]}\n")
        ],
        path: "\(question0).showIf.question", message: "'problems' is not an earlier question",
        lineOf: "question: problems"),
    RuleCase(
        "showIf does not point at its own question",
        [.replace("question: materials, in: [late]", "question: comment, in: [late]")],
        path: "\(comment).showIf.question", message: "'comment' is not an earlier question",
        lineOf: "question: comment"),
    RuleCase(
        "showIf does not point at a rating question", [.replace("question: materials", "question: notice")],
        path: "\(comment).showIf.question", message: "'notice' is a rating question", lineOf: "question: notice"),
    RuleCase(
        "showIf does not point at a text question",
        [
            .append(
                "      - id: more\n        type: text\n        text: 其他意见\n        showIf: {question: comment, in: [late]}\n"
            )
        ],
        path: "dimensions[2].questions[2].showIf.question", message: "'comment' is a text question",
        lineOf: "question: comment"),
    RuleCase(
        "showIf lists existing options", [.replace("in: [late]", "in: [late, gone]")],
        path: "\(comment).showIf.in[1]", message: "'gone' is not an option of 'materials'", lineOf: "in: [late, gone]"),
    RuleCase(
        "showIf lists at least one option", [.replace("in: [late]", "in: []")],
        path: "\(comment).showIf.in", message: "list at least one option of 'materials'", lineOf: "in: []"),

    // Grades.
    RuleCase(
        "grade bands descend", [.replace("{min: 60,", "{min: 95,")],
        path: "grades[1].min", message: "grade bands must descend: 95.0 is not below 90.0", lineOf: "{min: 95,"),
    RuleCase(
        "grade bands strictly descend", [.replace("{min: 60,", "{min: 90,")],
        path: "grades[1].min", message: "grade bands must descend", lineOf: "{min: 90, label: {zh: 合格"),
    RuleCase(
        "the last grade band starts at 0", [.replace("{min: 0,", "{min: 10,")],
        path: "grades[2].min", message: "the last grade band must start at 0", lineOf: "{min: 10,"),
    RuleCase(
        "a grade min is at most 100", [.replace("{min: 90,", "{min: 120,")],
        path: "grades[0].min", message: "must be between 0 and 100", lineOf: "{min: 120,"),
    RuleCase(
        "grades, when given, are not empty",
        [
            .replace(gradesBlock, "grades: []\n")
        ],
        path: "grades", message: "list at least one grade band", lineOf: "grades: []"),

    // Localized text.
    RuleCase(
        "a dimension title has the default locale",
        [.replace("title: {zh: 会议成效, en: Results}", "title: {en: Results}")],
        path: "dimensions[1].title", message: "has no text for the default locale 'zh'", lineOf: "title: {en: Results}"),
    RuleCase(
        "the questionnaire title has the default locale",
        [.replace("title: {zh: 样例会议评估, en: Sample meeting evaluation}", "title: {en: Sample meeting evaluation}")],
        path: "title", message: "has no text for the default locale 'zh'", lineOf: "title: {en: Sample"),
    RuleCase(
        "a question text has the default locale",
        [.replace("{zh: 会议通知是否及时, en: Was the notice timely}", "{en: Was the notice timely}")],
        path: "\(question0).text", message: "default locale 'zh'", lineOf: "text: {en: Was the notice timely}"),
    RuleCase(
        "an option text has the default locale",
        [.replace("{id: early, text: 提前送达,", "{id: early, text: {en: Early},")],
        path: "\(materials).options[0].text", message: "default locale 'zh'", lineOf: "{id: early, text: {en: Early}"),
    RuleCase(
        "a scale label has the default locale",
        [.replace("labels: {1: 很差, 5: 很好}", "labels: {1: {en: Very poor}, 5: 很好}")],
        path: "\(question0).scale.labels.1", message: "default locale 'zh'", lineOf: "labels: {1: {en: Very poor}"),
    RuleCase(
        "a grade label has the default locale",
        [.replace("label: {zh: 优秀, en: Excellent}", "label: {en: Excellent}")],
        path: "grades[0].label", message: "default locale 'zh'", lineOf: "label: {en: Excellent}"),
    RuleCase(
        "a text in the default locale is not empty", [.replace("{zh: 会议通知是否及时,", "{zh: \"\",")],
        path: "\(question0).text", message: "default locale 'zh'", lineOf: "text: {zh: \"\""),
    RuleCase(
        "a plain text is not blank", [.replace("text: 主要问题", "text: \"   \"")],
        path: "\(problems).text", message: "must not be empty", lineOf: "text: \"   \""),

    // Locales.
    RuleCase(
        "locales are not empty", [.replace("locales: [zh, en]", "locales: []")],
        path: "locales", message: "list at least one locale", lineOf: "locales: []"),
    RuleCase(
        "locales have no duplicates", [.replace("locales: [zh, en]", "locales: [zh, en, zh]")],
        path: "locales[2]", message: "duplicate locale 'zh'", lineOf: "locales: [zh, en, zh]"),
    RuleCase(
        "a locale looks like a language code", [.replace("locales: [zh, en]", "locales: [zh, en, English]")],
        path: "locales[2]", message: "'English' is not a locale code", lineOf: "locales: [zh, en, English]"),
    RuleCase(
        "a locale uses a hyphen, not an underscore", [.replace("locales: [zh, en]", "locales: [zh, en, zh_CN]")],
        path: "locales[2]", message: "'zh_CN' is not a locale code", lineOf: "locales: [zh, en, zh_CN]"),

    // Choices.
    RuleCase(
        "a multiple-choice question has at least two options",
        [
            .replace("maxSelections: 2", "maxSelections: 1"),
            .replace("          - {id: off-topic, text: 偏离主题}\n          - {id: other, text: 其他}\n", ""),
        ],
        path: "\(problems).options", message: "needs at least two options", lineOf: "{id: too-long"),
    RuleCase(
        "a single-choice question has at least two options",
        [
            .replace("          - {id: late, text: 会上分发, score: 30}\n", ""),
            .replace("          - {id: unsure, text: 不清楚, notApplicable: true}\n", ""),
            .replace("in: [late]", "in: [early]"),
        ],
        path: "\(materials).options", message: "needs at least two options", lineOf: "{id: early"),
    RuleCase(
        "maxSelections is at most the number of options", [.replace("maxSelections: 2", "maxSelections: 4")],
        path: "\(problems).maxSelections", message: "must be between 1 and the number of options (3)",
        lineOf: "maxSelections: 4"),
    RuleCase(
        "maxSelections is at least 1", [.replace("maxSelections: 2", "maxSelections: 0")],
        path: "\(problems).maxSelections", message: "must be between 1 and the number of options",
        lineOf: "maxSelections: 0"),
    RuleCase(
        "maxSelections is a whole number", [.replace("maxSelections: 2", "maxSelections: 1.5")],
        path: "\(problems).maxSelections", message: "must be a whole number", lineOf: "maxSelections: 1.5"),
    RuleCase(
        "maxSelections is only for multiple choice",
        [.replace("        type: single\n", "        type: single\n        maxSelections: 3\n")],
        path: "\(materials).maxSelections", message: "only multiple-choice questions take maxSelections",
        lineOf: "maxSelections: 3"),

    // Text.
    RuleCase(
        "maxLength is at least 1", [.replace("maxLength: 500", "maxLength: 0")],
        path: "\(comment).maxLength", message: "must be between 1 and 10000", lineOf: "maxLength: 0"),
    RuleCase(
        "maxLength is at most 10000", [.replace("maxLength: 500", "maxLength: 10001")],
        path: "\(comment).maxLength", message: "must be between 1 and 10000", lineOf: "maxLength: 10001"),
    RuleCase(
        "maxLength is a whole number", [.replace("maxLength: 500", "maxLength: long")],
        path: "\(comment).maxLength", message: "must be a whole number, found a string", lineOf: "maxLength: long"),
    RuleCase(
        "maxLength is only for text questions",
        [.replace("        weight: 2\n", "        weight: 2\n        maxLength: 100\n")],
        path: "\(tasks).maxLength", message: "only text questions take maxLength", lineOf: "maxLength: 100"),

    // Options and flags on the wrong type.
    RuleCase(
        "allowNotApplicable is only for rating questions",
        [.replace("        type: single\n", "        type: single\n        allowNotApplicable: false\n")],
        path: "\(materials).allowNotApplicable", message: "only rating questions take allowNotApplicable",
        lineOf: "allowNotApplicable: false"),
    RuleCase(
        "allowNotApplicable is not for text questions",
        [.replace("        maxLength: 500\n", "        maxLength: 500\n        allowNotApplicable: false\n")],
        path: "\(comment).allowNotApplicable", message: "only rating questions take allowNotApplicable",
        lineOf: "allowNotApplicable: false"),
    RuleCase(
        "a rating question has no options",
        [
            .replace(
                "        scale: {min: 1, max: 5}\n",
                "        scale: {min: 1, max: 5}\n        options: [{id: a, text: A}, {id: b, text: B}]\n")
        ],
        path: "\(tasks).options", message: "rating questions have no options", lineOf: "options: [{id: a"),
    RuleCase(
        "a text question has no options",
        [
            .replace(
                "        maxLength: 500\n",
                "        maxLength: 500\n        options: [{id: a, text: A}, {id: b, text: B}]\n")
        ],
        path: "\(comment).options", message: "text questions have no options", lineOf: "options: [{id: a"),
    RuleCase(
        "only rating questions have a scale",
        [.replace("        type: single\n", "        type: single\n        scale: {min: 1, max: 3}\n")],
        path: "\(materials).scale", message: "only rating questions have a scale", lineOf: "scale: {min: 1, max: 3}"),

    // Structure.
    RuleCase(
        "a questionnaire has at least one dimension", [.replaceToEnd("dimensions:\n", "dimensions: []\n")],
        path: "dimensions", message: "at least one dimension", lineOf: "dimensions: []"),
    RuleCase(
        "a dimension has at least one question",
        [.replaceToEnd("  - id: remarks", "  - id: remarks\n    title: 意见建议\n    questions: []\n")],
        path: "dimensions[2].questions", message: "a dimension needs at least one question", lineOf: "questions: []"),

    // Wrong types.
    RuleCase(
        "required is true or false", [.replace("required: false", "required: maybe")],
        path: "\(comment).required", message: "must be true or false, found a string", lineOf: "required: maybe"),
    RuleCase(
        "options is a list", [.replace(problemsOptions, "        options: 3\n")],
        path: "\(problems).options", message: "must be a list, found a number", lineOf: "options: 3"),
    RuleCase(
        "locales is a list", [.replace("locales: [zh, en]", "locales: zh")],
        path: "locales", message: "must be a list, found a string", lineOf: "locales: zh"),
    RuleCase(
        "dimensions is a list", [.replaceToEnd("dimensions:\n", "dimensions: {id: x}\n")],
        path: "dimensions", message: "must be a list, found an object", lineOf: "dimensions: {id: x}"),
    RuleCase(
        "a dimension is an object", [.replaceToEnd("dimensions:\n", "dimensions:\n  - preparation\n")],
        path: "dimensions[0]", message: "must be an object, found a string", lineOf: "  - preparation"),
    RuleCase(
        "a title is a text or a map", [.replace("title: 意见建议", "title: [意见, 建议]")],
        path: "dimensions[2].title", message: "must be a text or a map from locale to text, found a list",
        lineOf: "title: [意见, 建议]"),
    RuleCase(
        "a scale is an object", [.replace("scale: {min: 1, max: 5}", "scale: 5")],
        path: "\(tasks).scale", message: "must be an object, found a number", lineOf: "scale: 5"),
    RuleCase(
        "showIf is an object", [.replace("showIf: {question: materials, in: [late]}", "showIf: materials")],
        path: "\(comment).showIf", message: "must be an object, found a string", lineOf: "showIf: materials"),
    RuleCase(
        "an option is either 'other' or not applicable",
        [.replace("{id: unsure, text: 不清楚, notApplicable: true}", "{id: unsure, text: 不清楚, notApplicable: true, other: true}")],
        path: "\(materials).options[2].other", message: "either 'other' or not applicable", lineOf: "{id: unsure"),
    RuleCase(
        "a question has at most one 'other' option",
        [
            .replace("{id: too-long, text: 时间过长}", "{id: too-long, text: 时间过长, other: true}"),
            .replace("{id: other, text: 其他}", "{id: other, text: 其他, other: true}"),
        ],
        path: "\(problems).options[2].other", message: "at most one 'other' option", lineOf: "{id: other, text: 其他, other"),
    RuleCase(
        "other is true or false", [.replace("{id: other, text: 其他}", "{id: other, text: 其他, other: maybe}")],
        path: "\(problems).options[2].other", message: "must be true or false", lineOf: "other: maybe"),
    RuleCase(
        "notApplicable is true or false", [.replace("notApplicable: true", "notApplicable: sometimes")],
        path: "\(materials).options[2].notApplicable", message: "must be true or false",
        lineOf: "notApplicable: sometimes"),
    RuleCase(
        "allowNotApplicable is true or false", [.replace("allowNotApplicable: true", "allowNotApplicable: often")],
        path: "\(question0).allowNotApplicable", message: "must be true or false", lineOf: "allowNotApplicable: often"),
    RuleCase(
        "a grade min is a number", [.replace("{min: 60,", "{min: sixty,")],
        path: "grades[1].min", message: "must be a number, found a string", lineOf: "{min: sixty,"),
    RuleCase(
        "a localized text maps locales to texts", [.replace("title: {zh: 会议成效, en: Results}", "title: {zh: [会议, 成效]}")],
        path: "dimensions[1].title.zh", message: "must be a string, found a list", lineOf: "title: {zh: [会议, 成效]}"),
]

/// Variants at the edges of the rules that must stay valid.
let validVariants: [ValidVariant] = [
    ValidVariant("the base definition itself", []),
    ValidVariant("an 11-point scale", [.replace("scale: {min: 1, max: 5}", "scale: {min: 0, max: 10}")]),
    ValidVariant("a scale from a negative point", [.replace("scale: {min: 1, max: 5}", "scale: {min: -2, max: 2}")]),
    ValidVariant("scores 0 and 100", [.replace("score: 30", "score: 0")]),
    ValidVariant("a fractional score", [.replace("score: 30", "score: 33.5")]),
    ValidVariant("a fractional weight", [.replace("weight: 2", "weight: 0.5")]),
    ValidVariant("maxSelections equal to the number of options", [.replace("maxSelections: 2", "maxSelections: 3")]),
    ValidVariant("maxSelections 1", [.replace("maxSelections: 2", "maxSelections: 1")]),
    ValidVariant("an 'other' option on a multiple choice", [.replace("{id: other, text: 其他}", "{id: other, text: 其他, other: true}")]),
    ValidVariant(
        "an 'other' option on a scored single choice",
        [.replace("{id: late, text: 会上分发, score: 30}", "{id: late, text: 会上分发, score: 30, other: true}")]),
    ValidVariant("maxLength 1", [.replace("maxLength: 500", "maxLength: 1")]),
    ValidVariant("maxLength 10000", [.replace("maxLength: 500", "maxLength: 10000")]),
    ValidVariant("a locale with a script", [.replace("locales: [zh, en]", "locales: [zh, en, zh-Hant]")]),
    ValidVariant("showIf listing a not-applicable option", [.replace("in: [late]", "in: [late, unsure]")]),
    ValidVariant(
        "showIf on a multiple-choice question",
        [
            .append(
                "      - id: more\n        type: text\n        text: 其他意见\n        showIf: {question: problems, in: [other]}\n"
            )
        ]),
    ValidVariant("grades left out", [.replace(gradesBlock, "")]),
    ValidVariant(
        "one grade band from 0",
        [.replace("  - {min: 90, label: {zh: 优秀, en: Excellent}}\n  - {min: 60, label: {zh: 合格, en: Fair}}\n", "")]),
    ValidVariant("fractional grade bounds", [.replace("{min: 60,", "{min: 59.5,")]),
    ValidVariant("required written yes", [.replace("required: false", "required: yes")]),
    ValidVariant(
        "a text that is only in the default locale", [.replace("title: {zh: 会议成效, en: Results}", "title: {zh: 会议成效}")]),
    ValidVariant(
        "an unscored single choice in an unweighted dimension",
        [.replace("type: multiple", "type: single"), .replace("        maxSelections: 2\n", "")]),
    ValidVariant("meetingType left out", [.replace("meetingType: conference\n", "")]),
]

@Suite("Questionnaire validation rules")
struct QuestionnaireValidatorTests {
    @Test("each rule rejects its broken definition", arguments: ruleCases)
    func ruleRejects(_ rule: RuleCase) throws {
        let text = rule.edits.apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.questionnaire == nil)
        #expect(result.errors.count == 1, "expected one error, got:\n\(result.errors.summary)")
        let match = result.errors.first { $0.path == rule.path && $0.message.contains(rule.message) }
        let issue = try #require(
            match, "no error at \(rule.path) containing '\(rule.message)'; got:\n\(result.errors.summary)")
        #expect(issue.line == TestDocuments.line(of: rule.lineOf, in: text), "\(issue)")
        #expect(issue.severity == .error)
    }

    @Test("definitions at the edges of the rules stay valid", arguments: validVariants)
    func variantIsValid(_ variant: ValidVariant) throws {
        let text = variant.edits.apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        #expect(result.questionnaire != nil)
    }

    @Test("the base definition reads as written")
    func baseDefinitionReads() throws {
        let result = TestDocuments.readYAML(try TestDocuments.baseDefinition())
        #expect(result.issues.isEmpty, "\(result.issues.summary)")
        let questionnaire = try #require(result.questionnaire)
        #expect(questionnaire.id == "sample")
        #expect(questionnaire.version == 1)
        #expect(questionnaire.meetingType == .conference)
        #expect(questionnaire.locales == ["zh", "en"])
        #expect(questionnaire.dimensions.map(\.id) == ["preparation", "results", "remarks"])
        #expect(questionnaire.dimensions.map(\.weight) == [40, 60, nil])
        #expect(questionnaire.questions.map(\.id) == ["notice", "materials", "tasks", "problems", "comment"])
        #expect(questionnaire.questions.map(\.type) == [.rating, .single, .rating, .multiple, .text])
        #expect(questionnaire.questions.map(\.required) == [true, true, true, false, false])
        #expect(questionnaire.questions.map(\.isScored) == [true, true, true, false, false])
        #expect(questionnaire.grades.map(\.min) == [90, 60, 0])
        let notice = try #require(questionnaire.question("notice"))
        #expect(
            notice.kind
                == .rating(
                    RatingScale(min: 1, max: 5, labels: [1: .plain("很差"), 5: .plain("很好")]),
                    allowNotApplicable: true))
        #expect(notice.text == .localized(["zh": "会议通知是否及时", "en": "Was the notice timely"]))
        #expect(questionnaire.question("tasks")?.weight == 2)
        #expect(questionnaire.question("comment")?.showIf == ShowIf(question: "materials", options: ["late"]))
        #expect(questionnaire.question("comment")?.kind == .text(maxLength: 500))
        #expect(
            questionnaire.question("problems")?.kind
                == .multiple(
                    [
                        Option(id: "too-long", text: .plain("时间过长")), Option(id: "off-topic", text: .plain("偏离主题")),
                        Option(id: "other", text: .plain("其他")),
                    ], maxSelections: 2))
        #expect(
            questionnaire.question("materials")?.options == [
                Option(id: "early", text: .plain("提前送达"), score: 100),
                Option(id: "late", text: .plain("会上分发"), score: 30),
                Option(id: "unsure", text: .plain("不清楚"), notApplicable: true),
            ])
    }

    @Test("defaults apply when fields are left out")
    func defaults() throws {
        let text = [
            Edit.replace("  - {min: 90, label: {zh: 优秀, en: Excellent}}\n", ""),
            .replace("  - {min: 60, label: {zh: 合格, en: Fair}}\n", ""),
            .replace("  - {min: 0, label: {zh: 较差, en: Poor}}\n", ""),
            .replace("grades:\n", ""),
            .replace("meetingType: conference\n", ""),
            .replace("        maxLength: 500\n", ""),
            .replace("        required: false\n", ""),
            .replace("        weight: 2\n", ""),
            .replace("        maxSelections: 2\n", ""),
            .replace("        allowNotApplicable: true\n", ""),
        ].apply(to: try TestDocuments.baseDefinition())
        let questionnaire = try #require(TestDocuments.readYAML(text).questionnaire)
        #expect(questionnaire.grades == GradeBand.defaults)
        #expect(questionnaire.meetingType == .other)
        #expect(questionnaire.question("comment")?.kind == .text(maxLength: QuestionnaireReader.defaultTextMaxLength))
        #expect(questionnaire.question("comment")?.required == false)
        #expect(questionnaire.question("problems")?.required == false)
        #expect(questionnaire.question("tasks")?.weight == 1)
        #expect(questionnaire.question("tasks")?.required == true)
        guard case .multiple(_, let maxSelections) = questionnaire.question("problems")?.kind else {
            Issue.record("problems is not a multiple-choice question")
            return
        }
        #expect(maxSelections == nil)
        guard case .rating(_, let allowNotApplicable) = questionnaire.question("notice")?.kind else {
            Issue.record("notice is not a rating question")
            return
        }
        #expect(allowNotApplicable == false)
    }

    @Test("several problems are reported at once, validator rules")
    func severalValidatorProblems() throws {
        let text = [
            Edit.replace("{id: unsure,", "{id: early,"),
            .replace("maxSelections: 2", "maxSelections: 4"),
            .replace("in: [late]", "in: [late, gone]"),
            .replace("labels: {1: 很差, 5: 很好}", "labels: {1: 很差, 9: 很好}"),
            .replace("{min: 60,", "{min: 95,"),
            .replace("title: {zh: 会议成效, en: Results}", "title: {en: Results}"),
        ].apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.questionnaire == nil)
        let expected: [(path: String, line: String)] = [
            ("grades[1].min", "{min: 95,"),
            ("\(question0).scale.labels.9", "labels: {1: 很差, 9: 很好}"),
            ("\(materials).options[2].id", "{id: early, text: 不清楚"),
            ("dimensions[1].title", "title: {en: Results}"),
            ("\(problems).maxSelections", "maxSelections: 4"),
            ("\(comment).showIf.in[1]", "in: [late, gone]"),
        ]
        #expect(result.errors.count == expected.count, "\(result.errors.summary)")
        for (path, marker) in expected {
            let issue = result.errors.first { $0.path == path }
            #expect(issue != nil, "no error at \(path):\n\(result.errors.summary)")
            #expect(issue?.line == TestDocuments.line(of: marker, in: text), "\(path)")
        }
    }

    @Test("several problems are reported at once, shapes and types")
    func severalReaderProblems() throws {
        let text = [
            Edit.replace("        text: 任务和时限是否明确\n", ""),
            .replace("weight: 40", "weight: heavy"),
            .replace("type: multiple", "type: checkbox"),
            .replace("required: false", "required: maybe"),
            .replace("{id: late, text: 会上分发, score: 30}", "{id: late, score: 30}"),
            .replace("meetingType: conference", "meetingType: webinar"),
            .replace("version: 1", "version: 0"),
        ].apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.questionnaire == nil)
        let paths = Set(result.errors.map(\.path))
        #expect(
            paths == [
                "version", "meetingType", "dimensions[0].weight", "\(materials).options[1].text", "\(tasks).text",
                "\(problems).type", "\(comment).required",
            ], "\(result.errors.summary)")
        #expect(result.errors.count == 7)
    }

    @Test("unknown keys are warnings, and the definition stays valid")
    func unknownKeysWarn() throws {
        let text = [
            Edit.replace("version: 1\n", "version: 1\nauthor: 办公厅\n"),
            .replace("    weight: 40\n", "    weight: 40\n    wieght: 3\n"),
            .replace("        allowNotApplicable: true\n", "        allowNotApplicable: true\n        allowNA: true\n"),
            .replace("{id: early, text: 提前送达, score: 100}", "{id: early, text: 提前送达, score: 100, color: green}"),
            .replace("scale: {min: 1, max: 5}", "scale: {min: 1, max: 5, step: 1}"),
            .replace("{question: materials, in: [late]}", "{question: materials, in: [late], not: false}"),
            .replace("{min: 0, label: {zh: 较差, en: Poor}}", "{min: 0, label: {zh: 较差, en: Poor}, colour: red}"),
        ].apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        #expect(result.questionnaire != nil)
        let expected: [(path: String, key: String, line: String)] = [
            ("author", "author", "author: 办公厅"),
            ("grades[2].colour", "colour", "colour: red"),
            ("dimensions[0].wieght", "wieght", "wieght: 3"),
            ("\(question0).allowNA", "allowNA", "allowNA: true"),
            ("\(materials).options[0].color", "color", "color: green"),
            ("\(tasks).scale.step", "step", "step: 1"),
            ("\(comment).showIf.not", "not", "not: false"),
        ]
        #expect(result.warnings.count == expected.count, "\(result.warnings.summary)")
        for (path, key, marker) in expected {
            let warning = result.warnings.first { $0.path == path }
            #expect(warning?.message.contains("unknown field '\(key)'") == true, "\(path)")
            #expect(warning?.line == TestDocuments.line(of: marker, in: text), "\(path)")
            #expect(warning?.severity == .warning)
        }
    }

    @Test("a text in a locale that is not listed is a warning")
    func unlistedLocaleWarns() throws {
        let text = Edit.replace("title: {zh: 会议成效, en: Results}", "title: {zh: 会议成效, en: Results, fr: Résultats}")
            .apply(to: try TestDocuments.baseDefinition())
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.path == "dimensions[1].title.fr")
        #expect(result.warnings.first?.message.contains("'fr' is not listed") == true)
    }

    @Test("a definition without any weighted dimension is valid but warned about")
    func noWeightedDimensionWarns() throws {
        let text = """
            id: feedback
            version: 1
            locales: [zh, en]
            title: 意见征集
            dimensions:
              - id: remarks
                title: 意见建议
                questions:
                  - id: suggestion
                    type: text
                    text: 您的建议
            """
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        #expect(result.questionnaire != nil)
        #expect(result.warnings.count == 1)
        let warning = try #require(result.warnings.first)
        #expect(warning.path == "dimensions")
        #expect(warning.message.contains("no dimension has a weight"))
        #expect(warning.line == TestDocuments.line(of: "  - id: remarks", in: text))
    }

    @Test("a definition in one locale that leaves grades out gets no warnings about the default grade labels")
    func defaultGradesInOneLocale() {
        let text = """
            id: single-locale
            version: 1
            locales: [zh]
            title: 单语问卷
            dimensions:
              - id: quality
                title: 会议质量
                weight: 1
                questions:
                  - id: overall
                    type: rating
                    text: 总体评价
                    scale: {min: 1, max: 5}
            """
        let result = TestDocuments.readYAML(text)
        #expect(result.errors.isEmpty, "\(result.errors.summary)")
        // The default bands, labelled only in the file's locale.
        #expect(result.questionnaire?.grades.map(\.min) == [90, 80, 60, 0])
        #expect(result.questionnaire?.grades.map(\.label) == ["优秀", "良好", "合格", "较差"].map { .localized(["zh": $0]) })
        #expect(result.warnings.isEmpty, "\(result.warnings.summary)")
    }

    @Test("a scale as wide as the integers is an error, not a crash")
    func hugeScale() async {
        await #expect(processExitsWith: .success) {
            let text = """
                id: wide
                version: 1
                locales: [zh]
                title: 标题
                dimensions:
                  - id: quality
                    title: 质量
                    weight: 1
                    questions:
                      - id: overall
                        type: rating
                        text: 总体评价
                        scale: {min: -4611686018427387904, max: 4611686018427387904}
                """
            let result = QuestionnaireSource.read(Data(text.utf8), format: .yaml)
            let reported = result.errors.contains { $0.path == "dimensions[0].questions[0].scale" }
            exit(result.questionnaire == nil && reported ? 0 : 2)
        }
    }

    @Test("the validator also runs on questionnaires built in code")
    func validatorOnModel() {
        let questionnaire = Questionnaire(
            id: "built", version: 1, meetingType: .other, locales: ["zh"], title: .plain("标题"),
            grades: [GradeBand(min: 50, label: .plain("及格"))],
            dimensions: [
                Dimension(
                    id: "d", title: .plain("维度"), weight: 1,
                    questions: [
                        Question(
                            id: "q", text: .plain("问题"),
                            kind: .rating(RatingScale(min: 1, max: 20), allowNotApplicable: false))
                    ])
            ])
        let issues = IssueCollector()
        QuestionnaireValidator.validate(questionnaire, issues: issues)
        #expect(issues.errors.map(\.path) == ["grades[0].min", "dimensions[0].questions[0].scale"])
        #expect(issues.errors.allSatisfy { $0.line == nil })
    }

    @Test(
        "identifiers",
        arguments: [
            ("teleconference", true), ("av-quality", true), ("2024", true), ("a", true),
            (String(repeating: "x", count: 64), true), ("", false), ("Notice", false), ("no_tice", false),
            ("notice 1", false), ("通知", false), (String(repeating: "x", count: 65), false), ("é", false),
        ])
    func identifiers(_ id: String, _ valid: Bool) {
        #expect(QuestionnaireValidator.isIdentifier(id) == valid)
    }
}

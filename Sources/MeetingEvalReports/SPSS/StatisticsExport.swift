import Foundation
import MeetingEvalCore

/// The answers for SPSS, PSPP and R: a wide CSV with one row per response and one numeric
/// variable per rating or choice, and an SPSS syntax file that reads it with variable labels,
/// value labels and missing values. The variables, their codes and labels are decided here
/// (the README's "Excel, SPSS, PSPP and R" tells users the same rules).
///
/// - `response_id` (string), `included` (1 counted in the scores, 0 left out), `venue` and
///   `rater_group` (the 1-based position in the evaluation's list, with value labels),
///   `received_at` (the stored ISO 8601 UTC text) and `duration_s` (seconds from start to
///   receipt).
/// - One variable per question, `q_` + its id with every character other than ASCII letters,
///   digits and `_` replaced by `_`: a rating is the value answered, "not applicable" is -1
///   (declared missing), unanswered or hidden is empty (system-missing); a single choice is
///   the option's 1-based position with value labels; a multiple choice is one 0/1 variable
///   per option, `q_<id>_<option>` (empty when the question was not answered); a text answer
///   is a string; the text given with an `other` option is `q_<id>_other_text`.
/// - Names are unique without regard to case and at most 64 bytes: a name already taken, or
///   cut to 64 bytes, gets `_2`, `_3`, … (the earlier variable, in the order above, keeps
///   the plain name).
/// - Variable labels are the question texts (for an option variable, the question text and
///   the option text), at most 255 bytes; value labels at most 120 bytes (SPSS's limits).
/// - Text is written on one line (line breaks become spaces), and a text that a spreadsheet
///   would run as a formula gets a leading apostrophe, as in every CSV of the server.
public struct StatisticsExport: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A number; `decimals` for its print format.
        case numeric(decimals: Int)
        /// A string of at most `width` bytes of UTF-8.
        case string(width: Int)
    }

    public enum Level: String, Sendable {
        case nominal = "NOMINAL"
        case ordinal = "ORDINAL"
        case scale = "SCALE"
    }

    public struct Variable: Sendable {
        public var name: String
        public var label: String
        public var kind: Kind
        public var level: Level
        public var valueLabels: [(code: Int, label: String)]
        public var missing: [Int]
    }

    /// Where a variable's value comes from.
    enum Source: Sendable {
        case responseId, included, venue, raterGroup, receivedAt, duration
        case rating(question: Int)
        case single(question: Int)
        case chosen(question: Int, option: Int)
        case text(question: Int)
        case otherText(question: Int)
    }

    public let variables: [Variable]
    let sources: [Source]
    let assessor: ResponseAssessor
    private let venueCodes: [String: Int]
    private let groupCodes: [String: Int]

    /// Not applicable on a rating.
    public static let notApplicableCode = -1

    public init(assessor: ResponseAssessor) {
        self.assessor = assessor
        let plan = assessor.plan
        let questionnaire = plan.questionnaire
        let locale = plan.locale
        func text(_ localized: LocalizedText) -> String {
            localized.resolved(locale, defaultLocale: questionnaire.defaultLocale)
        }
        let english = !(locale == "zh" || locale.hasPrefix("zh-"))
        var names = VariableNames()
        var variables: [Variable] = []
        var sources: [Source] = []
        func add(
            _ base: String, _ label: String, _ kind: Kind, _ level: Level, _ source: Source,
            values: [(code: Int, label: String)] = [], missing: [Int] = []
        ) {
            variables.append(
                Variable(
                    name: names.claim(base), label: Self.truncated(label, bytes: 255), kind: kind, level: level,
                    valueLabels: values.map { ($0.code, Self.truncated($0.label, bytes: 120)) }, missing: missing))
            sources.append(source)
        }
        let evaluation = plan.evaluation
        add("response_id", english ? "Response id" : "答卷编号", .string(width: 36), .nominal, .responseId)
        add(
            "included", english ? "Counted in the scores" : "是否计入得分", .numeric(decimals: 0), .nominal, .included,
            values: english ? [(1, "included"), (0, "excluded")] : [(1, "计入"), (0, "剔除")])
        add(
            "venue", english ? "Venue" : "会场", .numeric(decimals: 0), .nominal, .venue,
            values: evaluation.venues.enumerated().map { ($0.offset + 1, text($0.element.name)) })
        add(
            "rater_group", english ? "Rater group" : "评价主体", .numeric(decimals: 0), .nominal, .raterGroup,
            values: evaluation.raterGroups.enumerated().map { ($0.offset + 1, text($0.element.name)) })
        add("received_at", english ? "Received at (UTC)" : "提交时间（UTC）", .string(width: 32), .nominal, .receivedAt)
        add(
            "duration_s", english ? "Seconds from start to receipt" : "作答用时（秒）", .numeric(decimals: 3), .scale,
            .duration)
        for (index, question) in questionnaire.questions.enumerated() {
            let base = Self.sanitized("q_" + question.id)
            let label = text(question.text)
            switch question.kind {
            case .rating(let scale, let allowNotApplicable):
                var values: [(code: Int, label: String)] = (scale.min...scale.max).compactMap { point in
                    scale.labels[point].map { (code: point, label: text($0)) }
                }
                if allowNotApplicable { values.append((Self.notApplicableCode, english ? "not applicable" : "不适用")) }
                add(
                    base, label, .numeric(decimals: 0), .ordinal, .rating(question: index), values: values,
                    missing: allowNotApplicable ? [Self.notApplicableCode] : [])
            case .single(let options):
                add(
                    base, label, .numeric(decimals: 0), .nominal, .single(question: index),
                    values: options.enumerated().map { ($0.offset + 1, text($0.element.text)) })
            case .multiple(let options, _):
                for (position, option) in options.enumerated() {
                    add(
                        Self.sanitized(base + "_" + option.id), label + " — " + text(option.text),
                        .numeric(decimals: 0), .nominal, .chosen(question: index, option: position),
                        values: english ? [(1, "chosen"), (0, "not chosen")] : [(1, "选中"), (0, "未选")])
                }
            case .text(let maxLength):
                add(base, label, .string(width: Self.stringWidth(characters: maxLength)), .nominal, .text(question: index))
            }
            if question.options.contains(where: \.other) {
                add(
                    base + "_other_text", label + (english ? " — other, please say" : " — 其他（请说明）"),
                    .string(width: Self.stringWidth(characters: Option.otherMaxLength)), .nominal,
                    .otherText(question: index))
            }
        }
        self.variables = variables
        self.sources = sources
        venueCodes = Dictionary(
            evaluation.venues.enumerated().map { ($0.element.id, $0.offset + 1) }, uniquingKeysWith: { first, _ in first })
        groupCodes = Dictionary(
            evaluation.raterGroups.enumerated().map { ($0.element.id, $0.offset + 1) },
            uniquingKeysWith: { first, _ in first })
    }

    // MARK: The CSV

    /// The header row: the variable names.
    public func header() -> String {
        variables.map(\.name).joined(separator: ",") + "\n"
    }

    /// One line per response (LF-terminated: PSPP and SPSS read a case per line).
    public func rows(_ responses: [RecordedResponse]) -> String {
        var output = ""
        var assessment = assessor.makeAssessment()
        for response in responses {
            assessor.assess(response, into: &assessment)
            output += sources.map { value($0, response, assessment) }.joined(separator: ",") + "\n"
        }
        return output
    }

    private func value(_ source: Source, _ response: RecordedResponse, _ assessment: ResponseAssessor.Assessment)
        -> String
    {
        switch source {
        case .responseId: return response.id
        case .included: return assessment.isIncluded ? "1" : "0"
        case .venue: return response.venue.flatMap { venueCodes[$0] }.map(String.init) ?? ""
        case .raterGroup: return response.raterGroup.flatMap { groupCodes[$0] }.map(String.init) ?? ""
        case .receivedAt: return Self.textCell(response.receivedAt)
        case .duration: return CSVFormat.number(assessment.seconds)
        case .rating(let question):
            switch assessment.cells[question] {
            case .rating(let value): return String(value)
            case .notApplicable: return String(Self.notApplicableCode)
            default: return ""
            }
        case .single(let question):
            if case .option(let index) = assessment.cells[question] { return String(index + 1) }
            return ""
        case .chosen(let question, let option):
            if case .options(let indices) = assessment.cells[question] { return indices.contains(option) ? "1" : "0" }
            return ""
        case .text(let question):
            if case .text(let text) = assessment.cells[question] { return Self.textCell(text) }
            return ""
        case .otherText(let question):
            return Self.textCell(assessment.otherTexts.first { $0.question == question }?.text ?? "")
        }
    }

    /// A string on one line, quoted as CSV and neutralized as a formula (`CSVFormat.cell`).
    static func textCell(_ text: String) -> String {
        var line = ""
        line.unicodeScalars.append(
            contentsOf: text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 })
        return CSVFormat.cell(line)
    }

    // MARK: The syntax

    /// SPSS syntax (PSPP reads it too) that reads `dataFile`, a name in the folder it is run
    /// from, and labels every variable.
    public func syntax(dataFile: String, title: String) -> String {
        var lines: [String] = []
        lines.append("* Encoding: UTF-8.")
        lines.append("* " + Self.oneLine(title) + " - answers for SPSS and PSPP.")
        lines.append("* Run it from the folder that holds \(dataFile) (pspp <this file>),")
        lines.append("* or in SPSS with INSERT FILE='<folder>/<this file>' CD=YES.")
        lines.append("GET DATA")
        lines.append("  /TYPE=TXT")
        lines.append("  /FILE=\(Self.quoted(dataFile))")
        lines.append("  /ENCODING='UTF8'")
        lines.append("  /ARRANGEMENT=DELIMITED")
        lines.append("  /DELCASE=LINE")
        lines.append("  /FIRSTCASE=2")
        lines.append("  /DELIMITERS=\",\"")
        lines.append("  /QUALIFIER='\"'")
        lines.append("  /VARIABLES=")
        for variable in variables {
            lines.append("    \(variable.name) \(Self.format(variable.kind))")
        }
        lines[lines.count - 1] += "."
        lines.append("VARIABLE LABELS")
        for (index, variable) in variables.enumerated() {
            lines.append("  \(index == 0 ? "" : "/")\(variable.name) " + Self.quoted(variable.label))
        }
        lines[lines.count - 1] += "."
        let labelled = variables.filter { !$0.valueLabels.isEmpty }
        if !labelled.isEmpty {
            lines.append("VALUE LABELS")
            for variable in labelled {
                lines.append("  /\(variable.name)")
                for value in variable.valueLabels {
                    lines.append("    \(value.code) " + Self.quoted(value.label))
                }
            }
            lines[lines.count - 1] += "."
        }
        for code in Set(variables.flatMap(\.missing)).sorted() {
            let names = variables.filter { $0.missing.contains(code) }.map(\.name)
            lines.append("MISSING VALUES")
            lines += names.map { "  " + $0 }
            lines.append("  (\(code)).")
        }
        for level in [Level.nominal, .ordinal, .scale] {
            let names = variables.filter { $0.level == level && !$0.isString }.map(\.name)
            guard !names.isEmpty else { continue }
            lines.append("VARIABLE LEVEL")
            lines += names.map { "  " + $0 }
            lines.append("  (\(level.rawValue)).")
        }
        lines.append("EXECUTE.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ kind: Kind) -> String {
        switch kind {
        case .numeric(let decimals): return decimals == 0 ? "F8.0" : "F12.\(decimals)"
        case .string(let width): return "A\(width)"
        }
    }

    /// A string literal for the syntax: in single quotes (doubled inside), on one line, cut
    /// into pieces of at most 80 bytes joined with `+` so that no line grows long.
    static func quoted(_ text: String) -> String {
        var pieces: [String] = []
        var current = ""
        for character in oneLine(text) {
            if current.utf8.count + character.utf8.count > 80 {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: " +\n      ")
    }

    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 }))
    }

    /// `text` cut to at most `bytes` bytes of UTF-8, at a character boundary.
    static func truncated(_ text: String, bytes: Int) -> String {
        let line = oneLine(text)
        guard line.utf8.count > bytes else { return line }
        var result = ""
        for character in line {
            if result.utf8.count + character.utf8.count > bytes { break }
            result.append(character)
        }
        return result
    }

    /// Bytes of UTF-8 for `characters` characters (up to 4 each), within SPSS's 32767.
    static func stringWidth(characters: Int) -> Int {
        min(32767, max(1, characters * 4))
    }

    /// Every character other than an ASCII letter, digit or `_` becomes `_`.
    public static func sanitized(_ name: String) -> String {
        String(
            String.UnicodeScalarView(
                name.unicodeScalars.map { scalar in
                    scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_") ? scalar : "_"
                }))
    }
}

extension StatisticsExport.Variable {
    var isString: Bool {
        if case .string = kind { return true }
        return false
    }
}

/// Hands out variable names: unique without regard to case, at most 64 bytes, starting with
/// a letter (every base given here does). A taken or cut name gets the first free `_2`, `_3`, ….
struct VariableNames {
    static let maxBytes = 64
    private var taken: Set<String> = []

    mutating func claim(_ base: String) -> String {
        var name = String(base.prefix(Self.maxBytes))
        if name.count < base.count || taken.contains(name.uppercased()) {
            var number = 2
            repeat {
                let suffix = "_\(number)"
                name = String(base.prefix(Self.maxBytes - suffix.count)) + suffix
                number += 1
            } while taken.contains(name.uppercased())
        }
        taken.insert(name.uppercased())
        return name
    }
}

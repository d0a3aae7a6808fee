import Foundation
import Logging
import MeetingEvalCore
import QuestionnaireYAML

/// Loads the questionnaire files of a folder into the store at start.
///
/// Every file must validate, or the server refuses to start (a broken shipped questionnaire is
/// an operator's mistake to fix, not something to skip quietly). A file whose content matches
/// a stored version adds nothing; a changed file becomes a new version.
public struct SurveyCatalogLoader<Store: EvaluationStore> {
    public let store: Store
    public let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    /// Files with `.yaml`, `.yml` or `.json` extensions, sorted by name.
    public static func files(in directory: String) throws -> [URL] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { ["yaml", "yml", "json"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @discardableResult
    public func load(directory: String) async throws -> [SavedQuestionnaire] {
        let files = try Self.files(in: directory)
        var problems: [String] = []
        var questionnaires: [(URL, Questionnaire)] = []
        for file in files {
            let result = QuestionnaireSource.read(fileAt: file)
            let name = file.path
            for warning in result.warnings { logger.warning("\(warning.formatted(file: name))") }
            if let questionnaire = result.questionnaire {
                questionnaires.append((file, questionnaire))
            } else {
                problems += result.errors.map { $0.formatted(file: name) }
            }
        }
        guard problems.isEmpty else { throw LoadError(lines: problems) }
        var saved: [SavedQuestionnaire] = []
        for (file, questionnaire) in questionnaires {
            let result = try await store.save(questionnaire, source: "file:\(file.lastPathComponent)", actor: "system")
            if result.created, result.version != result.requestedVersion {
                logger.notice(
                    "\(file.lastPathComponent) changed since version \(result.version - 1) was stored; stored as version \(result.version). Set 'version: \(result.version)' in the file to keep them in step."
                )
            } else if result.created {
                logger.info(
                    "stored questionnaire \(result.id) version \(result.version) from \(file.lastPathComponent)")
            }
            saved.append(result)
        }
        return saved
    }
}

import Foundation
import MeetingEvalCore
import QuestionnaireYAML

/// Reads the meeting standards of a folder (`Surveys/standards`) at start. Every file must
/// validate, or the server refuses to start, as with questionnaires; a missing folder holds none.
public enum StandardCatalogLoader {
    public struct LoadError: Error, CustomStringConvertible {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    /// Reads one standard file: the standard, or every problem with its line.
    public static func read(fileAt url: URL) -> MeetingStandard.Result {
        guard let data = try? Data(contentsOf: url) else {
            return MeetingStandard.Result(
                standard: nil, issues: [ValidationIssue(path: "", message: "cannot read the file")])
        }
        switch QuestionnaireSource.parse(data, format: .guess(fileName: url.lastPathComponent)) {
        case .failure(let list): return MeetingStandard.Result(standard: nil, issues: list.issues)
        case .success(let node): return MeetingStandard.read(node)
        }
    }

    public static func load(directory: String) throws -> StandardCatalog {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            return StandardCatalog()
        }
        var problems: [String] = []
        var standards: [MeetingStandard] = []
        let files = try FileManager.default.contentsOfDirectory(
            at: URL(fileURLWithPath: directory, isDirectory: true), includingPropertiesForKeys: nil
        )
        .filter { ["yaml", "yml", "json"].contains($0.pathExtension.lowercased()) }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var ids: [String: String] = [:]
        for file in files {
            let result = read(fileAt: file)
            problems += result.errors.map { $0.formatted(file: file.path) }
            guard let standard = result.standard else { continue }
            if let other = ids[standard.id] {
                problems.append("\(file.path): the id '\(standard.id)' is also the id of \(other)")
                continue
            }
            ids[standard.id] = file.lastPathComponent
            standards.append(standard)
        }
        guard problems.isEmpty else { throw LoadError(lines: problems) }
        return StandardCatalog(standards)
    }
}

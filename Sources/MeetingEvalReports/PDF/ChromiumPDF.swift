import Foundation

/// Prints the printable report to PDF with headless Chromium, run as a child process: the
/// HTML is written to a private temporary folder, Chromium prints it on A4 (the page's own
/// `@page` rule) and the file is read back. Each run gets a fresh profile folder, removed after.
public struct ChromiumPDF: Sendable {
    public let executable: String
    /// A run that takes longer is stopped and reported as failed.
    public var timeout: TimeInterval = 60

    public init(executable: String) {
        self.executable = executable
    }

    /// The places looked at when no path is given, in order.
    public static let knownLocations = [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
    ]

    /// The Chromium to use: `path` when given (nil if it is not an executable file), else the
    /// first of `knownLocations` that exists, else `chromium` on `PATH`; nil when there is none.
    public static func locate(_ path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ChromiumPDF?
    {
        let files = FileManager.default
        if let path {
            return files.isExecutableFile(atPath: path) ? ChromiumPDF(executable: path) : nil
        }
        if let found = knownLocations.first(where: files.isExecutableFile(atPath:)) {
            return ChromiumPDF(executable: found)
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = "\(folder)/\(name)"
                if files.isExecutableFile(atPath: candidate) { return ChromiumPDF(executable: candidate) }
            }
        }
        return nil
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The PDF of `html` (a complete, self-contained page).
    public func render(html: String) async throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "meeting-eval-pdf-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let output = folder.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--mute-audio", "--hide-scrollbars",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(output.path)", page.absoluteString,
        ]
        let (status, log) = try await run(arguments)
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Data("%PDF".utf8)) else {
            let tail = log.split(separator: "\n").suffix(5).joined(separator: " | ")
            throw Failure(description: "Chromium could not print the report (exit \(status)): \(tail)")
        }
        return data
    }

    /// Runs Chromium and waits for it (at most `timeout`), returning its exit status and output.
    private func run(_ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let collected = OutputCollector()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            collected.append(handle.availableData)
        }
        let timeout = self.timeout
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failure(description: "cannot start \(executable): \(error)"))
                return
            }
            let started = process
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if started.isRunning { started.terminate() }
            }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        collected.append(pipe.fileHandleForReading.readDataToEndOfFile())
        return (status, collected.text)
    }
}

/// Chromium's output, gathered from the pipe's reading thread.
private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.withLock { if data.count < 65_536 { data.append(chunk) } }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

import Foundation
import Logging
import MeetingEvalCore

/// Writes every log record as one JSON object on one line (`serve --log-format json`), for log
/// collectors that parse lines: `time` (UTC, milliseconds), `level`, `message`, `logger`, the
/// request's id as `request_id` when the record belongs to a request, and the record's other
/// metadata as string members. Control characters and line breaks inside a message are
/// escaped, so one record is always one line.
public struct JSONLogHandler: LogHandler {
    /// Where the lines go; one `write` per record, under a lock so that records of concurrent
    /// requests never interleave.
    public final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private let sink: @Sendable ([UInt8]) -> Void

        public init(sink: @escaping @Sendable ([UInt8]) -> Void) { self.sink = sink }

        /// Standard output, unbuffered.
        public static let standardOutput = Output { bytes in FileHandle.standardOutput.write(Data(bytes)) }

        func emit(_ line: [UInt8]) {
            lock.lock()
            defer { lock.unlock() }
            sink(line)
        }
    }

    /// Hummingbird's key for the request id; written as `request_id`.
    static let requestIdKey = "hb.request.id"

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: Output

    public init(label: String, output: Output = .standardOutput) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        output.emit(
            Self.line(
                time: Date(), level: event.level, message: "\(event.message)", label: label,
                metadata: merged))
    }

    /// One record as its JSON line, newline included.
    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata)
        -> [UInt8]
    {
        let escaper = JSONStringEscaper.output
        var line: [UInt8] = []
        line.reserveCapacity(160 + message.utf8.count)
        func member(_ name: String, _ value: String) {
            line.append(line.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            escaper.append(name, to: &line)
            line.append(UInt8(ascii: ":"))
            escaper.append(value, to: &line)
        }
        member("time", time.formatted(Self.timeFormat))
        member("level", level.rawValue)
        member("message", message)
        member("logger", label)
        if let id = metadata[requestIdKey] { member("request_id", "\(id)") }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where key != requestIdKey {
            member(key, "\(value)")
        }
        line.append(contentsOf: Array("}\n".utf8))
        return line
    }

    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
}

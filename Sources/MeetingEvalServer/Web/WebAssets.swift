import Crypto
import Foundation
import MeetingEvalCore
import NIOCore

/// The web folder, read once when the server starts (no build step): every file with its media
/// type and, for text, its gzip form compressed once (at zlib's best level); the asset version,
/// a digest of every file's path and content, so that `/assets/<version>/…` addresses change
/// exactly when a file does and can be cached for a year; and the pages with their asset
/// addresses versioned and a `modulepreload` hint for every module their scripts import,
/// directly or not, so the browser asks for the whole graph at once instead of one level of
/// imports at a time.
///
/// One version for the whole folder, not one per file: the modules import each other by
/// relative address (`../shared/http.js`), which works unchanged under one versioned prefix,
/// and no file has to be rewritten. A change to any file gives every file a new address, so a
/// browser loads them all again once after an update.
public struct WebAssets: Sendable {
    /// One file as it is sent.
    struct File: Sendable {
        var contentType: String
        var identity: ByteBuffer
        /// Present when the type is text and gzip makes it smaller.
        var gzip: ByteBuffer?
        /// A validator for `If-None-Match` (the same for both forms, hence weak).
        var etag: String
        /// Whether the body depends on `Accept-Encoding` (`Vary`).
        var isCompressible: Bool
    }

    /// A top-level page. `file` is the page as it is; a page with a data block
    /// (`<script type="application/json" id="evaluation-data"></script>`) also has the text
    /// before and after the block's content, where the server writes data per request.
    struct Page: Sendable {
        var file: File
        var beforeData: ByteBuffer?
        var afterData: ByteBuffer?
        /// Every asset the page needs: what it links and the modules its scripts import.
        var assetURLs: [String]
    }

    static let assetsPrefix = "/assets/"
    /// The attendee page's service worker, in the web folder and as it is served.
    static let serviceWorkerSource = "js/attendee/service-worker.js"
    /// The line of the service worker that the server fills in.
    static let serviceWorkerManifestLine = #"const MANIFEST = {"version":"","assets":[]};"#
    static let dataBlockStart = #"<script type="application/json" id="evaluation-data">"#
    /// Pages whose modules are joined into one file at start (`ModuleBundler`), and that file's
    /// path: the attendee page, which phones open on slow networks.
    static let bundles = ["attendee.html": "js/attendee.js"]

    /// 16 hexadecimal digits of the digest of every file's path and content.
    public let version: String
    /// Files by their path in the folder (`js/attendee/main.js`).
    let files: [String: File]
    /// Top-level pages by file name (`attendee.html`).
    let pages: [String: Page]
    /// `/e/service-worker.js`: the worker with the attendee page's version and assets filled in.
    let serviceWorker: File?
    /// What could not be read or prepared (the server logs it at start).
    public let problems: [String]

    /// How many files were read.
    public var fileCount: Int { files.count }

    /// The versioned address of a file of the folder.
    func url(_ path: String) -> String { "\(Self.assetsPrefix)\(version)/\(path)" }

    /// Reads `directory`. A missing folder gives no files (the server still answers the API);
    /// a file that cannot be read, or a service worker without its manifest line, is left out
    /// and named in `problems`.
    public static func load(directory: String) -> WebAssets {
        var problems: [String] = []
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var contents: [String: Data] = [:]
        if let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        {
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
                do {
                    contents[path] = try Data(contentsOf: url)
                } catch {
                    problems.append("\(path) could not be read: \(error)")
                }
            }
        }
        var manifest = ""
        for path in contents.keys.sorted() {
            manifest += "\(path)\t\(hex(SHA256.hash(data: contents[path]!)))\n"
        }
        let version = String(hex(SHA256.hash(data: Data(manifest.utf8))).prefix(16))

        var files: [String: File] = [:]
        for (path, data) in contents {
            files[path] = makeFile(data, contentType: contentType(of: path), problems: &problems)
        }
        var pages: [String: Page] = [:]
        for (path, data) in contents where !path.contains("/") && path.hasSuffix(".html") {
            let (page, bundle) = makePage(
                path, String(decoding: data, as: UTF8.self), version: version, sources: contents, problems: &problems)
            pages[path] = page
            if let bundle {
                files[bundle.path] = makeFile(
                    Data(bundle.code.utf8), contentType: contentType(of: bundle.path), problems: &problems)
            }
        }
        var serviceWorker: File?
        if let source = contents[serviceWorkerSource], let attendee = pages["attendee.html"] {
            let text = String(decoding: source, as: UTF8.self)
            if text.contains(serviceWorkerManifestLine) {
                let filled = #"const MANIFEST = {"version":"\#(version)","assets":\#(jsonArray(attendee.assetURLs))};"#
                serviceWorker = makeFile(
                    Data(text.replacingOccurrences(of: serviceWorkerManifestLine, with: filled).utf8),
                    contentType: contentType(of: serviceWorkerSource), problems: &problems)
            } else {
                problems.append("\(serviceWorkerSource) lacks the line \(serviceWorkerManifestLine)")
            }
        }
        return WebAssets(
            version: version, files: files, pages: pages, serviceWorker: serviceWorker, problems: problems)
    }

    // MARK: - Pages

    /// The page with versioned addresses and either its modules joined into one (a page of
    /// `bundles`, when `ModuleBundler` accepts them; returned as `bundle`) or a preload hint for
    /// every module.
    private static func makePage(
        _ name: String, _ source: String, version: String, sources: [String: Data], problems: inout [String]
    ) -> (page: Page, bundle: (path: String, code: String)?) {
        let prefix = "\(assetsPrefix)\(version)/"
        var text = source.replacingOccurrences(of: "\"\(assetsPrefix)", with: "\"\(prefix)")
        let entries = matches(
            #"<script type="module" src="\#(NSRegularExpression.escapedPattern(for: prefix))([^"]+)""#, in: text)
        var bundle: (path: String, code: String)?
        if let path = bundles[name], entries.count == 1, sources[path] == nil {
            do {
                bundle = (path, try ModuleBundler.bundle(entry: entries[0], sources: sources))
                text = text.replacingOccurrences(of: "src=\"\(prefix)\(entries[0])\"", with: "src=\"\(prefix)\(path)\"")
            } catch {
                problems.append("\(name): its modules are loaded one by one, not joined: \(error)")
            }
        }
        let linked = matches(#""\#(NSRegularExpression.escapedPattern(for: prefix))([^"]+)""#, in: text)
        let imported =
            bundle == nil ? moduleGraph(from: entries, sources: sources).filter { !entries.contains($0) } : []
        if !imported.isEmpty, let head = text.range(of: "</head>") {
            let hints = imported.map { "  <link rel=\"modulepreload\" href=\"\(prefix)\($0)\">\n" }.joined()
            text.replaceSubrange(head, with: "\(hints)</head>")
        }
        var assetURLs: [String] = []
        for path in linked + imported
        where !assetURLs.contains(prefix + path) && (sources[path] != nil || path == bundle?.path) {
            assetURLs.append(prefix + path)
        }
        var page = Page(
            file: makeFile(Data(text.utf8), contentType: "text/html; charset=utf-8", problems: &problems),
            assetURLs: assetURLs)
        if let start = text.range(of: dataBlockStart),
            let end = text.range(of: "</script>", range: start.upperBound..<text.endIndex)
        {
            page.beforeData = ByteBuffer(string: String(text[..<start.upperBound]))
            page.afterData = ByteBuffer(string: String(text[end.lowerBound...]))
        }
        return (page, bundle)
    }

    /// The modules that `entries` import, directly or not (static `import … from '…'`,
    /// `import '…'` and `export … from '…'` with a relative or `/assets/` address), in the order
    /// they are found; a module that is not in the folder is left out.
    static func moduleGraph(from entries: [String], sources: [String: Data]) -> [String] {
        var found: [String] = []
        var queue = entries
        var seen = Set(entries)
        while !queue.isEmpty {
            let module = queue.removeFirst()
            found.append(module)
            guard let data = sources[module] else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for specifier in matches(
                #"(?:^|[\s;])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?['"]([^'"\n]+)['"]"#, in: text)
            {
                guard let path = resolve(specifier, from: module), sources[path] != nil, !seen.contains(path) else {
                    continue
                }
                seen.insert(path)
                queue.append(path)
            }
        }
        return found
    }

    /// A module address as a path of the folder: relative to the importing module, or an
    /// `/assets/` address (versioned or not); nil for anything else (a bare name, another site).
    static func resolve(_ specifier: String, from module: String) -> String? {
        var parts: [Substring]
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") {
            parts = module.split(separator: "/").dropLast() + specifier.split(separator: "/")
        } else if specifier.hasPrefix(assetsPrefix) {
            parts = specifier.dropFirst(assetsPrefix.count).split(separator: "/")
        } else {
            return nil
        }
        var resolved: [Substring] = []
        for part in parts {
            switch part {
            case ".", "": continue
            case "..":
                guard !resolved.isEmpty else { return nil }
                resolved.removeLast()
            default: resolved.append(part)
            }
        }
        return resolved.joined(separator: "/")
    }

    // MARK: - Files

    private static func makeFile(_ data: Data, contentType: String, problems: inout [String]) -> File {
        let identity = ByteBuffer(bytes: data)
        let compressible = ContentCoding.isCompressible(contentType)
        var gzip: ByteBuffer?
        if compressible {
            do {
                let compressed = try ContentCoding.gzip(identity, level: 9)
                if compressed.readableBytes < identity.readableBytes { gzip = compressed }
            } catch {
                problems.append("gzip failed: \(error)")
            }
        }
        return File(
            contentType: contentType, identity: identity, gzip: gzip,
            etag: "W/\"\(hex(SHA256.hash(data: data)).prefix(20))\"", isCompressible: compressible)
    }

    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json", "map": "application/json; charset=utf-8"
        case "webmanifest": "application/manifest+json"
        case "svg": "image/svg+xml"
        case "txt": "text/plain; charset=utf-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }

    private static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    private static func jsonArray(_ strings: [String]) -> String {
        "[" + strings.map { JSONStringEscaper.output.quoted($0) }.joined(separator: ",") + "]"
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String { HexText.lowercase(digest) }
}

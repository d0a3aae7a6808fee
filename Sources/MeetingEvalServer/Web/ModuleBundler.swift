import Foundation

/// Joins a page's JavaScript modules into one module when the server starts, so that a phone
/// on a slow network makes one request for the page's code instead of one per module: over
/// HTTP/1.1 a browser opens at most six connections to a server, and on a mobile network every
/// request waits a full round trip, however small the file. One stream also compresses better
/// than twenty small ones, and the bundle leaves out the comments.
///
/// It is not a general bundler. It accepts the plain style of the project's modules and refuses
/// anything else, and the page then loads its modules one by one as before:
///
/// - imports are `import { a, b } from './x.js';` or `import './x.js';` (relative addresses) at
///   the start of a line; no alias (`as`), no default or namespace import, no `import()` or
///   `import.meta`;
/// - exports are `export` in front of a top-level `function`, `async function`, `const`, `let`
///   or `class`, at the start of a line; no `export default`, `export { … }` or `export … from`;
/// - every top-level name is declared once in the whole graph (the modules share one scope),
///   and no module declares a name of the browser's own (`document`, `fetch`, …).
///
/// The modules are laid out in the order a browser evaluates them (depth first, each module
/// after what it imports, in the order it imports them), so their top-level code runs in the
/// same order; function declarations are hoisted over the whole bundle, which is what lets
/// modules that import each other (a cycle) work, as they do as separate modules.
enum ModuleBundler {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    private struct Module {
        var path: String
        var imports: [(names: [String], path: String)] = []
        var exports: Set<String> = []
        var declared: [String] = []
        var body: String = ""
    }

    /// Names a module must not declare at its top level: the bundle's single scope would hide
    /// the browser's own for every other module.
    static let browserNames: Set<String> = [
        "window", "self", "document", "location", "navigator", "history", "fetch", "console", "performance",
        "setTimeout", "clearTimeout", "setInterval", "clearInterval", "localStorage", "sessionStorage",
        "caches", "crypto", "URL", "URLSearchParams", "Intl", "JSON", "Math", "Date", "Promise", "Map", "Set",
        "Error", "Object", "Array", "String", "Number", "Boolean", "Symbol", "globalThis", "Response",
        "Request", "Headers", "AbortController", "AbortSignal", "Event", "CustomEvent", "Node", "Element",
    ]

    /// The modules reached from `entry`, joined into one module's source.
    static func bundle(entry: String, sources: [String: Data]) throws -> String {
        var modules: [String: Module] = [:]
        var order: [String] = []
        var visiting: Set<String> = []

        func visit(_ path: String) throws {
            if modules[path] != nil || visiting.contains(path) { return }
            guard let data = sources[path] else { throw Refusal(description: "\(path) is not in the web folder") }
            visiting.insert(path)
            let module = try read(path, String(decoding: data, as: UTF8.self))
            modules[path] = module
            for dependency in module.imports { try visit(dependency.path) }
            order.append(path)
        }
        try visit(entry)

        var owner: [String: String] = [:]
        for path in order {
            let module = modules[path]!
            for name in module.declared {
                if let first = owner[name] {
                    throw Refusal(description: "\(name) is declared at the top of both \(first) and \(path)")
                }
                if browserNames.contains(name) {
                    throw Refusal(description: "\(path) declares \(name), a name of the browser's own")
                }
                owner[name] = path
            }
            for dependency in module.imports {
                for name in dependency.names where !(modules[dependency.path]?.exports.contains(name) ?? false) {
                    throw Refusal(description: "\(path) imports \(name), which \(dependency.path) does not export")
                }
            }
        }
        var output = "// The attendee page's modules joined into one when the server started (ModuleBundler).\n"
        for path in order {
            output += "\n// \(path)\n" + modules[path]!.body
        }
        return output
    }

    private static func read(_ path: String, _ text: String) throws -> Module {
        var module = Module(path: path)
        for forbidden in [
            #"\bimport\s*\("#, #"\bimport\.meta\b"#, #"(?m)^export\s+(default|\{|\*)"#, #"(?m)^import\s+[\w$*]"#,
        ] {
            if text.range(of: forbidden, options: .regularExpression) != nil {
                throw Refusal(description: "\(path) uses a form of import or export that is not bundled")
            }
        }
        // Imports: removed, remembered. `import { a, b } from './x.js';` may span lines.
        var body = text
        let importPattern = try NSRegularExpression(
            pattern: #"^import\s*(?:\{([^}]*)\}\s*from\s*)?['"]([^'"\n]+)['"]\s*;?[ \t]*\n?"#,
            options: [.anchorsMatchLines])
        let range = NSRange(body.startIndex..., in: body)
        for match in importPattern.matches(in: body, range: range).reversed() {
            let names = Range(match.range(at: 1), in: body).map { String(body[$0]) } ?? ""
            guard let specifierRange = Range(match.range(at: 2), in: body) else { continue }
            let specifier = String(body[specifierRange])
            guard specifier.hasPrefix("./") || specifier.hasPrefix("../"),
                let target = WebAssets.resolve(specifier, from: path)
            else { throw Refusal(description: "\(path) imports \(specifier), which is not a relative address") }
            let list = names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            if let alias = list.first(where: { $0.contains(" ") }) {
                throw Refusal(description: "\(path) imports \(alias) under another name")
            }
            module.imports.insert((list, target), at: 0)
            body.replaceSubrange(Range(match.range, in: body)!, with: "")
        }
        if body.range(of: #"(?m)^import\b"#, options: .regularExpression) != nil {
            throw Refusal(description: "\(path) has an import the bundler does not understand")
        }
        // Top-level declarations (at the start of a line), with `export` taken off.
        let declaration = try NSRegularExpression(
            pattern:
                #"^(export\s+)?(?:(?:async\s+)?function\s*\*?\s*([\w$]+)|(?:const|let|var|class)\s+([\w$]+)|(?:const|let|var)\s*[\[{])"#,
            options: [.anchorsMatchLines])
        let declarations = declaration.matches(in: body, range: NSRange(body.startIndex..., in: body))
        for match in declarations {
            let name = [2, 3].compactMap { Range(match.range(at: $0), in: body).map { String(body[$0]) } }.first
            guard let name else {
                throw Refusal(description: "\(path) destructures at its top level")
            }
            module.declared.append(name)
            if match.range(at: 1).location != NSNotFound { module.exports.insert(name) }
        }
        body = body.replacingOccurrences(
            of: #"(?m)^export\s+(?=(?:async\s+)?function|const|let|var|class)"#, with: "", options: [.regularExpression]
        )
        if body.range(of: #"(?m)^export\b"#, options: .regularExpression) != nil {
            throw Refusal(description: "\(path) has an export the bundler does not understand")
        }
        module.body = withoutComments(body)
        return module
    }

    /// The text without lines that are only a comment (`// …`, or a `/* … */` block that
    /// starts a line and ends one) and without empty lines. A module with a template literal
    /// that spans lines, or a block comment followed by code on its last line, is kept as it is.
    static func withoutComments(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.contains(where: { $0.filter { $0 == "`" }.count % 2 == 1 }) { return text }
        var kept: [Substring] = []
        var inBlock = false
        for line in lines {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if inBlock {
                if trimmed.contains("*/") {
                    guard trimmed.hasSuffix("*/") else { return text }
                    inBlock = false
                }
                continue
            }
            if trimmed.hasPrefix("//") || trimmed.isEmpty { continue }
            if trimmed.hasPrefix("/*") {
                if trimmed.dropFirst(2).contains("*/") {
                    guard trimmed.hasSuffix("*/") else { return text }
                } else {
                    inBlock = true
                }
                continue
            }
            kept.append(line)
        }
        return kept.joined(separator: "\n") + "\n"
    }
}

import Foundation
import NIOCore
import Testing

@testable import MeetingEvalServer

/// The start-time joining of a page's modules: the order a browser evaluates them in, the
/// statements it takes out, and every form it does not understand refused (the page then
/// loads its modules one by one).
@Suite struct ModuleBundlerTests {
    static func sources(_ files: [String: String]) -> [String: Data] {
        files.mapValues { Data($0.utf8) }
    }

    @Test func modulesComeAfterWhatTheyImportWithoutImportsExportsOrComments() throws {
        let code = try ModuleBundler.bundle(
            entry: "js/a/main.js",
            sources: Self.sources([
                "js/a/main.js": """
                // The entry.
                import { b } from './b.js';
                import {
                  c,
                  shared,
                } from '../shared/c.js';
                import './side.js';

                /** Documented. */
                export function main() { return b() + c + shared(); }
                main();
                """,
                "js/a/b.js": "import { c } from '../shared/c.js';\nexport const b = () => c;\n",
                "js/shared/c.js":
                    "/*\n * A block.\n */\nexport const c = 1;\nexport async function shared() {}\nlet hidden = 2;\n",
                "js/a/side.js": "console.log('side');\n",
            ]))
        let markers = code.matches(of: /(?m)^\/\/ (js\/\S+)$/).map { String($0.output.1) }
        #expect(markers == ["js/shared/c.js", "js/a/b.js", "js/a/side.js", "js/a/main.js"])
        #expect(!code.contains(/(?m)^(import|export)\b/))
        #expect(!code.contains("A block") && !code.contains("Documented") && !code.contains("The entry"))
        #expect(code.contains("function main()") && code.contains("async function shared()"))
        #expect(code.contains("let hidden = 2;"))
    }

    @Test func aTemplateLiteralOverSeveralLinesKeepsItsModuleAsItIs() throws {
        let module = "export const page = `\n// not a comment\n`;\n// a comment\n"
        let code = try ModuleBundler.bundle(entry: "m.js", sources: Self.sources(["m.js": module]))
        #expect(code.contains("// not a comment"))
        #expect(code.contains("// a comment"))
    }

    @Test(arguments: [
        ("import x from './b.js';\n", "form of import"),
        ("import * as b from './b.js';\n", "form of import"),
        ("import { one as two } from './b.js';\n", "under another name"),
        ("export default function f() {}\n", "form of import or export"),
        ("export { a };\nconst a = 1;\n", "form of import or export"),
        ("const b = await import('./b.js');\n", "form of import"),
        ("const here = import.meta.url;\n", "form of import"),
        ("import { one } from 'https://example.com/b.js';\n", "not a relative address"),
        ("import { missing } from './b.js';\n", "does not export"),
        ("const { one } = globalThis;\n", "destructures"),
        ("import { one } from './b.js';\nconst hidden = 3;\n", "declared at the top of both"),
        ("export function document() {}\n", "a name of the browser's own"),
        ("import { one } from './nowhere.js';\n", "not in the web folder"),
    ])
    func formsItDoesNotUnderstandAreRefused(entry: String, reason: String) {
        let b = "export function one() {}\nlet hidden = 1;\n"
        #expect {
            try ModuleBundler.bundle(entry: "a.js", sources: Self.sources(["a.js": entry, "b.js": b]))
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func aPageWhoseModulesAreRefusedLoadsThemOneByOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundler-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("js/attendee"), withIntermediateDirectories: true)
        let page = #"<html><head><script type="module" src="/assets/js/attendee/main.js"></script></head></html>"#
        try page.write(to: folder.appendingPathComponent("attendee.html"), atomically: true, encoding: .utf8)
        try "import { b } from './b.js';\nconst hidden = 1;\nb();\n".write(
            to: folder.appendingPathComponent("js/attendee/main.js"), atomically: true, encoding: .utf8)
        try "export function b() {}\nconst hidden = 2;\n".write(
            to: folder.appendingPathComponent("js/attendee/b.js"), atomically: true, encoding: .utf8)
        let assets = WebAssets.load(directory: folder.path)
        let text = String(buffer: try #require(assets.pages["attendee.html"]).file.identity)
        #expect(text.contains(#"src="/assets/\#(assets.version)/js/attendee/main.js""#))
        #expect(text.contains(#"<link rel="modulepreload" href="/assets/\#(assets.version)/js/attendee/b.js">"#))
        #expect(assets.files["js/attendee.js"] == nil)
        #expect(assets.problems.contains { $0.contains("hidden is declared at the top of both") })
    }
}

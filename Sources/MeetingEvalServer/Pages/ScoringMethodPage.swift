import Foundation
import Ink

/// The scoring method (`docs/scoring.md`) as a page of the site, so that evaluators read it
/// where they read the scores, not as a path in the source repository.
///
/// The Markdown is the project's own document, rendered by Ink; the page uses the site's
/// style sheets and no script, so the strict Content-Security-Policy applies unchanged.
enum ScoringMethodPage {
    static func render(markdown: String) -> String {
        // Wide tables and code blocks scroll inside themselves on a phone, so they take the
        // keyboard focus (a scrolling region must be reachable without a mouse).
        let body = MarkdownParser().html(from: joiningCodeLines(markdown))
            .replacingOccurrences(of: "<table>", with: "<table tabindex=\"0\">")
            .replacingOccurrences(of: "<pre>", with: "<pre tabindex=\"0\">")
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Scoring method · 评分方法 · MeetingEval</title>
            <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/assets/css/base.css">
            <link rel="stylesheet" href="/assets/css/components.css">
            <link rel="stylesheet" href="/assets/css/docs.css">
            </head>
            <body class="doc-page">
            <a class="skip-link" href="#main">Skip to the text · 跳到正文</a>
            <header class="doc-bar">
            <a class="doc-home" href="/evaluate"><span lang="zh-CN">评估结果</span> · Evaluator pages</a>
            <span class="doc-kind" lang="zh-CN">评分方法</span>
            </header>
            <main id="main" class="doc">
            \(body)
            </main>
            <footer class="doc-foot">MeetingEval · <span lang="zh-CN">第三方评估</span> · independent assessment</footer>
            </body>
            </html>

            """
    }

    /// Ink ends a paragraph at a line that starts with inline code (`` `null` when… ``);
    /// such a line continues the line before it, outside fenced code blocks.
    static func joiningCodeLines(_ markdown: String) -> String {
        var lines: [Substring] = []
        var fenced = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") {
                fenced.toggle()
            } else if !fenced, trimmed.hasPrefix("`"), let previous = lines.last,
                !previous.trimmingCharacters(in: .whitespaces).isEmpty, !previous.hasPrefix("#"),
                !previous.hasPrefix("|")
            {
                lines[lines.count - 1] = previous + " " + trimmed
                continue
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

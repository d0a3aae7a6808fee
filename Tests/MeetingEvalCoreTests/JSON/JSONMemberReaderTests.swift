import Foundation
import Testing

@testable import MeetingEvalCore

/// The JSON reader's member-by-member entry point (`JSONDocumentParser.readMembers`), which the
/// stored-answers reader of the scoring uses instead of a tree.
@Suite("JSON reader, member by member")
struct JSONMemberReaderTests {
    static func members(_ text: String) throws(DocumentError) -> [String] {
        var seen: [String] = []
        try JSONDocumentParser.readMembers(of: text) { key, value in seen.append("\(key)=\(describe(value))") }
        return seen
    }

    static func describe(_ value: JSONMemberValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let value): return "bool(\(value))"
        case .number(let value): return "number(\(value))"
        case .string(let value): return "string(\(value))"
        case .strings(let values): return "strings(\(values.joined(separator: "|")))"
        case .other: return "other"
        }
    }

    @Test("gives every member in the order written, a key twice twice")
    func order() throws {
        let text = #" {"b":1, "a":"x\n\u00e9", "c":["p","q"], "d":[], "e":{"x":[1]}, "f":[1,"p"], "g":true, "h":null, "b":-2.5e1} "#
        #expect(
            try Self.members(text) == [
                "b=number(1.0)", "a=string(x\né)", "c=strings(p|q)", "d=strings()", "e=other", "f=other",
                "g=bool(true)", "h=null", "b=number(-25.0)",
            ])
        #expect(try Self.members("{}") == [])
    }

    @Test(
        "refuses what the tree reader refuses, with the same message",
        arguments: [
            #"{"a":01}"#, #"{"a":1,}"#, #"{"a":1} x"#, #"{"a":[1,]}"#, #"{"a":"\ud800"}"#, "{\"a\":\"\u{1}\"}",
            #"{"a":1e400}"#, #"{"a":tru}"#, #"{"a":{"b":1,"b":2}}"#, #"{"a" 1}"#, #"{"a":1"#, "", "{",
            String(repeating: "[", count: 200), "{\"a\":" + String(repeating: "[", count: 130),
        ])
    func strict(_ text: String) {
        let tree = Result { () throws(DocumentError) in try DocumentNode.parseJSON(Data(text.utf8)) }
        let members = Result { () throws(DocumentError) in try Self.members(text) }
        guard case .failure(let treeError) = tree else {
            Issue.record("the tree reader accepts \(text)")
            return
        }
        guard case .failure(let memberError) = members else {
            Issue.record("the member reader accepts \(text)")
            return
        }
        if text.hasPrefix("{") { #expect(memberError == treeError) }
    }

    @Test("a text that is JSON but not an object is refused")
    func notAnObject() {
        for text in [#"[{"a":1}]"#, #""a""#, "1", "null"] {
            #expect(throws: DocumentError.self) { try Self.members(text) }
        }
    }
}

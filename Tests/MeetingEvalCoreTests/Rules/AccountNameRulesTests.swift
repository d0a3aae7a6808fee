import Foundation
import Testing

@testable import MeetingEvalCore

@Suite struct AccountNameRulesTests {
    @Test(arguments: [
        "wang", "ops@example.org", "li.na_2-b", "张伟", "王小明wang", "José", "Zoë", "Иван", "Ελένη", "田中さくら",
        "김민준", "obrien",
    ])
    func acceptable(_ name: String) {
        #expect(AccountNameRules.problem(with: name) == nil, "\(name)")
    }

    @Test(arguments: [
        ("", "1–64"),
        (String(repeating: "a", count: 65), "1–64"),
        ("\u{43E}ps", "scripts"),  // a Cyrillic о among Latin letters
        ("p\u{430}ypal", "scripts"),  // a Cyrillic а
        ("Ivan\u{418}", "scripts"),
        ("\u{3BF}ps", "scripts"),  // a Greek ο
        ("\u{FF4F}\u{FF50}\u{FF53}", "full-width"),  // ｏｐｓ
        ("ops\u{FF20}example.org", "full-width"),  // a full-width ＠
        ("ops１", "full-width"),  // a full-width digit
        ("\u{430}\u{435}\u{440}", "look like Latin"),  // аер, all Cyrillic look-alikes
        ("e\u{301}", "NFC"),  // decomposed é
        ("wang lei", "only letters"),
        ("wang/lei", "only letters"),
        ("wang\u{0}", "only letters"),
        ("ﬁle", "full-width or compatibility"),  // a ligature
        ("wang\u{200B}", "only letters"),  // a zero-width space
    ])
    func refused(_ name: String, _ reason: String) {
        let problem = AccountNameRules.problem(with: name)
        #expect(problem?.contains(reason) == true, "\(name.unicodeScalars.map { String($0.value, radix: 16) }): \(problem ?? "accepted")")
    }

    @Test func namesAreTakenInNFC() {
        #expect(Array(AccountNameRules.normalized("Jose\u{301}").unicodeScalars) == Array("Jos\u{E9}".unicodeScalars))
        #expect(AccountNameRules.problem(with: AccountNameRules.normalized("Jose\u{301}")) == nil)
    }
}

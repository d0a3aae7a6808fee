import Foundation
import Testing

@testable import MeetingEvalCore

/// A response's id is checked and put in lower case on the bytes, for every submission. It
/// accepts exactly the texts that Foundation reads as a UUID and writes back the same (up to
/// case). Foundation's scan also reads some that are not written as a UUID at all — a space or a
/// `+` inside a group, `…-2e0f4b6a8d 3` read as `…-2e0f4b6a8d03` — and those are refused.
@Suite("Response ids")
struct ResponseIdTests {
    static let samples: [String] = {
        var texts = [
            "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d13", "6F1C2A94-8B3E-4D7A-9C51-2E0F4B6A8D13",
            "6f1C2a94-8B3e-4d7A-9c51-2E0f4b6A8d13", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "", "abc", "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d1",
            "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d134", "6f1c2a948b3e-4d7a-9c51-2e0f4b6a8d13-",
            "6f1c2a94_8b3e_4d7a_9c51_2e0f4b6a8d13", "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d1g",
            "{6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d1}", " 6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d1",
            "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d1 ", "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8dé",
            "6f1c2a94-8b3e-4d7a-9c5-12e0f4b6a8d13", "+f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d13",
            "6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d１3", "６f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d13",
        ]
        // Every single-byte change of a valid id, at every position, in a fixed pseudo-random order.
        let valid = Array("6f1c2a94-8b3e-4d7a-9c51-2e0f4b6a8d13".utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for position in valid.indices {
            for _ in 0..<12 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                var changed = valid
                changed[position] = UInt8(truncatingIfNeeded: 0x20 + (state >> 33) % 0x5F)
                texts.append(String(decoding: changed, as: UTF8.self))
            }
        }
        texts += (0..<200).map { _ in UUID().uuidString }
        return texts
    }()

    @Test("a UUID as written is accepted and stored in lower case, anything else refused")
    func sameAsFoundation() {
        var refusedScans = 0
        for text in Self.samples {
            let foundation = UUID(uuidString: text)?.uuidString.lowercased()
            let written = foundation == text.lowercased() ? foundation : nil
            if foundation != nil && written == nil { refusedScans += 1 }
            #expect(ResponseValidator.canonicalUUID(text) == written, "\(text)")
        }
        // The samples do hold texts that Foundation's scan reads and the check refuses.
        #expect(refusedScans > 0)
    }
}

import Foundation

/// What an account name may be. Names appear in the audit log and in the accounts list, where
/// an admin must be able to tell two accounts apart by looking: `ops` and `оps` (a Cyrillic
/// `о`) must not both exist. So a name is taken in Unicode NFC, and holds 1–64 letters, ASCII
/// digits, `.`, `_`, `-` or `@`, with its letters from one script (Latin may go with Chinese,
/// Japanese or Korean, as UTS #39's "highly restrictive" level allows), no full-width or other
/// compatibility forms, no combining marks left after NFC, and not written only in Cyrillic or
/// Greek letters that look like Latin ones.
public enum AccountNameRules {
    public static var maxLength: Int { 64 }

    /// The form a name is stored and looked up in.
    public static func normalized(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping
    }

    /// Why a name is not acceptable, or nil. `name` is taken as given: a name that NFC would
    /// change is refused, so that what was typed is what is stored.
    public static func problem(with name: String) -> String? {
        if name.isEmpty || name.count > maxLength { return "must be 1–\(maxLength) characters long" }
        // Swift compares strings by canonical equivalence; NFC is about the scalars themselves.
        if !name.unicodeScalars.elementsEqual(normalized(name).unicodeScalars) {
            return "must be in Unicode NFC (composed characters)"
        }
        var scripts = Set<Script>()
        var letters: [Unicode.Scalar] = []
        for scalar in name.unicodeScalars {
            if "._-@".unicodeScalars.contains(scalar) || ("0"..."9").contains(scalar) { continue }
            let alone = String(scalar)
            if (0xFF00...0xFFEF).contains(scalar.value) || alone.precomposedStringWithCompatibilityMapping != alone {
                return "may not hold full-width or compatibility characters such as '\(scalar)'"
            }
            guard scalar.properties.isAlphabetic, scalar.properties.generalCategory.isLetter else {
                return "may hold only letters, digits, '.', '_', '-' and '@'"
            }
            guard let script = Script(scalar) else {
                return "may not hold the letter '\(scalar)' (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
            scripts.insert(script)
            letters.append(scalar)
        }
        if scripts.count > 1, !scripts.subtracting([.latin]).isSubset(of: [.han, .kana, .hangul]) {
            return "mixes letters of several scripts (\(scripts.map(\.rawValue).sorted().joined(separator: ", ")))"
        }
        if scripts == [.cyrillic] || scripts == [.greek],
            letters.allSatisfy({ latinLookalikes.unicodeScalars.contains($0) })
        {
            return "is written only in letters that look like Latin ones; it could be taken for another name"
        }
        return nil
    }

    /// Cyrillic and Greek letters that look like Latin ones (from Unicode's confusables).
    static let latinLookalikes =
        "аеорсухіјѕԁһԛԝвкмнтАВЕКМНОРСТУХІЈЅԌԚԜ" + "αοκνρτυχιΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"

    enum Script: String, Hashable {
        case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, thai, han, kana, hangul

        init?(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: self = .latin
            case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
            case 0x400...0x52F: self = .cyrillic
            case 0x531...0x58F: self = .armenian
            case 0x590...0x5FF: self = .hebrew
            case 0x600...0x6FF: self = .arabic
            case 0x900...0x97F: self = .devanagari
            case 0xE00...0xE7F: self = .thai
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2A6DF: self = .han
            case 0x3040...0x30FF: self = .kana
            case 0xAC00...0xD7AF, 0x1100...0x11FF: self = .hangul
            default: return nil
            }
        }
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isLetter: Bool {
        switch self {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter: return true
        default: return false
        }
    }
}

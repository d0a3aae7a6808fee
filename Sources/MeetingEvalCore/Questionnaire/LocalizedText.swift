/// Text that is either the same in every locale or given per locale (`{zh: …, en: …}`).
public enum LocalizedText: Sendable, Equatable, Hashable {
    case plain(String)
    case localized([String: String])

    /// The text in `locale`, falling back to `defaultLocale`, then to any text there is.
    public func resolved(_ locale: String, defaultLocale: String) -> String {
        switch self {
        case .plain(let text): return text
        case .localized(let texts):
            return texts[locale] ?? texts[defaultLocale] ?? texts.sorted(by: { $0.key < $1.key }).first?.value ?? ""
        }
    }

    /// Whether a text exists for `locale` (a plain string serves every locale).
    public func has(_ locale: String) -> Bool {
        switch self {
        case .plain: return true
        case .localized(let texts): return !(texts[locale]?.isEmpty ?? true)
        }
    }

    public var locales: [String] {
        switch self {
        case .plain: return []
        case .localized(let texts): return texts.keys.sorted()
        }
    }
}

extension LocalizedText: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .plain(let text): try container.encode(text)
        case .localized(let texts): try container.encode(texts)
        }
    }
}

extension LocalizedText {
    /// Reads a localized text from a string or a locale → string map.
    static func read(_ node: DocumentNode, at path: DocumentPath, issues: IssueCollector) -> LocalizedText? {
        switch node.value {
        case .string(let text): return .plain(text)
        case .object(let pairs):
            var texts: [String: String] = [:]
            for pair in pairs {
                guard let text = ObjectReader.string(pair.value, at: path.appending(pair.key), issues: issues) else {
                    continue
                }
                texts[pair.key] = text
            }
            return .localized(texts)
        default:
            if let raw = node.rawScalar { return .plain(raw) }
            issues.error(path, "must be a text or a map from locale to text, found \(node.kindName)")
            return nil
        }
    }
}

extension ObjectReader {
    public func localizedText(_ key: String, required: Bool = false) -> LocalizedText? {
        guard let value = value(key, required: required) else { return nil }
        return LocalizedText.read(value, at: path.appending(key), issues: issues)
    }
}

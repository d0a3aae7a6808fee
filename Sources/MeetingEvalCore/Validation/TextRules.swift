extension String {
    /// Whether the text holds a control character other than those in `allowed` (for
    /// example newline and tab in a free-text answer).
    public func containsControlCharacters(except allowed: String) -> Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control && !allowed.unicodeScalars.contains($0) }
    }
}

extension String {
    /// The text in quotes for an error message, cut to its first `limit` characters (whitespace runs
    /// folded) so a message about a 20 KB transcript stays one line.
    public func quotedExcerpt(limit: Int = 60) -> String {
        let folded = split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard folded.count > limit else { return "\"\(folded)\"" }
        return "\"\(folded.prefix(limit))…\" (\(folded.count) characters)"
    }
}

// MARK: - Whitespace, as Anthropic's text rules read it

extension JSONString {
    /// Whether the text is empty or holds only whitespace (Unicode `White_Space` scalars):
    /// Anthropic rejects such a text block (`messages: text content blocks must contain
    /// non-whitespace text`).
    ///
    /// - Complexity: O(n) in the escaped length; a text with no escapes decodes nothing unless
    ///   it opens with spaces and then a non-ASCII byte.
    var isWhitespaceOnly: Bool {
        // Without escapes, the only ASCII whitespace JSON lets stand unescaped is the space.
        if !hasEscapes {
            for byte in escaped where byte != UInt8(ascii: " ") {
                if byte < 0x80 { return false }
                break
            }
        }
        return value.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// Whether the text ends with a whitespace scalar: Anthropic rejects a final assistant text
    /// that does (`messages: final assistant content cannot end with trailing whitespace`).
    var endsWithWhitespace: Bool {
        guard let last = escaped.last else { return false }
        if last < 0x80 && last != UInt8(ascii: " ") && !hasEscapes { return false }
        return value.unicodeScalars.last?.properties.isWhitespace ?? false
    }

    /// The text without its trailing whitespace scalars.
    var trimmingTrailingWhitespace: JSONString {
        var scalars = Array(value.unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return JSONString(text)
    }
}

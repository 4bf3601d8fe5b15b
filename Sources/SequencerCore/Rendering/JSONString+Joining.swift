// MARK: - Joining escaped strings

extension JSONString {
    /// The concatenation of `parts` with `separator` between each two of them.
    ///
    /// Works on the escaped forms: the concatenation of valid escaped bodies is the escaped body
    /// of the concatenated texts, so no part is decoded or escaped again. A single part is
    /// returned as it is, sharing its storage.
    ///
    /// - Complexity: O(n) in the total escaped length.
    static func joined(_ parts: [JSONString], separator: String) -> JSONString {
        if parts.count == 1, let only = parts.first { return only }
        var escapedSeparator: [UInt8] = []
        JSONEscaping.appendEscaped(separator.utf8, to: &escapedSeparator)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.escaped.count + escapedSeparator.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { bytes.append(contentsOf: escapedSeparator) }
            bytes.append(contentsOf: part.escaped)
        }
        return JSONString(validatedEscaped: bytes[...])
    }

    /// The concatenation of `pieces`, each either Swift text (escaped here) or a JSON string.
    static func concatenated(_ pieces: [Piece]) -> JSONString {
        var bytes: [UInt8] = []
        for piece in pieces {
            switch piece {
            case .text(let text): JSONEscaping.appendEscaped(text.utf8, to: &bytes)
            case .json(let string): bytes.append(contentsOf: string.escaped)
            }
        }
        return JSONString(validatedEscaped: bytes[...])
    }

    /// The concatenation of `pieces` with `separator` between each two of them.
    static func concatenated(_ pieces: [Piece], separator: String) -> JSONString {
        var joined: [Piece] = []
        for (index, piece) in pieces.enumerated() {
            if index > 0 { joined.append(.text(separator)) }
            joined.append(piece)
        }
        return concatenated(joined)
    }

    /// One piece of a ``concatenated(_:)`` string.
    enum Piece {
        /// Swift text, escaped when written.
        case text(String)
        /// A JSON string, copied in its escaped form.
        case json(JSONString)
    }

    /// A string holding the compact JSON text of `value` (as Chat's `arguments` needs).
    init(serializing value: JSONValue) {
        var bytes: [UInt8] = []
        JSONEscaping.appendEscaped(value.serialized, to: &bytes)
        self.init(validatedEscaped: bytes[...])
    }
}

/// Why a text is not acceptable JSON, and the byte offset where that was found.
public struct JSONParseError: Error, Sendable, Equatable {
    /// The kinds of failure, one per rule of RFC 8259 the text broke (plus the nesting limit).
    public enum Kind: Sendable, Equatable {
        /// The text ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here.
        case unexpectedByte(UInt8)
        /// A byte sequence that is not well-formed UTF-8.
        case invalidUTF8
        /// A control character (below U+0020) inside a string, which must be escaped.
        case unescapedControlCharacter(UInt8)
        /// A backslash followed by something other than a valid escape.
        case invalidEscape
        /// A `\u` escape for a surrogate that is not part of a high-low pair.
        case unpairedSurrogate
        /// A number that does not follow the JSON number grammar.
        case invalidNumber
        /// Text after the one top-level value.
        case trailingText
        /// Arrays and objects nested deeper than the limit.
        case tooDeep(limit: Int)
    }

    /// What was wrong.
    public let kind: Kind
    /// The offset, in bytes from the start of the text, of the first byte that was wrong.
    public let offset: Int

    /// A one-line explanation, naming the offset.
    public var message: String {
        "\(reason) at byte \(offset)"
    }

    /// The explanation without the offset.
    public var reason: String {
        switch kind {
        case .unexpectedEnd: "unexpected end of JSON text"
        case .unexpectedByte(let byte): "unexpected \(JSONParseError.describe(byte))"
        case .invalidUTF8: "invalid UTF-8"
        case .unescapedControlCharacter(let byte): "unescaped control character \(JSONParseError.describe(byte)) in string"
        case .invalidEscape: "invalid escape sequence in string"
        case .unpairedSurrogate: "unpaired UTF-16 surrogate in \\u escape"
        case .invalidNumber: "invalid number"
        case .trailingText: "unexpected text after the JSON value"
        case .tooDeep(let limit): "arrays and objects nested deeper than \(limit) levels"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}

/// A JSON number kept as its literal text, so that no digit is lost or rounded.
public struct JSONNumber: Sendable, Hashable {
    /// The literal text, valid under RFC 8259's number grammar.
    public let text: String

    /// The number with the integer's decimal text.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// A number over text that is already known to be a valid JSON number.
    package init(validatedText text: String) {
        self.text = text
    }

    /// The number whose literal text is `text`, or `nil` if `text` is not a valid JSON number.
    public init?(text: String) {
        let bytes = Array(text.utf8)
        guard JSONNumber.isValid(bytes[...]) else { return nil }
        self.text = text
    }

    /// The value as an `Int`, if the text is an integer literal that fits.
    public var intValue: Int? { Int(text) }

    /// The value as a `Double` (possibly rounded).
    public var doubleValue: Double? { Double(text) }

    /// Whether `bytes` match `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?` exactly.
    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        let end = bytes.endIndex
        func digits() -> Int {
            let start = index
            while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == end
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The literal text.
    public var description: String { text }
}

/// A JSON string kept in its escaped form: the bytes between the quotes.
///
/// Parsed strings share the buffer they were parsed from, so keeping one costs no copy, and
/// writing one back costs a single `memcpy`. Two strings are equal when they decode to the same
/// text, whatever escapes they use.
public struct JSONString: Sendable {
    // The buffer the string lies in (for a parsed string, the whole parsed text) and where, as
    // 32-bit offsets: 16 bytes a string instead of an `ArraySlice`'s 32, which keeps every
    // parsed value, and so every item a session holds, small.
    private let storage: [UInt8]
    private let start: UInt32
    private let end: UInt32

    /// The bytes between the quotes: valid UTF-8 holding only valid JSON escapes.
    public var escaped: ArraySlice<UInt8> {
        storage[Int(start)..<Int(end)]
    }

    /// A string holding `value`, escaped as JSON requires.
    public init(_ value: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        JSONEscaping.appendEscaped(value.utf8, to: &bytes)
        self.init(validatedIn: bytes, range: 0..<bytes.count)
    }

    /// A string over bytes that are already known to be a valid escaped JSON string body; the
    /// bytes are copied.
    ///
    /// - Precondition: `escaped` holds valid UTF-8 and only valid JSON escapes, with no
    ///   unescaped `"`, `\` or control character.
    package init(validatedEscaped escaped: ArraySlice<UInt8>) {
        let bytes = Array(escaped)
        self.init(validatedIn: bytes, range: 0..<bytes.count)
    }

    /// A string over `range` of `storage`, sharing it.
    ///
    /// - Precondition: the bytes in `range` are a valid escaped JSON string body (``JSONParser``
    ///   guarantees this), and `range` ends at or below `UInt32.max`.
    package init(validatedIn storage: [UInt8], range: Range<Int>) {
        self.storage = storage
        self.start = UInt32(range.lowerBound)
        self.end = UInt32(range.upperBound)
    }

    /// Calls `body` with the one escaped spelling that ``init(_:)`` gives the text whose escaped
    /// form (valid, and spelled any way JSON allows: `"\u0069d"`) is `escaped`.
    private static func withCanonicalSpelling<Result>(
        ofEscaped escaped: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        JSONString(JSONString(validatedEscaped: ArraySlice(escaped)).value).withEscapedBytes(body)
    }

    /// What `match` finds for the escaped body `escaped` as it is or, when it finds nothing and
    /// the body is spelled with escapes, for the one spelling ``init(_:)`` gives its text: the
    /// form of ``resolvingEscapes(_:)`` for bytes read in place, for matchers that compare
    /// escaped bytes with names spelled without escapes.
    package static func resolving<Found>(
        escaped: UnsafeBufferPointer<UInt8>, _ match: (UnsafeBufferPointer<UInt8>) -> Found?
    ) -> Found? {
        if let found = match(escaped) { return found }
        guard escaped.contains(UInt8(ascii: "\\")) else { return nil }
        return withCanonicalSpelling(ofEscaped: escaped, match)
    }

    /// Calls `body` with the bytes of the escaped form, in place.
    public func withEscapedBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withStorageBytes(Int(start)..<Int(end), body)
    }

    /// Calls `body` with the bytes `range` of the buffer this string lies in (for a parsed
    /// string, the whole parsed text).
    ///
    /// - Precondition: `range` lies within that buffer.
    package func withStorageBytes<Result>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer { whole in
            try body(UnsafeBufferPointer(rebasing: whole[range]))
        }
    }

    /// The number of bytes of the escaped form.
    public var escapedCount: Int { Int(end - start) }

    /// The size of the buffer this string keeps alive (for a parsed string, the whole text it
    /// was parsed from): what holding the string costs.
    package var retainedStorageCount: Int { storage.count }

    /// Whether the escaped form contains any escape sequence.
    public var hasEscapes: Bool {
        withEscapedBytes { $0.contains(UInt8(ascii: "\\")) }
    }

    /// The decoded text.
    public var value: String {
        if !hasEscapes {
            return String(decoding: escaped, as: UTF8.self)
        }
        return String(decoding: JSONEscaping.unescape(escaped), as: UTF8.self)
    }

    /// The decoded text as UTF-8 bytes.
    public var utf8: [UInt8] {
        hasEscapes ? JSONEscaping.unescape(escaped) : Array(escaped)
    }

    /// Whether this string decodes to exactly `text`; cheap when the string has no escapes.
    public func equals(_ text: String) -> Bool {
        // Compare scalars, not `String ==`, which would treat canonically equivalent texts
        // (U+00E9 and "e" + U+0301) as equal, unlike `==` on two JSONStrings.
        let count = escapedCount
        let textCount = text.utf8.count
        // Every escape is longer than the character it stands for, so an escaped form of the
        // same length as `text` matches only if it is `text` with no escape.
        if count < textCount { return false }
        let backslash = UInt8(ascii: "\\")
        return storage.withUnsafeBufferPointer { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole[Int(start)..<Int(end)])
            if count == textCount {
                let same = text.utf8.withContiguousStorageIfAvailable { utf8 in
                    for index in 0..<count where bytes[index] != utf8[index] { return false }
                    return true
                } ?? bytes.elementsEqual(text.utf8)
                return same && !bytes.contains(backslash)
            }
            return bytes.contains(backslash) && JSONEscaping.unescape(escaped).elementsEqual(text.utf8)
        }
    }
}

extension JSONString {
    /// Whether this string decodes to exactly `literal`, an ASCII literal without `\` such as
    /// a member name or an item type; ``equals(_:)`` without making a `String`.
    public func matches(_ literal: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        if escapedCount == expected.count {
            return withEscapedBytes { ByteScan.equal($0, expected) }
        }
        // Longer: equal only through escapes (`"\u0069d"` is `id`); rare, so decode.
        return escapedCount > expected.count && hasEscapes && JSONEscaping.unescape(escaped).elementsEqual(expected)
    }

    /// What `match` finds for this string or, when it finds nothing and the string is spelled
    /// with escapes, for its decoded text. For matchers that tell names apart by their escaped
    /// length first, which an escape changes (`"\u0069d"` is as long as `"jsonrpc"`).
    @inlinable
    package func resolvingEscapes<Found>(_ match: (JSONString) -> Found?) -> Found? {
        if let found = match(self) { return found }
        guard hasEscapes else { return nil }
        return match(JSONString(value))
    }
}

extension JSONString: Hashable {
    /// Equal when both decode to the same text.
    public static func == (lhs: JSONString, rhs: JSONString) -> Bool {
        let sameBytes = lhs.withEscapedBytes { left in
            rhs.withEscapedBytes { right in
                ByteScan.equal(left, right)
            }
        }
        if sameBytes { return true }
        if !lhs.hasEscapes && !rhs.hasEscapes { return false }
        return lhs.utf8 == rhs.utf8
    }

    /// Hashes the decoded text, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        if hasEscapes {
            JSONEscaping.unescape(escaped).withUnsafeBytes { hasher.combine(bytes: $0) }
        } else {
            withEscapedBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}

extension JSONString: ExpressibleByStringLiteral {
    /// A string holding the literal's text.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

extension JSONString: CustomStringConvertible {
    /// The decoded text.
    public var description: String { value }
}

/// A strict, single-pass RFC 8259 parser over UTF-8 bytes.
///
/// It accepts exactly the texts RFC 8259 allows: one value, optional whitespace around it,
/// well-formed UTF-8, complete escapes with paired surrogates, and numbers in the JSON grammar.
/// It rejects everything else with the offset of the first offending byte, and refuses nesting
/// deeper than a limit instead of exhausting the stack. A UTF-8 byte order mark is rejected.
///
/// Strings and numbers in the result share the input's storage (see ``JSONString``), so parsing
/// copies no string content.
///
/// - Complexity: O(n) in the length of the text.
public enum JSONParser {
    /// The nesting limit used when none is given.
    public static let defaultMaxDepth = 512

    /// Parses `text` as one JSON value.
    ///
    /// - Parameters:
    ///   - text: The whole text; offsets in errors count from its first byte.
    ///   - maxDepth: The deepest nesting of arrays and objects accepted.
    /// - Returns: The value, sharing `text`'s storage.
    /// - Throws: ``JSONParseError`` naming the first problem and its offset.
    public static func parse(_ text: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = text.withUnsafeBufferPointer { bytes in
            var state = State(text: text, bytes: bytes, maxDepth: maxDepth)
            do throws(JSONParseError) {
                state.skipWhitespace()
                let value = try state.parseValue(depth: 0)
                state.skipWhitespace()
                if state.index < state.end {
                    throw state.error(.trailingText)
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses `text` as one JSON value; see ``parse(_:maxDepth:)-([UInt8],_)``. The bytes are
    /// copied once, so that the values share a buffer of their own.
    public static func parse(_ text: ArraySlice<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text), maxDepth: maxDepth)
    }

    /// Parses the UTF-8 text of `text` as one JSON value.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

extension JSONParser {
    /// The parser's position. Bytes are read through `bytes` (`text`'s storage, valid for the
    /// whole parse) so that the hot loops carry no bounds checks in release builds, while
    /// strings keep a reference to `text` itself and share it.
    private struct State {
        let text: [UInt8]
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var index = 0
        let end: Int
        /// Whether strings can point into `text` (its offsets fit ``JSONString``'s 32 bits).
        let sharesText: Bool

        init(text: [UInt8], bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.text = text
            self.bytes = bytes
            self.maxDepth = maxDepth
            self.end = text.count
            self.sharesText = text.count <= Int(UInt32.max)
        }

        /// The byte at text index `position`; the caller has checked `position < end`.
        @inline(__always)
        func at(_ position: Int) -> UInt8 {
            bytes[position]
        }

        func error(_ kind: JSONParseError.Kind, at position: Int? = nil) -> JSONParseError {
            JSONParseError(kind: kind, offset: position ?? index)
        }

        mutating func skipWhitespace() {
            while index < end {
                switch at(index) {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
            guard index < end else { throw error(.unexpectedEnd) }
            switch at(index) {
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "{"):
                return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["):
                return try parseArray(depth: depth + 1)
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try parseNumber())
            case let byte:
                throw unexpected(byte)
            }
        }

        /// The error for `byte`, at `index`, where it cannot start or continue a value: invalid
        /// UTF-8 if the bytes there are not a well-formed UTF-8 sequence, else an unexpected byte
        /// (so a byte order mark or an `é` outside a string is not reported as bad UTF-8).
        func unexpected(_ byte: UInt8) -> JSONParseError {
            guard byte >= 0x80 else { return error(.unexpectedByte(byte)) }
            var probe = self
            let wellFormed = (try? probe.scanUTF8Sequence()) != nil
            return error(wellFormed ? .unexpectedByte(byte) : .invalidUTF8)
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
            let count = literal.utf8CodeUnitCount
            let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: count)
            for offset in 0..<count {
                guard index < end else { throw error(.unexpectedEnd) }
                guard at(index) == bytes[offset] else { throw error(.unexpectedByte(at(index))) }
                index += 1
            }
        }

        mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
            index += 1  // [
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < end, at(index) == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                switch at(index) {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(elements)
                case let byte: throw unexpected(byte)
                }
            }
        }

        mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
            index += 1  // {
            var members: [JSONObject.Member] = []
            skipWhitespace()
            if index < end, at(index) == UInt8(ascii: "}") {
                index += 1
                return .object(JSONObject(members))
            }
            while true {
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                guard at(index) == UInt8(ascii: "\"") else { throw unexpected(at(index)) }
                let key = try parseString()
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                guard at(index) == UInt8(ascii: ":") else { throw unexpected(at(index)) }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth)
                members.append(JSONObject.Member(key: key, value: value))
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                switch at(index) {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(JSONObject(members))
                case let byte: throw unexpected(byte)
                }
            }
        }

        /// Parses a string starting at its opening quote; returns its escaped body.
        mutating func parseString() throws(JSONParseError) -> JSONString {
            index += 1  // "
            let start = index
            while true {
                // Fast path: plain ASCII, eight bytes at a time, then byte by byte.
                skipPlainWords()
                while index < end {
                    let byte = at(index)
                    if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte >= 0x80 { break }
                    index += 1
                }
                guard index < end else { throw error(.unexpectedEnd) }
                let byte = at(index)
                switch byte {
                case UInt8(ascii: "\""):
                    let range = start..<index
                    index += 1
                    return sharesText ? JSONString(validatedIn: text, range: range) : JSONString(validatedEscaped: text[range])
                case UInt8(ascii: "\\"):
                    try scanEscape()
                case 0x80...0xFF:
                    try scanUTF8Sequence()
                default:
                    throw error(.unescapedControlCharacter(byte))
                }
            }
        }

        /// Skips whole 8-byte words holding no `"`, no `\`, no control character and no
        /// non-ASCII byte (the common case inside strings), using SWAR bit tricks.
        @inline(__always)
        mutating func skipPlainWords() {
            guard let start = bytes.baseAddress else { return }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self))
                let below20 = (word &- ones &* 0x20) & ~word & highs
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let hasQuote = (quote &- ones) & ~quote & highs
                let hasBackslash = (backslash &- ones) & ~backslash & highs
                if (below20 | hasQuote | hasBackslash | (word & highs)) != 0 { return }
                index &+= 8
            }
        }

        /// Validates one escape sequence starting at its backslash.
        mutating func scanEscape() throws(JSONParseError) {
            let escapeStart = index
            guard index + 1 < end else { index = end; throw error(.unexpectedEnd) }
            switch at(index + 1) {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 2
            case UInt8(ascii: "u"):
                index += 2
                let unit = try scanHex4()
                if (0xDC00..<0xE000).contains(unit) {
                    throw error(.unpairedSurrogate, at: escapeStart)
                }
                if (0xD800..<0xDC00).contains(unit) {
                    guard index + 1 < end, at(index) == UInt8(ascii: "\\"), at(index + 1) == UInt8(ascii: "u") else {
                        throw error(.unpairedSurrogate, at: escapeStart)
                    }
                    index += 2
                    let low = try scanHex4()
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw error(.unpairedSurrogate, at: escapeStart)
                    }
                }
            default:
                throw error(.invalidEscape, at: escapeStart)
            }
        }

        mutating func scanHex4() throws(JSONParseError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < end else { throw error(.unexpectedEnd) }
                guard let digit = JSONEscaping.hexDigitValue(at(index)) else { throw error(.invalidEscape) }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        /// Validates one multi-byte UTF-8 sequence (RFC 3629, table 3-7 of Unicode).
        mutating func scanUTF8Sequence() throws(JSONParseError) {
            let lead = at(index)
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: throw error(.invalidUTF8)
            }
            guard index + length <= end else {
                // The text ends inside the sequence: that is an unexpected end only if the bytes
                // present could still begin a well-formed sequence, and invalid UTF-8 otherwise.
                if index + 1 < end, !(low...high).contains(at(index + 1)) { throw error(.invalidUTF8) }
                var probe = index + 1
                while probe < end, at(probe) & 0xC0 == 0x80 { probe += 1 }
                if probe == end { index = end; throw error(.unexpectedEnd) }
                throw error(.invalidUTF8)
            }
            let second = at(index + 1)
            guard second >= low && second <= high else { throw error(.invalidUTF8) }
            for offset in 2..<length where at(index + offset) & 0xC0 != 0x80 {
                throw error(.invalidUTF8)
            }
            index += length
        }

        mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
            let start = index
            if at(index) == UInt8(ascii: "-") { index += 1 }
            guard index < end else { throw error(.unexpectedEnd) }
            if at(index) == UInt8(ascii: "0") {
                index += 1
                // No leading zeros: `01` is a malformed number, not `0` followed by stray text.
                if index < end, isDigit(at(index)) { throw error(.invalidNumber) }
            } else if isDigit(at(index)) {
                skipDigits()
            } else {
                throw error(.invalidNumber)
            }
            if index < end, at(index) == UInt8(ascii: ".") {
                index += 1
                guard index < end else { throw error(.unexpectedEnd) }
                guard isDigit(at(index)) else { throw error(.invalidNumber) }
                skipDigits()
            }
            if index < end, at(index) == UInt8(ascii: "e") || at(index) == UInt8(ascii: "E") {
                index += 1
                if index < end, at(index) == UInt8(ascii: "+") || at(index) == UInt8(ascii: "-") { index += 1 }
                guard index < end else { throw error(.unexpectedEnd) }
                guard isDigit(at(index)) else { throw error(.invalidNumber) }
                skipDigits()
            }
            return JSONNumber(validatedText: String(decoding: text[start..<index], as: UTF8.self))
        }

        func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        mutating func skipDigits() {
            while index < end, isDigit(at(index)) { index += 1 }
        }
    }
}

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
        try parse(text, maxDepth: maxDepth, windowScan: true)
    }

    /// Parses a JSON-RPC request line (an object, or a batch array of them) as
    /// ``parse(_:maxDepth:)-([UInt8],_)`` does, accepting and rejecting exactly the same texts
    /// with the same errors, but leaving the items of its `params.items` deferred: each item is
    /// an object whose members stay as their text (checked, not built) until they are read
    /// (see ``JSONObject/init(deferred:)``). Sequencing reads a few top-level members, and
    /// writing an item back copies its text, so a request's items cost no tree.
    public static func parseRequest(_ text: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(text, maxDepth: maxDepth, windowScan: true, mode: .request)
    }

    /// One item object, with its nested values deferred as ``parseRequest(_:maxDepth:)`` defers
    /// them.
    package static func parseDeferredItem(_ text: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(text, maxDepth: maxDepth, windowScan: true, mode: .items)
    }

    /// ``parse(_:maxDepth:)-([UInt8],_)`` with the string scan's window fast path
    /// (``StringWindowScan``) on or off: both give the same result for every text, which the
    /// tests and the `json-parser` fuzz target check by parsing each text both ways.
    package static func parse(_ text: [UInt8], maxDepth: Int = defaultMaxDepth, windowScan: Bool) throws(JSONParseError) -> JSONValue {
        try parse(text, maxDepth: maxDepth, windowScan: windowScan, mode: .build)
    }

    private static func parse(_ text: [UInt8], maxDepth: Int, windowScan: Bool, mode: Mode) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = text.withUnsafeBufferPointer { bytes in
            // An empty text ends before any value (and may have no storage to point at).
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return .failure(JSONParseError(kind: .unexpectedEnd, offset: 0))
            }
            // The scratch stacks start on the stack: a small request allocates none of them.
            return withUnsafeTemporaryAllocation(of: JSONValue.self, capacity: ScratchStack<JSONValue>.firstCapacity) { elements in
                withUnsafeTemporaryAllocation(of: JSONObject.Member.self, capacity: ScratchStack<JSONObject.Member>.firstCapacity) { members in
                    withUnsafeTemporaryAllocation(of: DeferredMembers.Member.self, capacity: ScratchStack<DeferredMembers.Member>.firstCapacity) {
                        var state = State(text: text, base: base, maxDepth: maxDepth, windowScan: windowScan,
                                          elements: elements, members: members, deferredMembers: $0)
                        do throws(JSONParseError) {
                            state.skipWhitespace()
                            let value = try state.parseValue(depth: 0, mode: mode)
                            state.skipWhitespace()
                            if state.index < state.end {
                                throw state.error(.trailingText)
                            }
                            return .success(value)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
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
    /// What the parser builds of the value it is at, and of the values inside it.
    private enum Mode {
        /// Everything.
        case build
        /// Nothing: the value is checked as strictly, with the same errors, and skipped.
        case skip
        /// A request object, or a batch array of them: built, with its `params` as ``params``.
        case request
        /// A request's params: built, with its `items` as ``items``.
        case params
        /// The items: built, but objects (the items themselves) deferred; also one item alone.
        case items

        /// The mode of the value of the member named `key` of an object parsed in this mode.
        func member(_ key: JSONString) -> Mode {
            switch self {
            case .skip: .skip
            case .request where key.matches("params"): .params
            case .params where key.matches("items"): .items
            default: .build
            }
        }

        /// The mode of the elements of an array parsed in this mode.
        var element: Mode {
            switch self {
            case .skip: .skip
            case .request: .request  // a batch
            case .items: .items
            default: .build
            }
        }
    }

    /// The parser's position. Bytes are read through `base` (`text`'s storage, valid for the
    /// whole parse) so that the hot loops carry no bounds checks in release builds, while
    /// strings keep a reference to `text` itself and share it.
    private struct State: ~Copyable {
        let text: [UInt8]
        /// The first byte of `text`, which is not empty.
        let base: UnsafePointer<UInt8>
        let maxDepth: Int
        /// Whether strings are scanned a window at a time where they can be.
        let windowScan: Bool
        var index = 0
        let end: Int
        /// Whether strings can point into `text` (its offsets fit ``JSONString``'s 32 bits).
        let sharesText: Bool
        /// How many whitespace bytes were skipped so far: an object during whose parse this did
        /// not change is its own compact text.
        var whitespaceSkipped = 0
        /// The elements of the arrays being parsed, innermost last.
        var elements: ScratchStack<JSONValue>
        /// The members of the objects being parsed, innermost last.
        var members: ScratchStack<JSONObject.Member>
        /// The members of the deferred item being parsed.
        var deferredMembers: ScratchStack<DeferredMembers.Member>

        /// A parse of `text`, whose scratch stacks start in the memory given, which outlives it.
        init(text: [UInt8], base: UnsafePointer<UInt8>, maxDepth: Int, windowScan: Bool,
             elements: UnsafeMutableBufferPointer<JSONValue>, members: UnsafeMutableBufferPointer<JSONObject.Member>,
             deferredMembers: UnsafeMutableBufferPointer<DeferredMembers.Member>) {
            self.elements = ScratchStack(startingIn: elements)
            self.members = ScratchStack(startingIn: members)
            self.deferredMembers = ScratchStack(startingIn: deferredMembers)
            self.text = text
            self.base = base
            self.maxDepth = maxDepth
            self.windowScan = windowScan
            self.end = text.count
            self.sharesText = text.count <= Int(UInt32.max)
        }

        /// The byte at text index `position`; the caller has checked `position < end`.
        @inline(__always)
        func at(_ position: Int) -> UInt8 {
            base[position]
        }

        func error(_ kind: JSONParseError.Kind, at position: Int? = nil) -> JSONParseError {
            JSONParseError(kind: kind, offset: position ?? index)
        }

        mutating func skipWhitespace() {
            let start = index
            defer { whitespaceSkipped &+= index &- start }
            while index < end {
                switch at(index) {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// Parses the value at `index` as `mode` says; in ``Mode/skip`` it returns `.null`.
        mutating func parseValue(depth: Int, mode: Mode = .build) throws(JSONParseError) -> JSONValue {
            guard index < end else { throw error(.unexpectedEnd) }
            switch at(index) {
            case UInt8(ascii: "\""):
                if mode == .skip {
                    _ = try scanString()
                    return .null
                }
                return .string(try parseString())
            case UInt8(ascii: "{"):
                if mode == .items && sharesText { return try parseDeferredItem(depth: depth + 1) }
                return try parseObject(depth: depth + 1, mode: mode)
            case UInt8(ascii: "["):
                return try parseArray(depth: depth + 1, mode: mode)
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
                let digits = try scanNumber()
                if mode == .skip { return .null }
                return .number(JSONNumber(validatedText: String(decoding: UnsafeBufferPointer(start: base + digits.lowerBound, count: digits.count), as: UTF8.self)))
            case let byte:
                throw unexpected(byte)
            }
        }

        /// The error for `byte`, at `index`, where it cannot start or continue a value: invalid
        /// UTF-8 if the bytes there are not a well-formed UTF-8 sequence, else an unexpected byte
        /// (so a byte order mark or an `é` outside a string is not reported as bad UTF-8).
        /// The scan moves only `index`, which is put back.
        mutating func unexpected(_ byte: UInt8) -> JSONParseError {
            guard byte >= 0x80 else { return error(.unexpectedByte(byte)) }
            let start = index
            let wellFormed = (try? scanUTF8Sequence()) != nil
            index = start
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

        /// Parses an array starting at its `[`. Its elements are gathered on `elements` above
        /// those of the arrays it is nested in, then moved out into an array of their own.
        mutating func parseArray(depth: Int, mode: Mode) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
            index += 1  // [
            skipWhitespace()
            if index < end, at(index) == UInt8(ascii: "]") {
                index += 1
                return mode == .skip ? .null : .array([])
            }
            let first = elements.count
            let elementMode = mode.element
            while true {
                skipWhitespace()
                let element = try parseValue(depth: depth, mode: elementMode)
                if mode != .skip { elements.push(element) }
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                switch at(index) {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return mode == .skip ? .null : .array(elements.pop(from: first))
                case let byte: throw unexpected(byte)
                }
            }
        }

        /// Parses an object starting at its `{`. Its members are gathered on `members` above
        /// those of the objects it is nested in, then moved out into an array of their own.
        mutating func parseObject(depth: Int, mode: Mode) throws(JSONParseError) -> JSONValue {
            let objectStart = index
            let whitespaceBefore = whitespaceSkipped
            if try openObject(depth: depth) { return mode == .skip ? .null : .object(JSONObject()) }
            let first = members.count
            while true {
                let key = try parseKey(build: mode != .skip)
                let value = try parseValue(depth: depth, mode: mode.member(key))
                if mode != .skip { members.push(JSONObject.Member(key: key, value: value)) }
                guard try closesObject() else { continue }
                if mode == .skip { return .null }
                guard sharesText && whitespaceSkipped == whitespaceBefore else { return .object(JSONObject(members.pop(from: first))) }
                // No whitespace inside: the bytes are exactly what the writer would write.
                return .object(JSONObject(parsed: members.pop(from: first), source: objectStart..<index))
            }
        }

        /// After a member: moves past the `,` before the next one (`false`), or past the `}`
        /// that closes the object (`true`).
        @inline(__always)
        mutating func closesObject() throws(JSONParseError) -> Bool {
            skipWhitespace()
            guard index < end else { throw error(.unexpectedEnd) }
            switch at(index) {
            case UInt8(ascii: ","): index += 1; return false
            case UInt8(ascii: "}"): index += 1; return true
            case let byte: throw unexpected(byte)
            }
        }

        /// Parses a member's key and the `:` after it, with the whitespace around them; the key
        /// is an empty placeholder when `build` is false.
        @inline(__always)
        mutating func parseKey(build: Bool) throws(JSONParseError) -> JSONString {
            let range = try scanKey()
            return build ? string(at: range) : JSONParser.placeholderKey
        }

        /// Checks a member's key and the `:` after it, with the whitespace around them; returns
        /// the range of the key's escaped body.
        @inline(__always)
        mutating func scanKey() throws(JSONParseError) -> Range<Int> {
            skipWhitespace()
            guard index < end else { throw error(.unexpectedEnd) }
            guard at(index) == UInt8(ascii: "\"") else { throw unexpected(at(index)) }
            let key = try scanString()
            skipWhitespace()
            guard index < end else { throw error(.unexpectedEnd) }
            guard at(index) == UInt8(ascii: ":") else { throw unexpected(at(index)) }
            index += 1
            skipWhitespace()
            return key
        }

        /// Opens the object at `index` (its `{`) at `depth`: `true`, past its `}`, when it is
        /// empty; `false`, past the `{` and the whitespace after it, when a member follows.
        @inline(__always)
        mutating func openObject(depth: Int) throws(JSONParseError) -> Bool {
            guard depth <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
            index += 1  // {
            skipWhitespace()
            guard index < end, at(index) == UInt8(ascii: "}") else { return false }
            index += 1
            return true
        }

        /// Parses an item object starting at its `{`, as ``parseObject(depth:mode:)`` would, but
        /// builds nothing: its members are kept as where their keys and values lie in the text
        /// (``DeferredMembers``), every value checked in ``Mode/skip``. An item with whitespace
        /// inside is parsed again, built, so that writing it stays compact.
        ///
        /// - Precondition: ``sharesText`` (the members are found by 32-bit offsets).
        mutating func parseDeferredItem(depth: Int) throws(JSONParseError) -> JSONValue {
            let objectStart = index
            let whitespaceBefore = whitespaceSkipped
            if try openObject(depth: depth) { return .object(JSONObject()) }
            let first = deferredMembers.count
            while true {
                let key = try scanKey()
                let valueStart = index
                _ = try parseValue(depth: depth, mode: .skip)
                let kind: DeferredMembers.Kind = switch at(valueStart) {
                case UInt8(ascii: "\""): .string
                case UInt8(ascii: "{"): .object
                case UInt8(ascii: "["): .array
                case UInt8(ascii: "t"): .true
                case UInt8(ascii: "f"): .false
                case UInt8(ascii: "n"): .null
                default: .number
                }
                deferredMembers.push(DeferredMembers.Member(
                    keyStart: UInt32(key.lowerBound), valueStart: UInt32(valueStart), valueEnd: UInt32(index), kind: kind))
                guard try closesObject() else { continue }
                guard whitespaceSkipped == whitespaceBefore else {
                    // Whitespace inside: the text is not what the writer writes. Build it.
                    deferredMembers.removeAbove(first)
                    index = objectStart
                    return try parseObject(depth: depth, mode: .build)
                }
                let members = deferredMembers.withPopped(from: first) { DeferredMembers(text: text, members: $0, source: objectStart..<index) }
                return .object(JSONObject(deferred: members))
            }
        }

        /// Parses a string starting at its opening quote; returns its escaped body.
        ///
        /// Past its first 32 bytes, a string is checked a 64-byte window at a time by
        /// ``StringWindowScan`` where the window holds only the common characters and escapes.
        /// Otherwise the bytes are examined 32 at a time: a mask marks the block's `"`, `\`,
        /// control and non-ASCII bytes, and only those are visited. The common escapes and well-formed two-
        /// and three-byte UTF-8 sequences are accepted inline; the rest (`\u` escapes, four-byte
        /// sequences, anything ill-formed) goes to ``scanEscape()`` and ``scanUTF8Sequence()``,
        /// which also report the errors.
        mutating func parseString() throws(JSONParseError) -> JSONString {
            string(at: try scanString())
        }

        /// The string whose escaped body is `range` of the text (checked by ``scanString()``):
        /// sharing the text where its offsets fit, a copy otherwise.
        @inline(__always)
        func string(at range: Range<Int>) -> JSONString {
            sharesText ? JSONString(validatedIn: text, range: range) : JSONString(validatedEscaped: text[range])
        }

        /// Checks the string starting at its opening quote and moves past its closing quote;
        /// returns the range of its escaped body. See ``parseString()``.
        mutating func scanString() throws(JSONParseError) -> Range<Int> {
            let start = index &+ 1
            var position = start
            // Windows from the second block on: most strings (keys, types, ids) end within the
            // first, where a 32-byte block costs less than a 64-byte window.
            var inLongString = false
            while position &+ ByteScan.blockSize <= end {
                if inLongString && position >= StringWindowScan.lookBehind && position &+ StringWindowScan.windowSize <= end {
                    switch StringWindowScan.step(at: UnsafeRawPointer(base + position)) {
                    case .end(let quote): return endString(from: start, at: position &+ quote)
                    case .valid(let count): position &+= count; continue
                    case .unusual: break  // this block byte by byte, below
                    }
                }
                let blockStart = position
                var mask = specialBytes(at: blockStart)
                while mask != 0 {
                    let special = blockStart &+ mask.trailingZeroBitCount
                    let byte = at(special)
                    if byte == UInt8(ascii: "\"") { return endString(from: start, at: special) }
                    position = try skipEscapeOrSequence(byte, at: special)
                    // Forget the bytes just consumed. An escape or sequence is at most 12 bytes
                    // long (a surrogate pair's escapes), so the shift stays below 64.
                    mask &= UInt64.max &<< UInt64(truncatingIfNeeded: position &- blockStart)
                }
                // The rest of the block is plain, unless the last sequence ran past its end.
                position = max(position, blockStart &+ ByteScan.blockSize)
                inLongString = windowScan
            }
            // Fewer than 32 bytes are left: one at a time.
            while position < end {
                let byte = at(position)
                if byte == UInt8(ascii: "\"") { return endString(from: start, at: position) }
                if byte < 0x20 || byte == UInt8(ascii: "\\") || byte >= 0x80 {
                    position = try skipEscapeOrSequence(byte, at: position)
                } else {
                    position &+= 1
                }
            }
            index = end
            throw error(.unexpectedEnd)
        }

        /// The body of the string that runs from `start` to the closing quote at `quote`; moves
        /// past the quote.
        @inline(__always)
        mutating func endString(from start: Int, at quote: Int) -> Range<Int> {
            index = quote &+ 1
            return start..<quote
        }

        /// A mask with bit `i` set if the byte at `position + i` is a `"`, a `\`, a control
        /// character or non-ASCII, for the 32 bytes from `position`, which must all be in the text.
        @inline(__always)
        func specialBytes(at position: Int) -> UInt64 {
            ByteScan.jsonStringSpecials(inBlockAt: UnsafeRawPointer(base + position))
        }

        /// Skips the escape (at a `\`) or the UTF-8 sequence (at a non-ASCII byte) at `position`
        /// inside a string, returning the position after it.
        ///
        /// - Throws: The error for a bad escape or sequence, or for `byte` if it is a control
        ///   character.
        @inline(__always)
        mutating func skipEscapeOrSequence(_ byte: UInt8, at position: Int) throws(JSONParseError) -> Int {
            if byte == UInt8(ascii: "\\") {
                if position &+ 1 < end, Self.isSingleCharacterEscape(at(position &+ 1)) { return position &+ 2 }
                index = position
                try scanEscape()
                return index
            }
            if byte >= 0x80 {
                let length = commonUTF8SequenceLength(at: position)
                if length != 0 { return position &+ length }
                index = position
                try scanUTF8Sequence()
                return index
            }
            index = position
            throw error(.unescapedControlCharacter(byte))
        }

        /// Whether `byte` completes a two-byte escape (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`
        /// or `\t`) after a backslash.
        @inline(__always)
        static func isSingleCharacterEscape(_ byte: UInt8) -> Bool {
            // `\`, `b`, `f`, `n`, `r` and `t` as bits 0, 6, 10, 18, 22 and 24 counted from `\`.
            let fromBackslash = byte &- UInt8(ascii: "\\")
            if fromBackslash < 64 { return (0x0144_0441 as UInt64) &>> fromBackslash & 1 != 0 }
            return byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "/")
        }

        /// The length of the UTF-8 sequence at `position` if it is a complete, well-formed two-
        /// or three-byte sequence whose lead byte needs no second-byte range check beyond that
        /// of a continuation byte (so not `E0` or `ED`); 0 for anything else, which the caller
        /// hands to ``scanUTF8Sequence()``.
        @inline(__always)
        func commonUTF8SequenceLength(at position: Int) -> Int {
            let lead = at(position)
            if lead &- 0xC2 <= 0xDF - 0xC2 {
                guard position &+ 1 < end, at(position &+ 1) & 0xC0 == 0x80 else { return 0 }
                return 2
            }
            if lead &- 0xE1 <= 0xEF - 0xE1, lead != 0xED {
                guard position &+ 2 < end else { return 0 }
                let continuations = UnsafeRawPointer(base + (position &+ 1)).loadUnaligned(as: UInt16.self)
                guard continuations & 0xC0C0 == 0x8080 else { return 0 }
                return 3
            }
            return 0
        }

        /// Validates one escape sequence starting at its backslash.
        mutating func scanEscape() throws(JSONParseError) {
            let escapeStart = index
            guard index + 1 < end else { index = end; throw error(.unexpectedEnd) }
            switch at(index + 1) {
            case let byte where Self.isSingleCharacterEscape(byte):
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

        /// Checks the number at `index`, moves past it, and returns the range of its text.
        mutating func scanNumber() throws(JSONParseError) -> Range<Int> {
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
            return start..<index
        }

        func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        mutating func skipDigits() {
            while index < end, isDigit(at(index)) { index += 1 }
        }
    }
}

extension JSONParser {
    /// The key ``Mode/skip`` gives the members it builds nothing of.
    fileprivate static let placeholderKey = JSONString("")
}

/// A growable stack in memory of its own, on which the parser gathers the elements of the arrays
/// and objects it is inside. A finished array or object moves its elements off the top into an
/// array of their own, so each is copied once into storage of the right size instead of growing
/// by appends.
///
/// It allocates nothing until the first push. It cannot be copied (copies would share its
/// memory), and its `deinit` destroys what is left on it (whatever an error left there) and
/// frees the memory, so its owner has nothing to release.
private struct ScratchStack<Element>: ~Copyable {
    /// How many elements the memory a stack starts in should hold.
    static var firstCapacity: Int { 16 }

    /// The memory; its first `count` elements are initialized.
    private var storage: UnsafeMutableBufferPointer<Element>
    /// Whether `storage` came from the allocator (else it is the memory the stack started in,
    /// which its owner frees).
    private var ownsStorage = false
    /// The number of elements on the stack.
    private(set) var count = 0

    /// An empty stack in `memory` (uninitialized), which must outlive it; it moves to memory of
    /// its own when it outgrows it.
    init(startingIn memory: UnsafeMutableBufferPointer<Element>) {
        storage = memory
    }

    /// Pushes `element` on top.
    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == storage.count { grow() }
        storage.initializeElement(at: count, to: element)
        count &+= 1
    }

    /// Moves the elements from index `first` up, in order, into a new array, leaving `first`
    /// elements on the stack.
    mutating func pop(from first: Int) -> [Element] {
        // Not `Array(unsafeUninitializedCapacity:initializingWith:)`, which allocates through an
        // unspecialized generic path that looks up type metadata on every call.
        var popped: [Element] = []
        popped.reserveCapacity(count - first)
        for index in first..<count {
            popped.append(storage.moveElement(from: index))
        }
        count = first
        return popped
    }

    /// Calls `body` with the elements from index `first` up, in order, then removes them.
    mutating func withPopped<Result>(from first: Int, _ body: (UnsafeBufferPointer<Element>) -> Result) -> Result {
        let top = UnsafeMutableBufferPointer(rebasing: storage[first..<count])
        let result = body(UnsafeBufferPointer(top))
        top.deinitialize()
        count = first
        return result
    }

    /// Removes the elements from index `first` up.
    mutating func removeAbove(_ first: Int) {
        withPopped(from: first) { _ in }
    }

    /// Doubles the capacity (to 16 at least), moving the elements to new memory.
    private mutating func grow() {
        let larger = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(16, storage.count * 2))
        _ = larger.moveInitialize(fromContentsOf: storage[..<count])
        if ownsStorage { storage.deallocate() }
        storage = larger
        ownsStorage = true
    }

    /// Destroys the elements left on the stack and frees the memory it allocated.
    deinit {
        storage[..<count].deinitialize()
        if ownsStorage { storage.deallocate() }
    }
}

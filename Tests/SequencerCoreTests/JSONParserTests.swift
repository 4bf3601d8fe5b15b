import Foundation
import SequencerCore
import Testing

// MARK: - JSONTestSuite

@Suite("JSONParser against nst/JSONTestSuite")
struct JSONParserSuiteTests {
    @Test("the bundled suite holds every y_, n_ and i_ file")
    func suiteIsBundled() {
        #expect(JSONTestSuite.directory != nil)
        #expect(JSONTestSuite.acceptFiles.count == JSONTestSuite.expectedAcceptCount)
        #expect(JSONTestSuite.rejectFiles.count == JSONTestSuite.expectedRejectCount)
        #expect(JSONTestSuite.eitherFiles.count == JSONTestSuite.expectedEitherCount)
    }

    @Test("a y_ file parses", arguments: JSONTestSuite.acceptFiles)
    func acceptsValidText(_ name: String) throws {
        let text = try JSONTestSuite.contents(of: name)
        do {
            _ = try JSONParser.parse(text)
        } catch {
            Issue.record("\(name) was rejected: \(error.message)")
        }
    }

    @Test("an n_ file fails with a JSONParseError inside the text", arguments: JSONTestSuite.rejectFiles)
    func rejectsInvalidText(_ name: String) throws {
        let text = try JSONTestSuite.contents(of: name)
        do {
            let value = try JSONParser.parse(text)
            Issue.record("\(name) was accepted as \(value)")
        } catch {
            #expect((0...text.count).contains(error.offset), "\(name): \(error.message)")
        }
    }

    @Test("an i_ file parses or fails without crashing", arguments: JSONTestSuite.eitherFiles)
    func survivesImplementationDefinedText(_ name: String) throws {
        let text = try JSONTestSuite.contents(of: name)
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect((0...text.count).contains(error.offset), "\(name): \(error.message)")
        }
    }

    /// The strict policy in ``JSONParser``'s documentation, applied to the i_ files: numbers are
    /// kept as text (so no range limit), 500 levels are under the default limit, and every
    /// unpaired surrogate, ill-formed UTF-8, non-UTF-8 encoding or byte order mark is refused.
    @Test("i_ files get the outcome the parser documents")
    func implementationDefinedOutcomes() throws {
        var accepted: [String] = []
        for name in JSONTestSuite.eitherFiles {
            let text = try JSONTestSuite.contents(of: name)
            if (try? JSONParser.parse(text)) != nil {
                accepted.append(name)
            }
        }
        let expected = JSONTestSuite.eitherFiles.filter {
            $0.hasPrefix("i_number_") || $0 == "i_structure_500_nested_arrays.json"
        }
        #expect(accepted == expected)
    }
}

// MARK: - Errors

@Suite("JSONParser errors: kind and offset")
struct JSONParserErrorTests {
    // Quote, for building byte-level texts that Swift string literals cannot hold.
    private static let q: UInt8 = 0x22

    @Test("empty input is an unexpected end at 0")
    func emptyInput() {
        expectError("", .unexpectedEnd, at: 0)
    }

    @Test("whitespace only is an unexpected end after the whitespace")
    func whitespaceOnly() {
        expectError(" \n\t", .unexpectedEnd, at: 3)
    }

    @Test("a string cut off before its closing quote is an unexpected end")
    func truncatedString() {
        expectError(#""abc"#, .unexpectedEnd, at: 4)
        expectError(#"["abc"#, .unexpectedEnd, at: 5)
    }

    @Test("a string cut off inside an escape is an unexpected end")
    func truncatedEscape() {
        expectError(#""ab\"#, .unexpectedEnd, at: 4)
        expectError(#""\u12"#, .unexpectedEnd, at: 5)
    }

    @Test("an array cut off is an unexpected end")
    func truncatedArray() {
        expectError("[", .unexpectedEnd, at: 1)
        expectError("[1,", .unexpectedEnd, at: 3)
        expectError("[1, 2", .unexpectedEnd, at: 5)
    }

    @Test("an object cut off is an unexpected end")
    func truncatedObject() {
        expectError("{", .unexpectedEnd, at: 1)
        expectError(#"{"a""#, .unexpectedEnd, at: 4)
        expectError(#"{"a":"#, .unexpectedEnd, at: 5)
        expectError(#"{"a":1"#, .unexpectedEnd, at: 6)
    }

    @Test("a literal cut off is an unexpected end")
    func truncatedLiteral() {
        expectError("tru", .unexpectedEnd, at: 3)
        expectError("[nul", .unexpectedEnd, at: 4)
    }

    @Test("a backslash before anything but a JSON escape is an invalid escape at the backslash")
    func badEscape() {
        expectError(#""\x""#, .invalidEscape, at: 1)
        expectError(#""ab\U0041""#, .invalidEscape, at: 3)
        expectError(#""\'""#, .invalidEscape, at: 1)
    }

    @Test("a \\u escape with a non-hex digit is an invalid escape at that digit")
    func badHexDigit() {
        expectError(#""\u12G4""#, .invalidEscape, at: 5)
    }

    @Test("a lone high surrogate is unpaired, at its backslash")
    func loneHighSurrogate() {
        expectError(#""\ud800""#, .unpairedSurrogate, at: 1)
        expectError(#""ab\uD800x""#, .unpairedSurrogate, at: 3)
        expectError(#""\ud800\n""#, .unpairedSurrogate, at: 1)
        expectError(#""\ud800\u0041""#, .unpairedSurrogate, at: 1)
        expectError(#""\ud800\ud800""#, .unpairedSurrogate, at: 1)
    }

    @Test("a lone low surrogate is unpaired, at its backslash")
    func loneLowSurrogate() {
        expectError(#""\udc00""#, .unpairedSurrogate, at: 1)
        expectError(#""\udc00\ud800""#, .unpairedSurrogate, at: 1)
        expectError(#"{"k\uDFFF":1}"#, .unpairedSurrogate, at: 3)
    }

    @Test("a paired surrogate escape decodes to one scalar")
    func pairedSurrogate() throws {
        let value = try JSONParser.parse(#""\ud83d\ude00""#)
        #expect(value.stringValue == "\u{1F600}")
    }

    @Test("an overlong UTF-8 encoding is invalid UTF-8 at its lead byte")
    func overlongUTF8() {
        let q = Self.q
        expectError([q, 0xC0, 0xAF, q], .invalidUTF8, at: 1)  // '/' in two bytes
        expectError([q, 0xC1, 0xBF, q], .invalidUTF8, at: 1)
        expectError([q, 0xE0, 0x80, 0xAF, q], .invalidUTF8, at: 1)  // '/' in three bytes
        expectError([q, 0xF0, 0x80, 0x80, 0xAF, q], .invalidUTF8, at: 1)  // '/' in four bytes
    }

    @Test("a UTF-8 encoded surrogate is invalid UTF-8 at its lead byte")
    func surrogateEncodedUTF8() {
        let q = Self.q
        expectError([q, 0xED, 0xA0, 0x80, q], .invalidUTF8, at: 1)  // U+D800
        expectError([q, 0x61, 0xED, 0xBF, 0xBF, q], .invalidUTF8, at: 2)  // U+DFFF
    }

    @Test("a UTF-8 sequence beyond U+10FFFF is invalid UTF-8")
    func beyondUnicodeUTF8() {
        let q = Self.q
        expectError([q, 0xF4, 0x90, 0x80, 0x80, q], .invalidUTF8, at: 1)
        expectError([q, 0xF5, 0x80, 0x80, 0x80, q], .invalidUTF8, at: 1)
    }

    @Test("a UTF-8 sequence cut short inside a string is invalid UTF-8 at its lead byte")
    func truncatedUTF8Sequence() {
        let q = Self.q
        expectError([q, 0xE2, 0x82, q], .invalidUTF8, at: 1)  // "€" missing its last byte
        expectError([q, 0xF0, 0x9F, 0x98, 0x61, q], .invalidUTF8, at: 1)
        expectError([q, 0xC3, q], .invalidUTF8, at: 1)
    }

    @Test("text ending inside a well-formed UTF-8 prefix is an unexpected end")
    func textEndsInsideUTF8Sequence() {
        let q = Self.q
        expectError([q, 0xE2, 0x82], .unexpectedEnd, at: 3)
        expectError([q, 0xF0, 0x9F, 0x98], .unexpectedEnd, at: 4)
    }

    @Test("text ending inside an already ill-formed UTF-8 prefix is invalid UTF-8, not an unexpected end")
    func textEndsInsideIllFormedUTF8Sequence() {
        let q = Self.q
        expectError([q, 0xED, 0xA0], .invalidUTF8, at: 1)  // surrogate prefix
        expectError([q, 0xE0, 0x80], .invalidUTF8, at: 1)  // overlong prefix
        expectError([q, 0xF4, 0x90, 0x80], .invalidUTF8, at: 1)  // beyond U+10FFFF
    }

    @Test("a 0xFF or lone continuation byte is invalid UTF-8")
    func impossibleUTF8Bytes() {
        let q = Self.q
        expectError([q, 0xFF, q], .invalidUTF8, at: 1)
        expectError([q, 0x61, 0x80, q], .invalidUTF8, at: 2)
        expectError([0xFF], .invalidUTF8, at: 0)
        expectError([0x5B, 0xFF, 0x5D], .invalidUTF8, at: 1)
    }

    @Test("a byte order mark is refused as an unexpected byte at 0")
    func byteOrderMark() {
        // EF BB BF is well-formed UTF-8 (U+FEFF), so the text is not invalid UTF-8: the BOM is
        // simply not allowed to start a JSON text.
        expectError([0xEF, 0xBB, 0xBF] + Array("{}".utf8), .unexpectedByte(0xEF), at: 0)
    }

    @Test("U+FEFF inside a string is ordinary text")
    func byteOrderMarkInsideString() throws {
        let value = try JSONParser.parse([Self.q, 0xEF, 0xBB, 0xBF, Self.q])
        #expect(value.stringValue == "\u{FEFF}")
    }

    @Test("well-formed non-ASCII text outside a string is an unexpected byte")
    func nonASCIIOutsideString() {
        expectError("[é]", .unexpectedByte(0xC3), at: 1)
        expectError(#"{é:1}"#, .unexpectedByte(0xC3), at: 1)
        expectError(#"{"a"é}"#, .unexpectedByte(0xC3), at: 4)
    }

    @Test("a raw control character in a string must be escaped")
    func unescapedControlCharacter() {
        expectError("\"a\tb\"", .unescapedControlCharacter(0x09), at: 2)
        expectError("\"\n\"", .unescapedControlCharacter(0x0A), at: 1)
        expectError([Self.q, 0x00, Self.q], .unescapedControlCharacter(0x00), at: 1)
        expectError([Self.q, 0x1F, Self.q], .unescapedControlCharacter(0x1F), at: 1)
    }

    @Test("DEL (0x7F) needs no escape")
    func deleteIsNotAControlCharacter() throws {
        #expect(try JSONParser.parse([Self.q, 0x7F, Self.q]).stringValue == "\u{7F}")
    }

    @Test("a leading zero is an invalid number at the digit after it")
    func leadingZero() {
        expectError("01", .invalidNumber, at: 1)
        expectError("-01", .invalidNumber, at: 2)
        expectError("[00]", .invalidNumber, at: 2)
        expectError(#"{"a":007}"#, .invalidNumber, at: 6)
    }

    @Test("a number missing digits is an invalid number where they should be")
    func incompleteNumber() {
        expectError("-a", .invalidNumber, at: 1)
        expectError("1.e5", .invalidNumber, at: 2)
        expectError("[1e+]", .invalidNumber, at: 4)
        expectError("-", .unexpectedEnd, at: 1)
        expectError("1.", .unexpectedEnd, at: 2)
        expectError("1e", .unexpectedEnd, at: 2)
    }

    @Test("text after the value is trailing text where it starts")
    func trailingGarbage() {
        expectError("{} x", .trailingText, at: 3)
        expectError("1 2", .trailingText, at: 2)
        expectError("[1]]", .trailingText, at: 3)
        expectError("truex", .trailingText, at: 4)
        expectError(#""a""b""#, .trailingText, at: 3)
        expectError([0x6E, 0x75, 0x6C, 0x6C, 0x00], .trailingText, at: 4)
    }

    @Test("a byte that cannot continue a value is unexpected")
    func unexpectedBytes() {
        expectError("[1,]", .unexpectedByte(UInt8(ascii: "]")), at: 3)
        expectError(#"{"a":1,}"#, .unexpectedByte(UInt8(ascii: "}")), at: 7)
        expectError(#"{"a" 1}"#, .unexpectedByte(UInt8(ascii: "1")), at: 5)
        expectError("[1 2]", .unexpectedByte(UInt8(ascii: "2")), at: 3)
        expectError("trux", .unexpectedByte(UInt8(ascii: "x")), at: 3)
        expectError("'a'", .unexpectedByte(UInt8(ascii: "'")), at: 0)
        expectError("\u{0C}1", .unexpectedByte(0x0C), at: 0)  // form feed is not JSON whitespace
    }

    @Test("nesting 512 deep is accepted by default")
    func defaultDepthLimitAccepted() throws {
        let value = try JSONParser.parse(nestedArrays(512))
        #expect(depth(of: value) == 512)
        #expect(JSONParser.defaultMaxDepth == 512)
    }

    @Test("nesting 513 deep is too deep, at the 513th bracket")
    func defaultDepthLimitRejected() {
        expectError(nestedArrays(513), .tooDeep(limit: 512), at: 512)
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        expectError(objects, .tooDeep(limit: 512), at: 512 * 5)
    }

    @Test("very deep nesting is refused at the limit without exhausting the stack")
    func veryDeepNesting() {
        expectError(String(repeating: "[", count: 1_000_000), .tooDeep(limit: 512), at: 512)
    }

    @Test("a custom maxDepth counts arrays and objects alike")
    func customMaxDepth() throws {
        #expect(depth(of: try JSONParser.parse("[[[]]]", maxDepth: 3)) == 3)
        expectError("[[[[]]]]", .tooDeep(limit: 3), at: 3, maxDepth: 3)
        expectError(#"{"a":[{"b":[]}]}"#, .tooDeep(limit: 3), at: 11, maxDepth: 3)
        #expect(depth(of: try JSONParser.parse(nestedArrays(600), maxDepth: 600)) == 600)
    }

    @Test("maxDepth 0 accepts only scalars")
    func zeroMaxDepth() throws {
        #expect(try JSONParser.parse(#""s""#, maxDepth: 0) == "s")
        #expect(try JSONParser.parse("1", maxDepth: 0) == 1)
        expectError("[]", .tooDeep(limit: 0), at: 0, maxDepth: 0)
        expectError(" {}", .tooDeep(limit: 0), at: 1, maxDepth: 0)
    }

    @Test("offsets count from the start of the slice parsed")
    func offsetsAreRelativeToTheSlice() {
        let text = Array("xxx[1,]".utf8)
        expectError(text[3...], .unexpectedByte(UInt8(ascii: "]")), at: 3)
    }

    @Test("the message names the reason and the offset")
    func message() throws {
        #expect(parseError("[1,]")?.message == "unexpected character ']' at byte 3")
        #expect(parseError([0x22, 0x01])?.message == "unescaped control character byte 0x01 in string at byte 1")
        #expect(parseError(nestedArrays(3), maxDepth: 2)?.message == "arrays and objects nested deeper than 2 levels at byte 2")
    }

    // MARK: Helpers

    private func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    private func depth(of value: JSONValue) -> Int {
        switch value {
        case .array(let elements): 1 + (elements.map(depth(of:)).max() ?? 0)
        case .object(let object): 1 + (object.members.map { depth(of: $0.value) }.max() ?? 0)
        default: 0
        }
    }
}

// MARK: - Preservation

@Suite("JSONParser keeps the text of strings, numbers and objects")
struct JSONParserPreservationTests {
    @Test("a string keeps its escaped form, so writing it back reproduces it byte for byte")
    func stringKeepsEscapes() throws {
        let text = #""a\u0041\n""#
        let value = try JSONParser.parse(text)
        #expect(value.serialized == Array(text.utf8))
        #expect(value.jsonString?.escaped.elementsEqual(#"a\u0041\n"#.utf8) == true)
        #expect(value.stringValue == "aA\n")
        #expect(value.jsonString?.hasEscapes == true)
    }

    @Test("every escape form survives a parse and write inside a document")
    func documentKeepsEscapes() throws {
        let text = #"{"k\/ey":["\"\\\/\b\f\n\r\t","\uD83D\uDE00\u00e9\u00E9","é😀"]}"#
        #expect(try JSONParser.parse(text).serialized == Array(text.utf8))
    }

    @Test("a number keeps its literal text", arguments: ["1.0", "-0", "1E+2", "123456789012345678901234567890", "-0.0e-0", "1e400"])
    func numberKeepsText(_ literal: String) throws {
        let value = try JSONParser.parse(literal)
        #expect(value.numberValue?.text == literal)
        #expect(value.serialized == Array(literal.utf8))
    }

    @Test("numbers are compared by text, not by value")
    func numbersCompareByText() throws {
        #expect(try JSONParser.parse("1.0") != JSONParser.parse("1"))
        #expect(try JSONParser.parse("123456789012345678901234567890").numberValue?.intValue == nil)
        #expect(try JSONParser.parse("-0").numberValue?.intValue == 0)
    }

    @Test("object members keep their order and duplicate keys; lookup answers the last")
    func objectKeepsOrderAndDuplicates() throws {
        let text = #"{"b":1,"a":2,"b":3}"#
        let value = try JSONParser.parse(text)
        let object = try #require(value.objectValue)
        #expect(object.members.map(\.key.value) == ["b", "a", "b"])
        #expect(object.count == 3)
        #expect(object["b"] == 3)
        #expect(value["a"] == 2)
        #expect(value["c"] == nil)
        #expect(value.serialized == Array(text.utf8))
    }

    @Test("object lookup matches keys written with escapes")
    func objectLookupThroughEscapes() throws {
        let value = try JSONParser.parse(#"{"\u0041":1,"\n":2}"#)
        #expect(value["A"] == 1)
        #expect(value["\n"] == 2)
    }

    @Test("a JSONString equals another whatever escapes either uses")
    func stringEqualityAcrossEscapes() throws {
        let plain = try #require(JSONParser.parse(#""A""#).jsonString)
        let escaped = try #require(JSONParser.parse(#""\u0041""#).jsonString)
        #expect(plain == escaped)
        #expect(escaped == JSONString("A"))
        #expect(try JSONParser.parse(#""\/""#).jsonString == JSONString("/"))
        #expect(try JSONParser.parse(#""\u00e9""#).jsonString == JSONParser.parse(#""\u00E9""#).jsonString)
        #expect(try JSONParser.parse(#""\u00e9""#).jsonString == JSONString("é"))
        #expect(escaped != JSONString("B"))
        #expect(escaped != JSONString("AA"))
    }

    @Test("JSONString hashing agrees with equality across escapes")
    func stringHashingConsistent() throws {
        let forms = [#""A""#, #""\u0041""#, #""\u0041""#]
        let strings = try forms.map { try #require(JSONParser.parse($0).jsonString) }
        for string in strings {
            #expect(string.hashValue == JSONString("A").hashValue)
        }
        #expect(Set(strings + [JSONString("A")]).count == 1)
        let escapedNewline = try #require(JSONParser.parse(#""x\u000Ay""#).jsonString)
        #expect(escapedNewline == JSONString("x\ny"))
        #expect(escapedNewline.hashValue == JSONString("x\ny").hashValue)
        let dictionary: [JSONString: Int] = [JSONString("x\ny"): 1]
        #expect(dictionary[escapedNewline] == 1)
    }

    /// RFC 8259 §8.3 compares names code unit by code unit; Swift's `String ==` would instead
    /// treat "é" (U+00E9) and "e" + U+0301 as equal.
    @Test("JSONString compares scalars, not canonical equivalence, with or without escapes")
    func stringComparesScalars() throws {
        let raw = try #require(JSONParser.parse(#""café""#).jsonString)
        let escaped = try #require(JSONParser.parse(#""caf\u00e9""#).jsonString)
        let decomposed = "cafe\u{301}"
        #expect(raw.equals("café"))
        #expect(escaped.equals("café"))
        #expect(!raw.equals(decomposed))
        #expect(!escaped.equals(decomposed))
        #expect(escaped != JSONString(decomposed))
        let object = try JSONParser.parse(#"{"caf\u00e9":1}"#)
        #expect(object["café"] == 1)
        #expect(object[decomposed] == nil)
    }

    @Test("parsing a String, a byte array and a slice agree")
    func inputFormsAgree() throws {
        let text = #"{"a":[1,"x",null,true,false]}"#
        let bytes = Array(text.utf8)
        #expect(try JSONParser.parse(text) == JSONParser.parse(bytes))
        #expect(try JSONParser.parse(text) == JSONParser.parse(Array("  \(text)  ".utf8)[1...]))
    }
}

// MARK: - String scanning

/// The string scanner reads 32 bytes at a time and accepts the common escapes and two- and
/// three-byte UTF-8 sequences inline. These tests put each kind of escape, sequence and error at
/// every offset across a block boundary, and cut texts off at every byte, so that no position of a
/// sequence relative to a block or to the end of the text is left out.
@Suite("JSONParser string scanning at every offset")
struct JSONParserStringScanningTests {
    private static let q: UInt8 = 0x22
    /// Enough leading bytes to move a sequence across two 32-byte blocks.
    private static let paddings = 0..<70

    /// `"` + `pad` plain bytes + `body` + `"`, then `trailing` spaces, so that the closing quote
    /// is scanned inside a block as well as near the end of the text.
    private func quoted(_ body: [UInt8], pad: Int, trailing: Int = 0) -> [UInt8] {
        [Self.q] + Array(repeating: UInt8(ascii: "a"), count: pad) + body + [Self.q]
            + Array(repeating: UInt8(ascii: " "), count: trailing)
    }

    @Test("escapes and UTF-8 sequences are accepted at every offset, their text kept and decoded")
    func validSequencesAtEveryOffset() throws {
        let cases: [(escaped: String, decoded: String)] = [
            (#"\n"#, "\n"), (#"\\"#, "\\"), (#"\""#, "\""), (#"\/"#, "/"), (#"\b"#, "\u{8}"), (#"\f"#, "\u{C}"),
            (#"\r"#, "\r"), (#"\t"#, "\t"), (#"\u00e9"#, "é"), (#"\uD83D\uDE00"#, "\u{1F600}"),
            ("é", "é"), ("日本", "日本"), ("😀", "\u{1F600}"), ("\u{7F}", "\u{7F}"), ("\u{80}", "\u{80}"),
            ("\u{7FF}", "\u{7FF}"), ("\u{800}", "\u{800}"), ("\u{D7FF}", "\u{D7FF}"), ("\u{E000}", "\u{E000}"),
            ("\u{FFFF}", "\u{FFFF}"), ("\u{10000}", "\u{10000}"), ("\u{10FFFF}", "\u{10FFFF}"),
        ]
        for (escaped, decoded) in cases {
            let body = Array(escaped.utf8)
            for pad in Self.paddings {
                for trailing in [0, 40] {
                    let value = try JSONParser.parse(quoted(body, pad: pad, trailing: trailing))
                    let prefix = String(repeating: "a", count: pad)
                    #expect(value.jsonString?.escaped.elementsEqual(Array(prefix.utf8) + body) == true, "\(escaped) after \(pad)")
                    #expect(value.stringValue == prefix + decoded, "\(escaped) after \(pad)")
                }
            }
        }
    }

    @Test("runs of escapes and sequences with no plain byte between them are accepted at every offset")
    func denseSequencesAtEveryOffset() throws {
        let escaped = #"é日\n\\\"😀\u00e9é\/本\t"#
        let decoded = "é日\n\\\"😀éé/本\t"
        for pad in Self.paddings {
            let body = Array(String(repeating: escaped, count: 5).utf8)
            let value = try JSONParser.parse(quoted(body, pad: pad, trailing: 3))
            #expect(value.jsonString?.escaped.suffix(body.count).elementsEqual(body) == true)
            #expect(value.stringValue == String(repeating: "a", count: pad) + String(repeating: decoded, count: 5))
        }
    }

    @Test("a long string dense in escapes and non-ASCII text keeps every byte")
    func longDenseString() throws {
        let unit = #"ok é path\\to 日本 \"quoted\" FAIL\n"#
        let body = String(repeating: unit, count: 4_000)
        let value = try JSONParser.parse("[\"" + body + "\",1]")
        let string = try #require(value.arrayValue?.first?.jsonString)
        #expect(string.escaped.elementsEqual(body.utf8))
        #expect(string.value == String(repeating: #"ok é path\to 日本 "quoted" FAIL"# + "\n", count: 4_000))
    }

    @Test("ill-formed UTF-8, raw control characters and bad escapes are reported at every offset")
    func errorsAtEveryOffset() {
        let cases: [(body: [UInt8], kind: JSONParseError.Kind, offset: Int)] = [
            ([0xC0, 0x80], .invalidUTF8, 0),  // overlong NUL
            ([0xC1, 0xBF], .invalidUTF8, 0),
            ([0xC3, 0x41], .invalidUTF8, 0),  // a lead byte without its continuation
            ([0xC3, 0xC3, 0xA9], .invalidUTF8, 0),
            ([0xE0, 0x80, 0x80], .invalidUTF8, 0),  // overlong
            ([0xE0, 0x9F, 0xBF], .invalidUTF8, 0),
            ([0xED, 0xA0, 0x80], .invalidUTF8, 0),  // U+D800
            ([0xED, 0xBF, 0xBF], .invalidUTF8, 0),  // U+DFFF
            ([0xE6, 0x97, 0x41], .invalidUTF8, 0),  // third byte not a continuation
            ([0xE6, 0x41, 0xA5], .invalidUTF8, 0),  // second byte not a continuation
            ([0xE6, 0x97], .invalidUTF8, 0),  // cut short by the closing quote
            ([0xF0, 0x8F, 0xBF, 0xBF], .invalidUTF8, 0),  // overlong
            ([0xF4, 0x90, 0x80, 0x80], .invalidUTF8, 0),  // beyond U+10FFFF
            ([0xF0, 0x9F, 0x98, 0x41], .invalidUTF8, 0),
            ([0x80], .invalidUTF8, 0),
            ([0xBF], .invalidUTF8, 0),
            ([0xF8, 0x80], .invalidUTF8, 0),
            ([0xFF], .invalidUTF8, 0),
            (Array("é".utf8) + [0x80], .invalidUTF8, 2),  // one continuation byte too many
            (Array("日".utf8) + [0xA5], .invalidUTF8, 3),
            ([0x00], .unescapedControlCharacter(0x00), 0),
            ([0x01], .unescapedControlCharacter(0x01), 0),
            ([0x0A], .unescapedControlCharacter(0x0A), 0),
            ([0x1F], .unescapedControlCharacter(0x1F), 0),
            (Array(#"\n"#.utf8) + [0x09], .unescapedControlCharacter(0x09), 2),
            (Array("é".utf8) + [0x1F], .unescapedControlCharacter(0x1F), 2),
            (Array(#"\x"#.utf8), .invalidEscape, 0),
            (Array(#"\"#.utf8) + [0xC3, 0xA9], .invalidEscape, 0),
            (Array(#"\u12G4"#.utf8), .invalidEscape, 4),
            (Array(#"\uDC00"#.utf8), .unpairedSurrogate, 0),
            (Array(#"\uD800\u0041"#.utf8), .unpairedSurrogate, 0),
            (Array(#"é\uD83Dx"#.utf8), .unpairedSurrogate, 2),
        ]
        for (body, kind, offset) in cases {
            for pad in Self.paddings {
                expectError(quoted(body, pad: pad, trailing: 40), kind, at: 1 + pad + offset)
            }
        }
    }

    @Test("every byte after a backslash makes a two-byte escape, starts a \\u escape, or is an invalid escape")
    func everyByteAfterBackslash() throws {
        let twoByteEscapes = Set(#""\/bfnrt"#.utf8)
        for byte in UInt8.min...UInt8.max {
            for pad in [0, 29, 30, 31, 40] {
                let body: [UInt8] = [UInt8(ascii: "\\"), byte] + Array("xxxx".utf8)
                let text = quoted(body, pad: pad, trailing: 40)
                if twoByteEscapes.contains(byte) {
                    let value = try JSONParser.parse(text)
                    #expect(value.jsonString?.escaped.suffix(body.count).elementsEqual(body) == true)
                } else if byte == UInt8(ascii: "u") {
                    expectError(text, .invalidEscape, at: 1 + pad + 2)
                } else {
                    expectError(text, .invalidEscape, at: 1 + pad)
                }
            }
        }
    }

    @Test("a text cut off anywhere in a string is an unexpected end, or an unpaired surrogate after a lone high one")
    func truncatedAtEveryByte() {
        let body = Array(#"é日😀\n\uD83D\uDE00b"#.utf8)
        // Where the text ends just after `\uD83D` or `\uD83D\`, the escape is known to be unpaired.
        let surrogate = body.count - 13
        for pad in 0..<40 {
            let text = [UInt8(ascii: "[")] + quoted(body, pad: pad)
            let bodyStart = 2 + pad
            for cut in bodyStart..<text.count {
                if cut == bodyStart + surrogate + 6 || cut == bodyStart + surrogate + 7 {
                    expectError(text[..<cut], .unpairedSurrogate, at: bodyStart + surrogate)
                } else {
                    expectError(text[..<cut], .unexpectedEnd, at: cut)
                }
            }
        }
    }

    @Test("a text cut off inside an already ill-formed UTF-8 sequence is invalid UTF-8 at every offset")
    func truncatedInsideIllFormedSequence() {
        let cases: [[UInt8]] = [[0xE0, 0x80], [0xED, 0xA0], [0xF0, 0x80], [0xF4, 0x90, 0x80], [0xC3, 0x41], [0xE6, 0x41]]
        for body in cases {
            for pad in Self.paddings {
                expectError(Array(quoted(body, pad: pad).dropLast()), .invalidUTF8, at: 1 + pad)
            }
        }
    }
}

// MARK: - Arrays and objects

@Suite("JSONParser builds arrays and objects of any size and nesting")
struct JSONParserContainerTests {
    @Test("nested arrays and objects come out with their elements in order")
    func nestedContainers() throws {
        let text = #"[1,[2,[3,[]],4],{"a":[5,{"b":{}}],"c":6},[],{},7]"#
        let value = try JSONParser.parse(text)
        let expected: JSONValue = [1, [2, [3, []], 4], ["a": [5, ["b": [:]]], "c": 6], [], [:], 7]
        #expect(value == expected)
        #expect(value.serialized == Array(text.utf8))
    }

    @Test("arrays and objects with hundreds of entries, nested in each other, keep them all")
    func largeContainers() throws {
        let inner = "[" + (0..<300).map(String.init).joined(separator: ",") + "]"
        let members = (0..<300).map { #""k\#($0)":\#(inner)"# }
        let text = "[" + inner + ",{" + members.joined(separator: ",") + "}," + inner + "]"
        let value = try JSONParser.parse(text)
        let elements = try #require(value.arrayValue)
        #expect(elements.count == 3)
        #expect(elements[0].arrayValue?.map { $0.numberValue?.intValue } == (0..<300).map { $0 })
        #expect(elements[2] == elements[0])
        let object = try #require(elements[1].objectValue)
        #expect(object.members.map(\.key.value) == (0..<300).map { "k\($0)" })
        #expect(object.members.allSatisfy { $0.value == elements[0] })
        #expect(value.serialized == Array(text.utf8))
    }

    @Test("an error inside half-built arrays and objects is reported where it is")
    func errorInsidePartialContainers() {
        expectError(#"[1,[2,{"a":[3,4,{"b":[5,6,"#, .unexpectedEnd, at: 26)
        expectError(#"{"a":[1,2,{"b":[3,"x\q"]}]}"#, .invalidEscape, at: 20)
        expectError(#"[[1,2],[3,{"k":4},]]"#, .unexpectedByte(UInt8(ascii: "]")), at: 18)
    }
}

// MARK: - Helpers

/// The error parsing `text` throws, or `nil` if it parses.
private func parseError(_ text: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
    parseError(text[...], maxDepth: maxDepth)
}

private func parseError(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
    parseError(Array(text.utf8)[...], maxDepth: maxDepth)
}

private func parseError(_ text: ArraySlice<UInt8>, maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(text, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

/// Expects parsing `text` to fail with exactly `kind` at exactly `offset`.
private func expectError(
    _ text: ArraySlice<UInt8>, _ kind: JSONParseError.Kind, at offset: Int,
    maxDepth: Int = JSONParser.defaultMaxDepth, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = parseError(text, maxDepth: maxDepth) else {
        Issue.record("parsed, expected \(kind) at \(offset)", sourceLocation: sourceLocation)
        return
    }
    #expect(error.kind == kind, sourceLocation: sourceLocation)
    #expect(error.offset == offset, sourceLocation: sourceLocation)
}

private func expectError(
    _ text: [UInt8], _ kind: JSONParseError.Kind, at offset: Int,
    maxDepth: Int = JSONParser.defaultMaxDepth, sourceLocation: SourceLocation = #_sourceLocation
) {
    expectError(text[...], kind, at: offset, maxDepth: maxDepth, sourceLocation: sourceLocation)
}

private func expectError(
    _ text: String, _ kind: JSONParseError.Kind, at offset: Int,
    maxDepth: Int = JSONParser.defaultMaxDepth, sourceLocation: SourceLocation = #_sourceLocation
) {
    expectError(Array(text.utf8)[...], kind, at: offset, maxDepth: maxDepth, sourceLocation: sourceLocation)
}

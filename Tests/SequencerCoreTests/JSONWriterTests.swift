import Foundation
import SequencerCore
import Testing

// MARK: - Value kinds

@Suite("JSONWriter output for each kind of value")
struct JSONWriterValueTests {
    @Test("null, true and false are written as their literals")
    func literals() {
        #expect(written(.null) == "null")
        #expect(written(.bool(true)) == "true")
        #expect(written(.bool(false)) == "false")
        #expect(written(nil) == "null")
    }

    @Test("a number is written as its text")
    func numbers() throws {
        #expect(written(.number(JSONNumber(42))) == "42")
        #expect(written(.number(JSONNumber(-7))) == "-7")
        #expect(written(.number(JSONNumber(Int.min))) == "-9223372036854775808")
        #expect(written(.number(try #require(JSONNumber(text: "-1.50e+3")))) == "-1.50e+3")
        #expect(written(0) == "0")
    }

    @Test("a string is written quoted")
    func strings() {
        #expect(written(.string(JSONString("hi"))) == #""hi""#)
        #expect(written(.string(JSONString(""))) == #""""#)
        #expect(written("a b") == #""a b""#)
    }

    @Test("an array is written compactly, in order")
    func arrays() {
        #expect(written([]) == "[]")
        #expect(written([1, "a", nil, true]) == #"[1,"a",null,true]"#)
        #expect(written([[], [[]], [1, [2]]]) == "[[],[[]],[1,[2]]]")
    }

    @Test("an object is written compactly, its members in order")
    func objects() {
        #expect(written([:]) == "{}")
        #expect(written(["b": 1, "a": [true, false], "c": ["d": nil]]) == #"{"b":1,"a":[true,false],"c":{"d":null}}"#)
    }

    @Test("an object with duplicate keys writes every member")
    func duplicateKeys() {
        let object = JSONObject([
            JSONObject.Member(key: "k", value: 1),
            JSONObject.Member(key: "k", value: 2),
        ])
        #expect(written(.object(object)) == #"{"k":1,"k":2}"#)
    }

    @Test("description and serialized are the compact text")
    func descriptionAndSerialized() {
        let value: JSONValue = ["a": [1, "x"]]
        #expect(value.description == #"{"a":[1,"x"]}"#)
        #expect(value.serialized == Array(#"{"a":[1,"x"]}"#.utf8))
    }

    @Test("writeString, writeInt, writeKey and raw append to one buffer")
    func piecewiseWriting() {
        var writer = JSONWriter()
        writer.raw("{")
        writer.writeKey("id")
        writer.writeInt(-12)
        writer.raw(",")
        writer.writeKey("name")
        writer.writeString("a\"b")
        writer.raw(",")
        writer.writeKey("raw")
        writer.raw(Array("[1]".utf8))
        writer.raw("}")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"id":-12,"name":"a\"b","raw":[1]}"#)
    }

    @Test("write appends to what is already there")
    func writeAppends() {
        var writer = JSONWriter(capacity: 0)
        writer.write(.null)
        writer.write(JSONString("x"))
        writer.write([JSONValue.bool(true)])
        writer.write(JSONObject())
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"null"x"[true]{}"#)
    }
}

// MARK: - Escaping

@Suite("JSONWriter escaping of Swift strings")
struct JSONWriterEscapingTests {
    @Test("a quote and a backslash are escaped with a backslash")
    func quoteAndBackslash() {
        #expect(escaped("\"") == #""\"""#)
        #expect(escaped("\\") == #""\\""#)
        #expect(escaped("a\"b\\c") == #""a\"b\\c""#)
    }

    @Test("newline, return, tab, backspace and form feed use their short escapes")
    func shortEscapes() {
        #expect(escaped("\n") == #""\n""#)
        #expect(escaped("\r") == #""\r""#)
        #expect(escaped("\t") == #""\t""#)
        #expect(escaped("\u{08}") == #""\b""#)
        #expect(escaped("\u{0C}") == #""\f""#)
    }

    @Test("other control characters use \\u00XX with lowercase hex")
    func otherControlCharacters() {
        #expect(escaped("\u{01}") == #""\u0001""#)
        #expect(escaped("\u{00}") == #""\u0000""#)
        #expect(escaped("\u{0B}") == #""\u000b""#)
        #expect(escaped("\u{1B}") == #""\u001b""#)
        #expect(escaped("\u{1F}") == #""\u001f""#)
    }

    @Test("slash, DEL and printable ASCII are written as they are")
    func unescapedASCII() {
        #expect(escaped("a/b") == #""a/b""#)
        #expect(escaped("\u{7F}") == "\"\u{7F}\"")
        #expect(escaped(" ~'") == #"" ~'""#)
    }

    @Test("non-ASCII text is passed through as UTF-8")
    func nonASCIIPassesThrough() {
        let text = "é€😀\u{FEFF}\u{2028}"
        let bytes = escapedBytes(text)
        #expect(bytes == [0x22] + Array(text.utf8) + [0x22])
        #expect(!bytes.contains(UInt8(ascii: "\\")))
    }

    @Test("JSONString and writeString escape the same way")
    func jsonStringMatchesWriteString() {
        let text = "q\"b\\n\n\u{01}é"
        var writer = JSONWriter()
        writer.writeString(text)
        #expect(written(.string(JSONString(text))) == String(decoding: writer.bytes, as: UTF8.self))
    }

    @Test("writeString(utf8:) writes exactly what writeString writes, runs and escapes anywhere")
    func utf8MatchesString() throws {
        var texts = ["", "plain", "\"", "a\\", "\n", "é€😀 tail", String(repeating: "x", count: 100) + "\u{01}" + String(repeating: "y", count: 3)]
        texts += (0..<0x20).map { "run\(Character(Unicode.Scalar(UInt8($0))))run" }
        for text in texts {
            var fromString = JSONWriter()
            fromString.writeString(text)
            var fromBytes = JSONWriter()
            fromBytes.writeString(utf8: Array(text.utf8))
            #expect(fromBytes.bytes == fromString.bytes, "\(text.debugDescription)")
            #expect(try JSONParser.parse(fromBytes.bytes).stringValue == text)
        }
    }

    @Test("every character below U+0020 is escaped and reads back as itself")
    func everyControlCharacterRoundTrips() throws {
        for scalar in 0..<0x20 {
            let text = String(Character(Unicode.Scalar(UInt8(scalar))))
            let bytes = escapedBytes(text)
            #expect(!bytes.contains { $0 < 0x20 }, "U+\(scalar) written raw")
            #expect(try JSONParser.parse(bytes).stringValue == text, "U+\(scalar) changed")
        }
    }
}

// MARK: - Round trip

@Suite("JSONWriter round trip over nst/JSONTestSuite")
struct JSONWriterRoundTripTests {
    @Test("a y_ file parses, writes and parses back to an equal value", arguments: JSONTestSuite.acceptFiles)
    func roundTrip(_ name: String) throws {
        let text = try JSONTestSuite.contents(of: name)
        let value = try JSONParser.parse(text)
        let written = value.serialized
        let reparsed = try JSONParser.parse(written)
        #expect(reparsed == value)
        #expect(reparsed.serialized == written, "writing is not stable")
        #expect(value.serializedCount == written.count, "serializedCount differs from what is written")
    }

    @Test("writing drops only insignificant whitespace")
    func roundTripDropsWhitespace() throws {
        let value = try JSONParser.parse(" {\n\t\"a\" : [ 1 , \"\\u0041\" ] ,\r\n\"b\":{ } } ")
        #expect(written(value) == #"{"a":[1,"\u0041"],"b":{}}"#)
    }
}

// MARK: - Helpers

/// `value` written as compact JSON text.
private func written(_ value: JSONValue) -> String {
    String(decoding: value.serialized, as: UTF8.self)
}

/// `text` written as a JSON string, as bytes.
private func escapedBytes(_ text: String) -> [UInt8] {
    JSONValue.string(JSONString(text)).serialized
}

/// `text` written as a JSON string.
private func escaped(_ text: String) -> String {
    String(decoding: escapedBytes(text), as: UTF8.self)
}

// MARK: - The buffer

@Suite("JSONWriter's buffer: a value, grown as needed, read in place")
struct JSONWriterBufferTests {
    @Test("a copy of a writer keeps its text when the original writes on, and the original keeps its own")
    func copiesAreIndependent() {
        var original = JSONWriter(capacity: 64)
        original.raw(#"{"a":"#)
        var copy = original
        original.writeInt(1)
        copy.writeString("x")
        original.raw("}")
        copy.raw("}")
        #expect(original.bytes == Array(#"{"a":1}"#.utf8))
        #expect(copy.bytes == Array(#"{"a":"x"}"#.utf8))
    }

    @Test("a writer made with capacity 0 writes as any other, and writers made so do not share text")
    func zeroCapacity() {
        var first = JSONWriter(capacity: 0)
        var second = JSONWriter(capacity: 0)
        #expect(first.count == 0)
        #expect(first.bytes.isEmpty)
        first.raw("[1]")
        second.raw("{}")
        #expect(first.bytes == Array("[1]".utf8))
        #expect(second.bytes == Array("{}".utf8))
    }

    @Test("text far past the first capacity is kept whole, byte for byte")
    func growth() {
        var writer = JSONWriter(capacity: 1)
        var expected: [UInt8] = []
        for index in 0..<5_000 {
            writer.writeInt(index)
            writer.raw(",")
            writer.writeKey("key")
            expected += Array("\(index),\"key\":".utf8)
        }
        #expect(writer.count == expected.count)
        #expect(writer.bytes == expected)
        #expect(writer.withUnsafeBytes { Array($0) } == expected)
    }

    @Test("truncating takes back what was written after the mark, and writing goes on from there")
    func truncation() {
        var writer = JSONWriter()
        writer.raw("[1,")
        let mark = writer.count
        writer.raw(#""half"#)
        writer.truncate(to: mark)
        writer.raw("2]")
        #expect(writer.bytes == Array("[1,2]".utf8))
        writer.removeAll()
        #expect(writer.count == 0)
        writer.raw("null")
        #expect(writer.bytes == Array("null".utf8))
    }

    @Test("integers are written with their sign and every digit, from 0 to the extremes")
    func integers() {
        for value in [0, 1, -1, 9, 10, -10, 99, 100, 12_345, -98_765, Int.max, Int.min] {
            var writer = JSONWriter(capacity: 0)
            writer.writeInt(value)
            #expect(writer.bytes == Array(String(value).utf8), "\(value)")
        }
    }
}

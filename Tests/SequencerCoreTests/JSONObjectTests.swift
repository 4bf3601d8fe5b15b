import SequencerCore
import Testing

@Suite("JSONObject: lookups, changes, and the compact text a parsed object keeps")
struct JSONObjectTests {
    private func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(text).objectValue)
    }

    private func written(_ value: JSONValue) -> String {
        String(decoding: value.serialized, as: UTF8.self)
    }

    @Test("a parsed object writes back as the bytes it came as, escapes and number spellings kept")
    func writesParsedText() throws {
        let text = #"{"a":"\u00e9\n","b":[1.50E+2,-0,true,null,{"c":{}}],"d":{"e":"\/"}}"#
        let value = try JSONParser.parse(text)
        #expect(written(value) == text)
        #expect(value.serializedCount == text.utf8.count)
    }

    @Test("whitespace inside an object, at any depth, is dropped on writing", arguments: [
        #"{ "a":1}"#, #"{"a" :1}"#, #"{"a": 1}"#, #"{"a":1 }"#, #"{"a":[ 1]}"#, #"{"a":{"b":2 }}"#, "{\"a\":1,\n\"b\":2}",
    ])
    func dropsWhitespace(text: String) throws {
        let value = try JSONParser.parse(text)
        let compact = written(value)
        #expect(!compact.contains(" ") && !compact.contains("\n"))
        #expect(compact == written(try JSONParser.parse(compact)))
        #expect(value.serializedCount == compact.utf8.count)
    }

    @Test("an object within a text with whitespace elsewhere still writes as its bytes")
    func innerObjectOfSpacedText() throws {
        let value = try JSONParser.parse(#" [ {"a":"x"} , 2 ] "#)
        #expect(written(value) == #"[{"a":"x"},2]"#)
    }

    @Test("every change forgets the parsed text")
    func changesForgetText() throws {
        var replaced = try object(#"{"id":"x","type":"t"}"#)
        replaced["type"] = .string("u")
        #expect(written(.object(replaced)) == #"{"id":"x","type":"u"}"#)

        var removed = try object(#"{"id":"x","type":"t"}"#)
        removed["id"] = nil
        #expect(written(.object(removed)) == #"{"type":"t"}"#)

        var appended = try object(#"{"a":1}"#)
        appended.members.append(.init(key: "b", value: .bool(false)))
        #expect(written(.object(appended)) == #"{"a":1,"b":false}"#)
        #expect(JSONValue.object(appended).serializedCount == 17)

        var edited = try object(#"{"a":{"b":1}}"#)
        edited.members[0].value = .null
        #expect(written(.object(edited)) == #"{"a":null}"#)
    }

    @Test("equality compares members, not where they came from")
    func equality() throws {
        let parsed = try object(#"{"a":"b"}"#)
        let spaced = try object(#"{ "a" : "b" }"#)
        let built = JSONObject([.init(key: "a", value: .string("b"))])
        #expect(parsed == spaced)
        #expect(parsed == built)
        #expect(parsed != (try object(#"{"a":"c"}"#)))
    }

    @Test("lookups answer with the last member of a name")
    func lastWins() throws {
        let value = try object(#"{"k":1,"k":2,"\u006b":3,"x":4}"#)
        #expect(value["k"]?.numberValue?.text == "3")
        #expect(value.contains("x"))
        #expect(!value.contains("y"))
        #expect(value.count == 4)
    }
}

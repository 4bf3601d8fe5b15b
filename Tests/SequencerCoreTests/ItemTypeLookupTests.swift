import SequencerCore
import Testing

@Suite("Item types are found by their bytes, however they are spelled")
struct ItemTypeLookupTests {
    private func item(_ text: String, kinds: CallKindTable = .builtIn) throws -> Item {
        try Item(JSONParser.parse(text), kinds: kinds)
    }

    @Test("a type spelled with escapes is the type it decodes to")
    func escapedTypes() throws {
        #expect(try item(#"{"type":"\u0066unction_call","call_id":"c","name":"f","arguments":"{}"}"#).kind == .call(.function))
        #expect(try item(#"{"type":"m\u0065ssage","role":"user","content":"hi"}"#).kind == .message(.user))
        #expect(try item(#"{"type":"reasoning\u0020","summary":[]}"#).isKnownType == false)
        #expect(try item(#"{"type":"web_search_c\u0061ll"}"#).kind == .apiRun("web_search_call"))
        #expect(try item(#"{"type":"additional_t\u006Fols"}"#).kind == .other("additional_tools", hostSide: true))
    }

    @Test("declared types that JSON must escape are found, escaped either way")
    func declaredTypesWithEscapes() throws {
        let kinds = try CallKindTable.builtIn.declaring([CallKindDeclaration(call: "say \"hi\"\t", outputs: ["out/put"])])
        let call = try item(#"{"type":"say \"hi\"\t","call_id":"c"}"#, kinds: kinds)
        #expect(call.callKind?.type == "say \"hi\"\t")
        #expect(try item(#"{"type":"say \u0022hi\u0022\u0009","call_id":"c"}"#, kinds: kinds).callKind?.type == "say \"hi\"\t")
        #expect(try item(#"{"type":"out\/put","call_id":"c","output":"x"}"#, kinds: kinds).outputKind?.type == "out/put")
        #expect(try item(#"{"type":"out/put","call_id":"c","output":"x"}"#, kinds: kinds).outputKind?.type == "out/put")
    }

    @Test("a type the table does not know is kept as its text, and marked unknown")
    func unknownTypes() throws {
        let unknown = try item(#"{"type":"brand_new_thing_\u00e9"}"#)
        #expect(unknown.kind == .other("brand_new_thing_é", hostSide: false))
        #expect(!unknown.isKnownType)
        #expect(try item(#"{"type":""}"#).isKnownType == false)
    }
}

import SequencerCore
import SequencerTestSupport
import Testing

@Suite("ProviderSchema: OpenAI's published schema with its named exceptions")
struct ProviderSchemaUnitTests {
    static let schema = Result { () throws(ProviderSchema.LoadError) in try ProviderSchema() }

    private static func responses(_ json: String) throws -> [String] {
        try schema.get().responsesItemProblems(try JSONParser.parse(json))
    }

    private static func chat(_ json: String) throws -> [String] {
        try schema.get().chatMessageProblems(try JSONParser.parse(json))
    }

    @Test("items a host replays without id (store: false) are accepted", arguments: [
        #"{"type":"reasoning","summary":[{"type":"summary_text","text":"t"}],"encrypted_content":null}"#,
        #"{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hi"}]}"#,
        #"{"type":"local_shell_call","call_id":"c","status":"completed","action":{"type":"exec","command":["ls"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}}"#,
        #"{"type":"web_search_call","status":"completed","action":{"type":"search","query":"q"}}"#,
        #"{"type":"message","role":"user","content":[{"type":"input_image","image_url":"https://example.com/a.png"}]}"#,
    ])
    func omittedMembers(_ item: String) throws {
        #expect(try ProviderSchemaUnitTests.responses(item) == [])
    }

    @Test("the published defects are amended: an MCP approval response needs no request_id; a shell output's call_id is a string")
    func publishedDefects() throws {
        #expect(try ProviderSchemaUnitTests.responses(#"{"type":"mcp_approval_response","approval_request_id":"r","approve":true}"#) == [])
        #expect(try ProviderSchemaUnitTests.responses(#"{"type":"local_shell_call_output","call_id":"c","output":"ok"}"#) == [])
        #expect(try !ProviderSchemaUnitTests.responses(#"{"type":"local_shell_call_output","call_id":7,"output":"ok"}"#).isEmpty)
    }

    @Test("a Responses item the API refuses is refused", arguments: [
        #"{"type":"function_call","call_id":"c","arguments":"{}"}"#,
        #"{"type":"ghost_snapshot"}"#,
        #"{"type":"message","role":"user"}"#,
        #"{"type":"function_call_output","call_id":"c"}"#,
    ])
    func refusedItems(_ item: String) throws {
        #expect(try !ProviderSchemaUnitTests.responses(item).isEmpty)
    }

    @Test("a chat message with a member its role does not list is refused as the API refuses it")
    func unknownChatMembers() throws {
        #expect(try ProviderSchemaUnitTests.chat(#"{"role":"user","content":"hi","name":"u"}"#) == [])
        #expect(try ProviderSchemaUnitTests.chat(#"{"role":"user","content":"hi","reasoning":"x"}"#) == [
            "$: Additional properties are not allowed ('reasoning' was unexpected)",
        ])
        #expect(try ProviderSchemaUnitTests.chat(#"{"role":"tool","content":"ok","tool_call_id":"c","name":"f"}"#) == [
            "$: Additional properties are not allowed ('name' was unexpected)",
        ])
        #expect(try !ProviderSchemaUnitTests.chat(#"{"role":"tool","content":"ok"}"#).isEmpty)
    }

    @Test("an exception that no longer applies to the document stops the load")
    func staleException() throws {
        let document = try JSONParser.parse(#"{"$defs":{"OutputMessage":{"required":["type"]}}}"#)
        #expect(throws: ProviderSchema.LoadError.self) { try ProviderSchema(document: document) }
    }
}

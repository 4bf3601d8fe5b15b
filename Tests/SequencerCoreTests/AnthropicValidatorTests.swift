import SequencerCore
import Testing

@Suite("AnthropicValidator")
struct AnthropicValidatorTests {
    /// The problems of `json`, leaving out the opening-turn rule, which has a test of its own,
    /// so that the pairing tests can start where the pairing starts: at an assistant message.
    private func problems(_ json: String) throws -> [Problem] {
        Validator.validate(try JSONParser.parse(json), format: .anthropic).filter { $0.code != .firstMessageNotUser }
    }

    @Test("a first message that is not the user's is an error with the API's text; a system prompt does not count")
    func firstMessageNotUser() throws {
        let body = #"{"system":"s","messages":[{"role":"assistant","content":"hi"},{"role":"user","content":"yo"}]}"#
        #expect(Validator.validate(try JSONParser.parse(body), format: .anthropic) == [
            error(.firstMessageNotUser, 0, nil, #"messages: first message must use the "user" role"#),
        ])
        let fine = #"{"system":"s","messages":[{"role":"user","content":"yo"},{"role":"assistant","content":"hi"}]}"#
        #expect(Validator.validate(try JSONParser.parse(fine), format: .anthropic) == [])
    }

    private func error(_ code: ProblemCode, _ index: Int, _ callId: String?, _ message: String) -> Problem {
        Problem(code: code, severity: .error, index: index, callId: callId, message: message)
    }

    private func withoutResult(_ index: Int, _ ids: String) -> String {
        "messages.\(index): `tool_use` ids were found without `tool_result` blocks immediately after: \(ids). Each `tool_use` block must have a corresponding `tool_result` block in the next message."
    }

    private func unexpected(_ index: Int, _ block: Int, _ id: String) -> String {
        "messages.\(index).content.\(block): unexpected `tool_use_id` found in `tool_result` blocks: \(id). Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
    }

    // MARK: - Valid requests

    @Test("a normal conversation with string content, a system prompt and one tool round has no problems")
    func normalFlow() throws {
        #expect(
            try problems(
                #"""
                {"system":"Be brief.",
                 "messages":[
                  {"role":"user","content":"list"},
                  {"role":"assistant","content":[{"type":"text","text":"Listing."},{"type":"tool_use","id":"toolu_1","name":"shell","input":{"command":["ls"]}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt"}]},
                  {"role":"assistant","content":"a.txt"}]}
                """#) == [])
    }

    @Test("parallel tool uses answered in any order, then text, with string and array results, have no problems")
    func parallelCallsAnyOrder() throws {
        #expect(
            try problems(
                #"""
                {"system":[{"type":"text","text":"Be brief."}],
                 "messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","content":[
                    {"type":"tool_use","id":"call_a","name":"a","input":{}},
                    {"type":"tool_use","id":"call-b","name":"b","input":{}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"call-b","content":[{"type":"text","text":"b"}]},
                    {"type":"tool_result","tool_use_id":"call_a","content":"a","is_error":true},
                    {"type":"text","text":"and now?"}]}]}
                """#) == [])
    }

    // MARK: - Tool uses without results

    @Test("a user message without tool_result after tool uses lists every id at the assistant message")
    func userTextAfterToolUse() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","content":[
                    {"type":"tool_use","id":"toolu_a","name":"a","input":{}},
                    {"type":"tool_use","id":"toolu_b","name":"b","input":{}}]},
                  {"role":"user","content":"are you there?"}]}
                """#) == [error(.toolUseWithoutResult, 1, "toolu_a", withoutResult(1, "toolu_a, toolu_b"))])
    }

    @Test("an assistant message with a tool use as the last message is tool_use_without_result")
    func toolUseAtTheEnd() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]}]}
                """#) == [error(.toolUseWithoutResult, 1, "toolu_a", withoutResult(1, "toolu_a"))])
    }

    @Test("results for only some tool uses list only the unanswered ids")
    func partlyAnswered() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[
                    {"type":"tool_use","id":"toolu_a","name":"a","input":{}},
                    {"type":"tool_use","id":"toolu_b","name":"b","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}
                """#) == [error(.toolUseWithoutResult, 0, "toolu_b", withoutResult(0, "toolu_b"))])
    }

    @Test("a text block before the tool_result blocks is tool_result_not_first, with the API's unanswered-ids text")
    func textBeforeToolResult() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]},
                  {"role":"user","content":[{"type":"text","text":"Here:"},{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}
                """#) == [error(.toolResultNotFirst, 0, "toolu_a", withoutResult(0, "toolu_a"))])
    }

    @Test("a result after text and another result missing is tool_use_without_result listing both")
    func resultAfterTextAndResultMissing() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[
                    {"type":"tool_use","id":"toolu_a","name":"a","input":{}},
                    {"type":"tool_use","id":"toolu_b","name":"b","input":{}}]},
                  {"role":"user","content":[{"type":"text","text":"Here:"},{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}
                """#) == [error(.toolUseWithoutResult, 0, "toolu_a", withoutResult(0, "toolu_a, toolu_b"))])
    }

    // MARK: - Tool results without uses

    @Test("a tool_result whose id is not a tool use of the previous message is an error at its block")
    func unknownToolResult() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"toolu_a","content":"ok"},
                    {"type":"tool_result","tool_use_id":"toolu_x","content":"stray"}]}]}
                """#) == [error(.toolResultWithoutUse, 1, "toolu_x", unexpected(1, 1, "toolu_x"))])
    }

    @Test("a tool_result in the first message is an error")
    func toolResultFirst() throws {
        #expect(
            try problems(
                #"{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}"#)
                == [error(.toolResultWithoutUse, 0, "toolu_a", unexpected(0, 0, "toolu_a"))])
    }

    @Test("a tool_result one message too late breaks both the tool use and the result")
    func resultOneMessageTooLate() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]},
                  {"role":"user","content":"wait"},
                  {"role":"assistant","content":"ok"},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":"late"}]}]}
                """#) == [
                    error(.toolUseWithoutResult, 0, "toolu_a", withoutResult(0, "toolu_a")),
                    error(.toolResultWithoutUse, 3, "toolu_a", unexpected(3, 0, "toolu_a")),
                ])
    }

    // MARK: - Tool ids and inputs

    @Test("tool ids off the pattern are invalid_tool_id on both sides, and still pair")
    func idsOffThePattern() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[{"type":"tool_use","id":"functions.Bash:0","name":"Bash","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"functions.Bash:0","content":"ok"}]}]}
                """#) == [
                    error(
                        .invalidToolId, 0, "functions.Bash:0",
                        "messages.0.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'"),
                    error(
                        .invalidToolId, 1, "functions.Bash:0",
                        "messages.1.content.0.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'"),
                ])
    }

    @Test("a missing or non-string tool id is invalid_tool_id with the API's field texts")
    func missingToolIds() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[{"type":"tool_use","name":"a","input":{}},{"type":"tool_use","id":7,"name":"b","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","content":"ok"}]}]}
                """#) == [
                    error(.invalidToolId, 0, nil, "messages.0.content.0.tool_use.id: Field required"),
                    error(.invalidToolId, 0, nil, "messages.0.content.1.tool_use.id: Input should be a valid string"),
                    error(.invalidToolId, 1, nil, "messages.1.content.0.tool_result.tool_use_id: Field required"),
                ])
    }

    @Test("a tool use whose input is a string or missing is invalid_tool_input")
    func inputNotAnObject() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  {"role":"assistant","content":[
                    {"type":"tool_use","id":"toolu_a","name":"a","input":"{\"x\":1}"},
                    {"type":"tool_use","id":"toolu_b","name":"b"}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"toolu_a","content":"ok"},
                    {"type":"tool_result","tool_use_id":"toolu_b","content":"ok"}]}]}
                """#) == [
                    error(.invalidToolInput, 0, nil, "messages.0.content.0.tool_use.input: Input should be a valid dictionary"),
                    error(.invalidToolInput, 0, nil, "messages.0.content.1.tool_use.input: Field required"),
                ])
    }

    // MARK: - Shapes

    @Test("a request that is not an object, or has no messages array, is invalid_shape at index 0")
    func requestShape() throws {
        #expect(
            try problems(#"[]"#) == [
                error(.invalidShape, 0, nil, "The Anthropic request must be an object with a \"messages\" array, but it is an array.")
            ])
        #expect(try problems(#"{"system":"x"}"#) == [error(.invalidShape, 0, nil, "The Anthropic request has no \"messages\" array.")])
        #expect(
            try problems(#"{"messages":{"role":"user"}}"#) == [
                error(.invalidShape, 0, nil, "messages must be an array, but it is an object.")
            ])
        #expect(
            try problems(#"{"system":5,"messages":[]}"#) == [
                error(.invalidShape, 0, nil, "system must be a string or an array of text blocks, but it is an integer.")
            ])
    }

    @Test("malformed messages and blocks are invalid_shape at their message")
    func malformedMessages() throws {
        #expect(
            try problems(
                #"""
                {"messages":[
                  "hi",
                  {"role":"system","content":"x"},
                  {"role":"user","content":5},
                  {"role":"assistant","content":[{"text":"no type"},"bare"]},
                  {"role":"user"}]}
                """#) == [
                    error(.invalidShape, 0, nil, "messages.0 must be an object, but it is a string."),
                    error(.invalidShape, 1, nil, "messages.1.role must be \"user\" or \"assistant\", but it is \"system\"."),
                    error(.invalidShape, 2, nil, "messages.2.content must be a string or an array of content blocks, but it is an integer."),
                    error(
                        .invalidShape, 3, nil,
                        "messages.3.content.0 must be a content block, an object with a string \"type\", but it is an object with no \"type\"."),
                    error(
                        .invalidShape, 3, nil,
                        "messages.3.content.1 must be a content block, an object with a string \"type\", but it is a string."),
                    error(.invalidShape, 4, nil, "messages.4 has no \"content\"."),
                ])
    }
}

import SequencerCore
import Testing

@Suite("AnthropicValidator")
struct AnthropicValidatorTests {
    @Test("a first message that is not the user's is an error with the API's text; a system prompt does not count")
    func firstMessageNotUser() throws {
        let body = #"{"system":"s","messages":[{"role":"assistant","content":"hi"},{"role":"user","content":"yo"}]}"#
        #expect(Validator.validate(try JSONParser.parse(body), format: .anthropic) == [
            .error(.firstMessageNotUser, 0, nil, #"messages: first message must use the "user" role"#),
        ])
        let fine = #"{"system":"s","messages":[{"role":"user","content":"yo"},{"role":"assistant","content":"hi"}]}"#
        #expect(Validator.validate(try JSONParser.parse(fine), format: .anthropic) == [])
    }

    private static func withoutResult(_ index: Int, _ ids: String) -> String {
        "messages.\(index): `tool_use` ids were found without `tool_result` blocks immediately after: \(ids). Each `tool_use` block must have a corresponding `tool_result` block in the next message."
    }

    private static func unexpected(_ index: Int, _ block: Int, _ id: String) -> String {
        "messages.\(index).content.\(block): unexpected `tool_use_id` found in `tool_result` blocks: \(id). Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
    }

    private static func emptyContent(_ index: Int) -> String {
        "messages.\(index): all messages must have non-empty content except for the optional final assistant message"
    }

    /// The opening-turn rule is left out (it has a test of its own), so that the pairing cases
    /// can start where the pairing starts: at an assistant message.
    @Test("each request gets exactly its problems, in order", arguments: cases)
    func validate(_ test: ValidatorCase) throws {
        #expect(try test.problems(in: .anthropic, leavingOut: [.firstMessageNotUser]) == test.expected)
    }

    static let cases: [ValidatorCase] = [
        // Valid requests
        ValidatorCase(
            "a normal conversation with string content, a system prompt and one tool round has no problems",
            #"""
            {"system":"Be brief.",
             "messages":[
              {"role":"user","content":"list"},
              {"role":"assistant","content":[{"type":"text","text":"Listing."},{"type":"tool_use","id":"toolu_1","name":"shell","input":{"command":["ls"]}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt"}]},
              {"role":"assistant","content":"a.txt"}]}
            """#,
            []),
        ValidatorCase(
            "parallel tool uses answered in any order, then text, with string and array results, have no problems",
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
            """#,
            []),
        // Tool uses without results
        ValidatorCase(
            "a user message without tool_result after tool uses lists every id at the assistant message",
            #"""
            {"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_a","name":"a","input":{}},
                {"type":"tool_use","id":"toolu_b","name":"b","input":{}}]},
              {"role":"user","content":"are you there?"}]}
            """#,
            [.error(.toolUseWithoutResult, 1, "toolu_a", withoutResult(1, "toolu_a, toolu_b"))]),
        ValidatorCase(
            "an assistant message with a tool use as the last message is tool_use_without_result",
            #"""
            {"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]}]}
            """#,
            [.error(.toolUseWithoutResult, 1, "toolu_a", withoutResult(1, "toolu_a"))]),
        ValidatorCase(
            "results for only some tool uses list only the unanswered ids",
            #"""
            {"messages":[
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_a","name":"a","input":{}},
                {"type":"tool_use","id":"toolu_b","name":"b","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}
            """#,
            [.error(.toolUseWithoutResult, 0, "toolu_b", withoutResult(0, "toolu_b"))]),
        ValidatorCase(
            "a text block before the tool_result blocks is tool_result_not_first, with the API's unanswered-ids text",
            #"""
            {"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]},
              {"role":"user","content":[{"type":"text","text":"Here:"},{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}
            """#,
            [.error(.toolResultNotFirst, 0, "toolu_a", withoutResult(0, "toolu_a"))]),
        ValidatorCase(
            "a result after text and another result missing is tool_use_without_result listing both",
            #"""
            {"messages":[
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_a","name":"a","input":{}},
                {"type":"tool_use","id":"toolu_b","name":"b","input":{}}]},
              {"role":"user","content":[{"type":"text","text":"Here:"},{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}
            """#,
            [.error(.toolUseWithoutResult, 0, "toolu_a", withoutResult(0, "toolu_a, toolu_b"))]),
        // Tool results without uses
        ValidatorCase(
            "a tool_result whose id is not a tool use of the previous message is an error at its block",
            #"""
            {"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_a","content":"ok"},
                {"type":"tool_result","tool_use_id":"toolu_x","content":"stray"}]}]}
            """#,
            [.error(.toolResultWithoutUse, 1, "toolu_x", unexpected(1, 1, "toolu_x"))]),
        ValidatorCase(
            "a tool_result in the first message is an error",
            #"{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":"ok"}]}]}"#,
            [.error(.toolResultWithoutUse, 0, "toolu_a", unexpected(0, 0, "toolu_a"))]),
        ValidatorCase(
            "a tool_result one message too late breaks both the tool use and the result",
            #"""
            {"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"a","input":{}}]},
              {"role":"user","content":"wait"},
              {"role":"assistant","content":"ok"},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","content":"late"}]}]}
            """#,
            [
                .error(.toolUseWithoutResult, 0, "toolu_a", withoutResult(0, "toolu_a")),
                .error(.toolResultWithoutUse, 3, "toolu_a", unexpected(3, 0, "toolu_a")),
            ]),
        // Tool ids and inputs
        ValidatorCase(
            "tool ids off the pattern are invalid_tool_id on both sides, and still pair",
            #"""
            {"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"functions.Bash:0","name":"Bash","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"functions.Bash:0","content":"ok"}]}]}
            """#,
            [
                .error(
                    .invalidToolId, 0, "functions.Bash:0",
                    "messages.0.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'"),
                .error(
                    .invalidToolId, 1, "functions.Bash:0",
                    "messages.1.content.0.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'"),
            ]),
        ValidatorCase(
            "a missing or non-string tool id is invalid_tool_id with the API's field texts",
            #"""
            {"messages":[
              {"role":"assistant","content":[{"type":"tool_use","name":"a","input":{}},{"type":"tool_use","id":7,"name":"b","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","content":"ok"}]}]}
            """#,
            [
                .error(.invalidToolId, 0, nil, "messages.0.content.0.tool_use.id: Field required"),
                .error(.invalidToolId, 0, nil, "messages.0.content.1.tool_use.id: Input should be a valid string"),
                .error(.invalidToolId, 1, nil, "messages.1.content.0.tool_result.tool_use_id: Field required"),
            ]),
        ValidatorCase(
            "a tool use whose input is a string or missing is invalid_tool_input",
            #"""
            {"messages":[
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_a","name":"a","input":"{\"x\":1}"},
                {"type":"tool_use","id":"toolu_b","name":"b"}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_a","content":"ok"},
                {"type":"tool_result","tool_use_id":"toolu_b","content":"ok"}]}]}
            """#,
            [
                .error(.invalidToolInput, 0, nil, "messages.0.content.0.tool_use.input: Input should be a valid dictionary"),
                .error(.invalidToolInput, 0, nil, "messages.0.content.1.tool_use.input: Field required"),
            ]),
        // Shapes
        ValidatorCase(
            "malformed messages and blocks are invalid_shape at their message",
            #"""
            {"messages":[
              "hi",
              {"role":"system","content":"x"},
              {"role":"user","content":5},
              {"role":"assistant","content":[{"text":"no type"},"bare"]},
              {"role":"user"}]}
            """#,
            [
                .error(.invalidShape, 0, nil, "messages.0 must be an object, but it is a string."),
                .error(.invalidShape, 1, nil, "messages.1.role must be \"user\" or \"assistant\", but it is \"system\"."),
                .error(.invalidShape, 2, nil, "messages.2.content must be a string or an array of content blocks, but it is an integer."),
                .error(
                    .invalidShape, 3, nil,
                    "messages.3.content.0 must be a content block, an object with a string \"type\", but it is an object with no \"type\"."),
                .error(
                    .invalidShape, 3, nil,
                    "messages.3.content.1 must be a content block, an object with a string \"type\", but it is a string."),
                .error(.invalidShape, 4, nil, "messages.4 has no \"content\"."),
            ]),
        ValidatorCase(
            "a request that is an array is invalid_shape at index 0",
            #"[]"#,
            [.error(.invalidShape, 0, nil, "The Anthropic request must be an object with a \"messages\" array, but it is an array.")]),
        ValidatorCase(
            "a request with no messages array is invalid_shape at index 0",
            #"{"system":"x"}"#,
            [.error(.invalidShape, 0, nil, "The Anthropic request has no \"messages\" array.")]),
        ValidatorCase(
            "messages that are not an array are invalid_shape at index 0",
            #"{"messages":{"role":"user"}}"#,
            [.error(.invalidShape, 0, nil, "messages must be an array, but it is an object.")]),
        ValidatorCase(
            "a system prompt that is neither a string nor text blocks is invalid_shape at index 0",
            #"{"system":5,"messages":[]}"#,
            [.error(.invalidShape, 0, nil, "system must be a string or an array of text blocks, but it is an integer.")]),
        // Text and images
        ValidatorCase(
            "a message whose text blocks are all whitespace is whitespace_text; an empty block is empty_text",
            #"""
            {"messages":[
              {"role":"user","content":[{"type":"text","text":" \n"},{"type":"text","text":"\t"}]},
              {"role":"assistant","content":[{"type":"text","text":""},{"type":"text","text":"ok"}]},
              {"role":"user","content":"  "}]}
            """#,
            [
                .error(.whitespaceText, 0, nil, "messages: text content blocks must contain non-whitespace text"),
                .error(.emptyText, 1, nil, "messages: text content blocks must be non-empty"),
                .error(.whitespaceText, 2, nil, "messages: text content blocks must contain non-whitespace text"),
            ]),
        ValidatorCase(
            "a message with empty content, an empty array or an empty string, is empty_content at its index",
            #"""
            {"messages":[
              {"role":"user","content":[]},
              {"role":"assistant","content":""},
              {"role":"user","content":"go"},
              {"role":"assistant","content":[]},
              {"role":"user","content":"more"}]}
            """#,
            [
                .error(.emptyContent, 0, nil, emptyContent(0)),
                .error(.emptyContent, 1, nil, emptyContent(1)),
                .error(.emptyContent, 3, nil, emptyContent(3)),
            ]),
        ValidatorCase(
            "an empty final assistant message is accepted: the API exempts it",
            #"{"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[]}]}"#,
            []),
        ValidatorCase(
            "an empty final assistant string is accepted as well",
            #"{"messages":[{"role":"user","content":"go"},{"role":"assistant","content":""}]}"#,
            []),
        ValidatorCase(
            "an empty final user message is empty_content: only the assistant's may be empty",
            #"{"messages":[{"role":"user","content":"go"},{"role":"assistant","content":"ok"},{"role":"user","content":[]}]}"#,
            [.error(.emptyContent, 2, nil, emptyContent(2))]),
        ValidatorCase(
            "a whitespace block beside real text is accepted",
            #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":" "}]}]}"#,
            []),
        ValidatorCase(
            "a final assistant message whose last text ends in whitespace is trailing_whitespace; earlier ones are not",
            #"""
            {"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"text","text":"a "}]},
              {"role":"user","content":"more"},
              {"role":"assistant","content":"Sure:\n"}]}
            """#,
            [.error(.trailingWhitespace, 3, nil, "messages: final assistant content cannot end with trailing whitespace")]),
        ValidatorCase(
            "a base64 image of another media type is unsupported_image_type, in a message and in a tool result",
            #"""
            {"messages":[
              {"role":"user","content":[{"type":"text","text":"look"},{"type":"image","source":{"type":"base64","media_type":"image/svg+xml","data":"PHN2Zz4="}}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"snap","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"Qk0="}}]}]}]}
            """#,
            [
                .error(.unsupportedImageType, 0, nil, "messages.0.content.1.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"),
                .error(.unsupportedImageType, 2, nil, "messages.2.content.0.tool_result.content.0.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"),
            ]),
    ]
}

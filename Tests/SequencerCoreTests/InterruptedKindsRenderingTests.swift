import SequencerCore
import Testing

/// Every built-in call kind, interrupted (the call answered by its synthetic output, and the
/// user's message after it), rendered in each format: exact output, and accepted by our
/// validators.
@Suite("Interrupted call kinds in every format")
struct InterruptedKindsRenderingTests {
    /// One kind's interrupted history: the call and what answers it.
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: CallKind
        let call: String
        /// The host's own output, for a kind with no honest synthetic one.
        let hostOutput: String?
        let expected: [Format: String]

        var testDescription: String { kind.type }
    }

    static let text = "aborted: the user interrupted this tool call"

    /// `[user "run it", call, output, user "stop"]`.
    static func items(_ test: Case) throws -> [Item] {
        let call = try Item(try JSONParser.parse(test.call))
        let output: Item
        if let host = test.hostOutput {
            output = try Item(try JSONParser.parse(host))
        } else {
            let callId = try #require(call.callId)
            output = try #require(Item.synthetic(answering: test.kind, callId: callId, reason: .interrupted, text: text))
        }
        return try RendererTestSupport.items(#"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]}]"#)
            + [call, output]
            + RendererTestSupport.items(#"[{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#)
    }

    @Test("the rendered history is exactly the expected body, and our validators accept it", arguments: cases)
    func rendersAndValidates(_ test: Case) throws {
        let items = try Self.items(test)
        for format in Format.allCases {
            let body = Renderer.render(items, as: format)
            #expect(RendererTestSupport.text(body) == test.expected[format], "\(test.kind.type) as \(format)")
            #expect(Validator.validate(body, format: format) == [], "\(test.kind.type) as \(format)")
        }
    }

    @Test("computer_call has no honest synthetic output")
    func computerHasNoSynthetic() {
        #expect(Item.synthetic(answering: .computer, callId: "k1", reason: .interrupted, text: Self.text) == nil)
    }

    @Test("the table covers every built-in kind")
    func coversEveryKind() {
        #expect(Self.cases.map(\.kind) == CallKind.allCases)
    }

    static let cases: [Case] = [
        Case(
            kind: .function,
            call: #"{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"k1"}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"k1"},{"type":"function_call_output","call_id":"k1","output":"aborted: the user interrupted this tool call"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"shell","arguments":"{\"command\":[\"ls\"]}"}}]},{"role":"tool","content":"aborted: the user interrupted this tool call","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"shell","input":{"command":["ls"]}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"aborted: the user interrupted this tool call"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"shell","args":{"command":["ls"]}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"aborted: the user interrupted this tool call"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .localShell,
            call: #"{"type":"local_shell_call","call_id":"k1","status":"in_progress","action":{"type":"exec","command":["ls"]}}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"local_shell_call","call_id":"k1","status":"in_progress","action":{"type":"exec","command":["ls"]}},{"type":"function_call_output","call_id":"k1","output":"aborted: the user interrupted this tool call"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"shell","arguments":"{\"type\":\"exec\",\"command\":[\"ls\"]}"}}]},{"role":"tool","content":"aborted: the user interrupted this tool call","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"shell","input":{"type":"exec","command":["ls"]}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"aborted: the user interrupted this tool call"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"shell","args":{"type":"exec","command":["ls"]}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"aborted: the user interrupted this tool call"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .custom,
            call: #"{"type":"custom_tool_call","call_id":"k1","name":"apply_patch","input":"*** Begin Patch"}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"custom_tool_call","call_id":"k1","name":"apply_patch","input":"*** Begin Patch"},{"type":"custom_tool_call_output","call_id":"k1","output":"aborted: the user interrupted this tool call"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\"}"}}]},{"role":"tool","content":"aborted: the user interrupted this tool call","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"apply_patch","input":{"input":"*** Begin Patch"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"aborted: the user interrupted this tool call"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"apply_patch","args":{"input":"*** Begin Patch"}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"apply_patch","response":{"output":"aborted: the user interrupted this tool call"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .shell,
            call: #"{"type":"shell_call","call_id":"k1","status":"in_progress","action":{"commands":["ls"]}}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"shell_call","call_id":"k1","status":"in_progress","action":{"commands":["ls"]}},{"type":"shell_call_output","call_id":"k1","output":[{"stdout":"","stderr":"aborted: the user interrupted this tool call","outcome":{"type":"exit","exit_code":130}}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"shell","arguments":"{\"commands\":[\"ls\"]}"}}]},{"role":"tool","content":"aborted: the user interrupted this tool call\nexit code 130","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"shell","input":{"commands":["ls"]}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"aborted: the user interrupted this tool call\nexit code 130"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"shell","args":{"commands":["ls"]}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"aborted: the user interrupted this tool call\nexit code 130"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .applyPatch,
            call: #"{"type":"apply_patch_call","call_id":"k1","status":"in_progress","operation":{"type":"update_file","path":"a.txt","diff":"@@"}}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"apply_patch_call","call_id":"k1","status":"in_progress","operation":{"type":"update_file","path":"a.txt","diff":"@@"}},{"type":"apply_patch_call_output","call_id":"k1","status":"failed","output":"aborted: the user interrupted this tool call"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"apply_patch","arguments":"{\"type\":\"update_file\",\"path\":\"a.txt\",\"diff\":\"@@\"}"}}]},{"role":"tool","content":"failed: aborted: the user interrupted this tool call","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"apply_patch","input":{"type":"update_file","path":"a.txt","diff":"@@"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"failed: aborted: the user interrupted this tool call"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"apply_patch","args":{"type":"update_file","path":"a.txt","diff":"@@"}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"apply_patch","response":{"output":"failed: aborted: the user interrupted this tool call"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .computer,
            call: #"{"type":"computer_call","call_id":"k1","action":{"type":"click","x":1,"y":2},"pending_safety_checks":[],"status":"completed"}"#,
            hostOutput: #"{"type":"computer_call_output","call_id":"k1","output":{"type":"computer_screenshot","image_url":"data:image/png;base64,iVBORw0KGgo="}}"#,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"computer_call","call_id":"k1","action":{"type":"click","x":1,"y":2},"pending_safety_checks":[],"status":"completed"},{"type":"computer_call_output","call_id":"k1","output":{"type":"computer_screenshot","image_url":"data:image/png;base64,iVBORw0KGgo="}},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"computer","arguments":"{\"action\":{\"type\":\"click\",\"x\":1,\"y\":2}}"}}]},{"role":"tool","content":"[image]","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"computer","input":{"action":{"type":"click","x":1,"y":2}}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"computer","args":{"action":{"type":"click","x":1,"y":2}}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"computer","response":{"output":"[image]"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .toolSearch,
            call: #"{"type":"tool_search_call","call_id":"k1","execution":"client","arguments":{"query":"files"},"status":"completed"}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"tool_search_call","call_id":"k1","execution":"client","arguments":{"query":"files"},"status":"completed"},{"type":"tool_search_output","call_id":"k1","execution":"client","status":"completed","tools":[]},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"tool_search","arguments":"{\"query\":\"files\"}"}}]},{"role":"tool","content":"{\"execution\":\"client\",\"status\":\"completed\",\"tools\":[]}","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"tool_search","input":{"query":"files"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"{\"execution\":\"client\",\"status\":\"completed\",\"tools\":[]}"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"tool_search","args":{"query":"files"}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"tool_search","response":{"output":"{\"execution\":\"client\",\"status\":\"completed\",\"tools\":[]}"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .mcpApprovalRequest,
            call: #"{"type":"mcp_approval_request","id":"mcpr_1","server_label":"git","name":"push","arguments":"{}"}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"mcp_approval_request","id":"mcpr_1","server_label":"git","name":"push","arguments":"{}"},{"type":"mcp_approval_response","approval_request_id":"mcpr_1","approve":false,"reason":"aborted: the user interrupted this tool call"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"mcpr_1","type":"function","function":{"name":"mcp_approval_request","arguments":"{\"server_label\":\"git\",\"name\":\"push\",\"arguments\":\"{}\"}"}}]},{"role":"tool","content":"{\"approve\":false,\"reason\":\"aborted: the user interrupted this tool call\"}","tool_call_id":"mcpr_1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"mcpr_1","name":"mcp_approval_request","input":{"server_label":"git","name":"push","arguments":"{}"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"mcpr_1","content":"{\"approve\":false,\"reason\":\"aborted: the user interrupted this tool call\"}"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"mcp_approval_request","args":{"server_label":"git","name":"push","arguments":"{}"}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"mcp_approval_request","response":{"output":"{\"approve\":false,\"reason\":\"aborted: the user interrupted this tool call\"}"}}},{"text":"stop"}]}]}"#,
            ]),
        Case(
            kind: .program,
            call: #"{"type":"program","call_id":"k1","code":"print(1)","fingerprint":"f1"}"#,
            hostOutput: nil,
            expected: [
                .responses:
                    #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"run it"}]},{"type":"program","call_id":"k1","code":"print(1)","fingerprint":"f1"},{"type":"program_output","call_id":"k1","result":"aborted: the user interrupted this tool call","status":"incomplete"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#,
                .chat:
                    #"[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"k1","type":"function","function":{"name":"program","arguments":"{\"code\":\"print(1)\"}"}}]},{"role":"tool","content":"aborted: the user interrupted this tool call","tool_call_id":"k1"},{"role":"user","content":"stop"}]"#,
                .anthropic:
                    #"{"messages":[{"role":"user","content":[{"type":"text","text":"run it"}]},{"role":"assistant","content":[{"type":"tool_use","id":"k1","name":"program","input":{"code":"print(1)"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"k1","content":"aborted: the user interrupted this tool call"},{"type":"text","text":"stop"}]}]}"#,
                .gemini:
                    #"{"contents":[{"role":"user","parts":[{"text":"run it"}]},{"role":"model","parts":[{"functionCall":{"name":"program","args":{"code":"print(1)"}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"program","response":{"output":"aborted: the user interrupted this tool call"}}},{"text":"stop"}]}]}"#,
            ]),
    ]
}

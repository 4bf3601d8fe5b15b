import Testing
@testable import SequencerCore

@Suite("ResponsesValidator")
struct ResponsesValidatorTests {

    @Test("each input gets exactly its problems, in order", arguments: cases)
    func validate(_ test: ValidatorCase) throws {
        #expect(try test.problems(in: .responses) == test.expected)
    }

    @Test("the API's invalid-value text lists the supported values as an English list")
    func invalidValueText() {
        #expect(OpenAIShapeText.invalidValue("x", supported: ["a"]) == "Invalid value: 'x'. Supported values are: 'a'.")
        #expect(OpenAIShapeText.invalidValue("input_image", supported: ["output_text", "refusal"])
                == "Invalid value: 'input_image'. Supported values are: 'output_text' and 'refusal'.")
        #expect(OpenAIShapeText.invalidValue("done", supported: ["in_progress", "completed", "incomplete"])
                == "Invalid value: 'done'. Supported values are: 'in_progress', 'completed', and 'incomplete'.")
    }

    static let cases: [ValidatorCase] = [
        // Valid inputs
        ValidatorCase(
            "a normal turn (user, reasoning, call, output, answer) has no problems",
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"list files"}]},
             {"type":"reasoning","summary":[],"encrypted_content":null},
             {"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"a.txt"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"a.txt"}]}]
            """#,
            []),
        ValidatorCase(
            "parallel calls answered in any order, with string and array outputs, have no problems",
            #"""
            [{"type":"message","role":"user","content":"go"},
             {"type":"function_call","name":"a","arguments":"{}","call_id":"call_a"},
             {"type":"function_call","name":"b","arguments":"{}","call_id":"call_b"},
             {"type":"custom_tool_call","name":"apply_patch","input":"*** Begin Patch","call_id":"call_c"},
             {"type":"custom_tool_call_output","call_id":"call_c","output":"done"},
             {"type":"function_call_output","call_id":"call_b","output":[{"type":"input_text","text":"b"}]},
             {"type":"function_call_output","call_id":"call_a","output":"a"}]
            """#,
            []),
        ValidatorCase(
            "a local shell call answered by a function_call_output has no problems",
            #"""
            [{"type":"local_shell_call","call_id":"call_1","status":"completed","action":{"type":"exec","command":["ls"]}},
             {"type":"function_call_output","call_id":"call_1","output":"a.txt"}]
            """#,
            []),
        ValidatorCase(
            "a plain string input, which the API also takes, has no problems",
            #""hello""#,
            []),
        ValidatorCase(
            "a message without type (the API's easy input message) has no problems",
            #"[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]"#,
            []),
        ValidatorCase(
            "unknown item types and web searches pass and pair with nothing",
            #"""
            [{"type":"ghost_snapshot","ghost_commit":{"id":"abc"}},
             {"type":"web_search_call","status":"completed","action":{"type":"search","query":"swift"}},
             {"type":"compaction","encrypted_content":"x"}]
            """#,
            []),
        ValidatorCase(
            "a reasoning item with an id followed by its call, and a trailing reasoning item without id, have no problems",
            #"""
            [{"type":"reasoning","id":"rs_1","summary":[]},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"},
             {"type":"reasoning","id":null,"summary":[]}]
            """#,
            []),
        // Missing outputs
        ValidatorCase(
            "a function call with no output is missing_output at the call",
            #"""
            [{"type":"message","role":"user","content":"go"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"}]
            """#,
            [.error(.missingOutput, 1, "call_1", "No tool output found for function call call_1.")]),
        ValidatorCase(
            "a local shell call with no output is missing_output, named as a local shell call",
            #"[{"type":"local_shell_call","call_id":"call_9","status":"in_progress","action":{"type":"exec","command":["ls"]}}]"#,
            [.error(.missingOutput, 0, "call_9", "No tool output found for local shell call call_9.")]),
        ValidatorCase(
            "a custom tool call with no output is missing_output, named as a custom tool call",
            #"[{"type":"custom_tool_call","name":"apply_patch","input":"x","call_id":"call_p"}]"#,
            [.error(.missingOutput, 0, "call_p", "No tool output found for custom tool call call_p.")]),
        ValidatorCase(
            "an output before its call is an orphan, and the call still misses its output",
            #"""
            [{"type":"function_call_output","call_id":"call_1","output":"early"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"}]
            """#,
            [
                .error(.orphanOutput, 0, "call_1", "No tool call found for function call output with call_id call_1."),
                .error(.missingOutput, 1, "call_1", "No tool output found for function call call_1."),
            ]),
        ValidatorCase(
            "a function call answered only by a custom_tool_call_output misses its output, and the output is an orphan",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"custom_tool_call_output","call_id":"call_1","output":"ok"}]
            """#,
            [
                .error(.missingOutput, 0, "call_1", "No tool output found for function call call_1."),
                .error(.orphanOutput, 1, "call_1", "No tool call found for custom tool call output with call_id call_1."),
            ]),
        ValidatorCase(
            "a custom tool call answered only by a function_call_output misses its output, and the output is an orphan",
            #"""
            [{"type":"custom_tool_call","name":"apply_patch","input":"x","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"}]
            """#,
            [
                .error(.missingOutput, 0, "call_1", "No tool output found for custom tool call call_1."),
                .error(.orphanOutput, 1, "call_1", "No tool call found for function call output with call_id call_1."),
            ]),
        // Orphan outputs
        ValidatorCase(
            "a function_call_output with no call is orphan_output at the output",
            #"""
            [{"type":"message","role":"user","content":"hi"},
             {"type":"function_call_output","call_id":"call_x","output":"ok"}]
            """#,
            [.error(.orphanOutput, 1, "call_x", "No tool call found for function call output with call_id call_x.")]),
        ValidatorCase(
            "a custom_tool_call_output with no call is orphan_output, named as a custom tool call output",
            #"[{"type":"custom_tool_call_output","call_id":"call_x","output":"ok"}]"#,
            [.error(.orphanOutput, 0, "call_x", "No tool call found for custom tool call output with call_id call_x.")]),
        // Null call ids and reasoning
        ValidatorCase(
            "a local shell call with a null call_id is null_call_id, with the API's type error, and nothing more",
            #"""
            [{"type":"message","role":"user","content":"go"},
             {"type":"local_shell_call","call_id":null,"status":"completed","action":{"type":"exec","command":["ls"]}}]
            """#,
            [
                .error(.nullCallId, 1, nil, "Invalid type for 'input[1].call_id': expected a string, but got null instead.")
            ]),
        ValidatorCase(
            "a reasoning item with an id and nothing after it is reasoning_without_following_item",
            #"""
            [{"type":"message","role":"user","content":"go"},
             {"type":"reasoning","id":"rs_abc","summary":[]}]
            """#,
            [
                .error(
                    .reasoningWithoutFollowingItem, 1, nil,
                    "Item 'rs_abc' of type 'reasoning' was provided without its required following item.")
            ]),
        // Warnings
        ValidatorCase(
            "a user message between a call and its output is message_before_output at the message",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"message","role":"user","content":"are you done?"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"}]
            """#,
            [
                .warning(
                    .messageBeforeOutput, 1, "call_1",
                    "The user message at input[1] comes between the function call call_1 at input[0] and its output at input[2]; move the output before the message, as Chat Completions and Anthropic require.")
            ]),
        ValidatorCase(
            "a developer message between two open calls and their outputs warns once per call, in call order",
            #"""
            [{"type":"custom_tool_call","name":"apply_patch","input":"x","call_id":"call_a"},
             {"type":"local_shell_call","call_id":"call_b","status":"completed","action":{"type":"exec","command":["ls"]}},
             {"type":"message","role":"developer","content":"note"},
             {"type":"function_call_output","call_id":"call_b","output":"ok"},
             {"type":"custom_tool_call_output","call_id":"call_a","output":"ok"}]
            """#,
            [
                .warning(
                    .messageBeforeOutput, 2, "call_a",
                    "The developer message at input[2] comes between the custom tool call call_a at input[0] and its output at input[4]; move the output before the message, as Chat Completions and Anthropic require."),
                .warning(
                    .messageBeforeOutput, 2, "call_b",
                    "The developer message at input[2] comes between the local shell call call_b at input[1] and its output at input[3]; move the output before the message, as Chat Completions and Anthropic require."),
            ]),
        ValidatorCase(
            "an assistant message between a call and its output is fine",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"working"}]},
             {"type":"function_call_output","call_id":"call_1","output":"ok"}]
            """#,
            []),
        ValidatorCase(
            "a second output for an answered call is duplicate_output at the second output",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"},
             {"type":"function_call_output","call_id":"call_1","output":"again"}]
            """#,
            [
                .warning(
                    .duplicateOutput, 2, "call_1",
                    "The function_call_output at input[2] is a second output for call_id call_1, whose call was already answered at input[1]; keep only one.")
            ]),
        ValidatorCase(
            "a call reusing an earlier call's call_id is duplicate_call; its own output answers it",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"}]
            """#,
            [
                .warning(
                    .duplicateCall, 2, "call_1",
                    "The function_call at input[2] reuses call_id call_1 of the call at input[0]; every call needs a call_id of its own.")
            ]),
        ValidatorCase(
            "at one index the error comes before the warning",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"}]
            """#,
            [
                .error(.missingOutput, 2, "call_1", "No tool output found for function call call_1."),
                .warning(
                    .duplicateCall, 2, "call_1",
                    "The function_call at input[2] reuses call_id call_1 of the call at input[0]; every call needs a call_id of its own."),
            ]),
        // Shapes
        ValidatorCase(
            "an input that is neither an array nor a string is invalid_shape at index 0",
            #"{"type":"message"}"#,
            [
                .error(.invalidShape, 0, nil, "The Responses input must be an array of items (or a string), but it is an object.")
            ]),
        ValidatorCase(
            "items that are not objects, or have no usable type, are invalid_shape",
            #"[42, {"content":"x"}, {"type":7}, {"type":"message","role":"bot","content":"x"}, {"type":"message","role":"user"}]"#,
            [
                .error(.invalidShape, 0, nil, "input[0] must be an object, but it is an integer."),
                .error(
                    .invalidShape, 1, nil,
                    "input[1] has no \"type\": every item needs a string \"type\" (a message may leave it out, but then needs a \"role\")."),
                .error(.invalidShape, 2, nil, "input[2].type must be a string, but it is an integer."),
                .error(.invalidShape, 3, nil, "input[3].role must be one of user, assistant, system, developer, but it is \"bot\"."),
                .error(.invalidShape, 4, nil, "input[4] is a message with no \"content\"."),
            ]),
        ValidatorCase(
            "a call or output whose call_id is missing, empty or not a string is invalid_shape with OpenAI's texts",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":""},
             {"type":"function_call_output","call_id":5,"output":"ok"},
             {"type":"function_call_output","call_id":null,"output":"ok"}]
            """#,
            [
                .error(.invalidShape, 0, nil, "Missing required parameter: 'input[0].call_id'."),
                .error(
                    .invalidShape, 1, nil,
                    "Invalid 'input[1].call_id': empty string. Expected a string with minimum length 1, but got an empty string instead."),
                .error(.invalidShape, 2, nil, "Invalid type for 'input[2].call_id': expected a string, but got an integer instead."),
                .error(.invalidShape, 3, nil, "Invalid type for 'input[3].call_id': expected a string, but got null instead."),
            ]),
        ValidatorCase(
            "an output without output, or with a number, is invalid_shape but still answers its call",
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1"},
             {"type":"custom_tool_call","name":"p","input":"x","call_id":"call_2"},
             {"type":"custom_tool_call_output","call_id":"call_2","output":3}]
            """#,
            [
                .error(.invalidShape, 1, nil, "Missing required parameter: 'input[1].output'."),
                .error(.invalidShape, 3, nil, "input[3].output must be a string or an array of content items, but it is an integer."),
            ]),
        ValidatorCase(
            "a custom tool call without input, or with input not a string, is invalid_shape with OpenAI's texts but still pairs",
            #"""
            [{"type":"custom_tool_call","name":"apply_patch","call_id":"call_1"},
             {"type":"custom_tool_call_output","call_id":"call_1","output":"ok"},
             {"type":"custom_tool_call","name":"apply_patch","input":{"patch":"x"},"call_id":"call_2"},
             {"type":"custom_tool_call_output","call_id":"call_2","output":"ok"}]
            """#,
            [
                .error(.invalidShape, 0, nil, "Missing required parameter: 'input[0].input'."),
                .error(.invalidShape, 2, nil, "Invalid type for 'input[2].input': expected a string, but got an object instead."),
            ]),
        ValidatorCase(
            "a local shell call whose status is missing, not a string, or not one of the three is invalid_shape with OpenAI's texts",
            #"""
            [{"type":"local_shell_call","call_id":"call_1","action":{"type":"exec","command":["ls"]}},
             {"type":"function_call_output","call_id":"call_1","output":"ok"},
             {"type":"local_shell_call","call_id":"call_2","status":"done","action":{"type":"exec","command":["ls"]}},
             {"type":"function_call_output","call_id":"call_2","output":"ok"},
             {"type":"local_shell_call","call_id":"call_3","status":1,"action":{"type":"exec","command":["ls"]}},
             {"type":"function_call_output","call_id":"call_3","output":"ok"}]
            """#,
            [
                .error(.invalidShape, 0, nil, "Missing required parameter: 'input[0].status'."),
                .error(.invalidShape, 2, nil, "Invalid value: 'done'. Supported values are: 'in_progress', 'completed', and 'incomplete'."),
                .error(.invalidShape, 4, nil, "Invalid type for 'input[4].status': expected a string, but got an integer instead."),
            ]),
        ValidatorCase(
            "a local shell call with each of the three statuses has no problems",
            #"""
            [{"type":"local_shell_call","call_id":"call_1","status":"in_progress","action":{"type":"exec","command":["ls"]}},
             {"type":"local_shell_call","call_id":"call_2","status":"completed","action":{"type":"exec","command":["ls"]}},
             {"type":"local_shell_call","call_id":"call_3","status":"incomplete","action":{"type":"exec","command":["ls"]}},
             {"type":"function_call_output","call_id":"call_1","output":"a"},
             {"type":"function_call_output","call_id":"call_2","output":"b"},
             {"type":"local_shell_call_output","call_id":"call_3","output":"c"}]
            """#,
            []),
        // Unknown members and types
        ValidatorCase(
            "members a type's published schema does not declare are unknown_parameter, one per member, with the API's text",
            #"""
            [{"type":"message","role":"user","content":"hi","metadata":{"a":1}},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1","thought_signature":"c2ln","status":"completed"},
             {"type":"function_call_output","call_id":"call_1","output":"ok","extra":1,"more":2}]
            """#,
            [
                .error(.unknownParameter, 0, nil, "Unknown parameter: 'input[0].metadata'."),
                .error(.unknownParameter, 1, nil, "Unknown parameter: 'input[1].thought_signature'."),
                .error(.unknownParameter, 2, nil, "Unknown parameter: 'input[2].extra'."),
                .error(.unknownParameter, 2, nil, "Unknown parameter: 'input[2].more'."),
            ]),
        ValidatorCase(
            "an easy input message (no type) is checked as a message; a custom tool call's status is accepted beyond the schema",
            #"""
            [{"role":"user","content":"hi","phase":"x"},
             {"type":"custom_tool_call","call_id":"call_1","name":"p","input":"x","status":"completed"},
             {"type":"custom_tool_call_output","call_id":"call_1","output":"ok"}]
            """#,
            []),
        ValidatorCase(
            "a type the table does not know is an unknown_type warning and is not checked further",
            #"""
            [{"type":"message","role":"user","content":"hi"},
             {"type":"future_item_v9","payload":{"n":1}}]
            """#,
            [.warning(.unknownType, 1, nil, "input[1] has type \"future_item_v9\", which is not a type this sidecar knows: it is passed through unchecked, and the API may reject it.")]),
        // Every host-run kind pairs
        ValidatorCase(
            "each host-run kind without its output is missing_output, named as the API names it",
            #"""
            [{"type":"shell_call","call_id":"k1","action":{"commands":["ls"]}},
             {"type":"apply_patch_call","call_id":"k2","status":"completed","operation":{"type":"delete_file","path":"a"}},
             {"type":"computer_call","call_id":"k3","action":{"type":"screenshot"},"pending_safety_checks":[],"status":"completed"},
             {"type":"tool_search_call","call_id":"k4","execution":"client","arguments":{}},
             {"type":"mcp_approval_request","id":"mcpr_5","server_label":"s","name":"n","arguments":"{}"},
             {"type":"program","call_id":"k6","code":"1","fingerprint":"f"},
             {"type":"tool_search_call","call_id":"k7","execution":"server","arguments":{}}]
            """#,
            [
                .error(.missingOutput, 0, "k1", "No tool output found for shell call k1."),
                .error(.missingOutput, 1, "k2", "No tool output found for apply patch call k2."),
                .error(.missingOutput, 2, "k3", "No tool output found for computer call k3."),
                .error(.missingOutput, 3, "k4", "No tool output found for tool search call k4."),
                .error(.missingOutput, 4, "mcpr_5", "No tool output found for mcp approval request mcpr_5."),
                .error(.missingOutput, 5, "k6", "No tool output found for program k6."),
            ]),
        ValidatorCase(
            "outputs of each kind with no call before them are orphan_output; an approval response is keyed by approval_request_id",
            #"""
            [{"type":"shell_call_output","call_id":"k1","output":[]},
             {"type":"mcp_approval_response","approval_request_id":"mcpr_2","approve":false},
             {"type":"program_output","call_id":"k3","result":"","status":"completed"}]
            """#,
            [
                .error(.orphanOutput, 0, "k1", "No tool call found for shell call output with call_id k1."),
                .error(.orphanOutput, 1, "mcpr_2", "No tool call found for mcp approval response with approval_request_id mcpr_2."),
                .error(.orphanOutput, 2, "k3", "No tool call found for program output with call_id k3."),
            ]),
    ]
}

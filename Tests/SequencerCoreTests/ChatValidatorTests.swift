import SequencerCore
import Testing

@Suite("ChatValidator")
struct ChatValidatorTests {
    private static let unanswered =
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
    private static let toolWithoutCall =
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'."

    @Test("each array gets exactly its problems, in order", arguments: cases)
    func validate(_ test: ValidatorCase) throws {
        #expect(try test.problems(in: .chat) == test.expected)
    }

    static let cases: [ValidatorCase] = [
        // Valid arrays
        ValidatorCase(
            "a normal conversation with one call and its tool message has no problems",
            #"""
            [{"role":"system","content":"Be brief."},
             {"role":"user","content":"list"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"shell","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"a.txt"},
             {"role":"assistant","content":"a.txt"}]
            """#,
            []),
        ValidatorCase(
            "parallel calls answered in any order, with string and array contents, have no problems",
            #"""
            [{"role":"user","content":"go"},
             {"role":"assistant","content":null,"tool_calls":[
               {"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}},
               {"id":"call_b","type":"function","function":{"name":"b","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"b"}]},
             {"role":"tool","tool_call_id":"call_a","content":"a"},
             {"role":"user","content":"thanks"}]
            """#,
            []),
        ValidatorCase(
            "assistant messages with null tool_calls, developer and legacy function messages have no problems",
            #"""
            [{"role":"developer","content":"rules"},
             {"role":"user","content":"hi"},
             {"role":"assistant","content":"hello","tool_calls":null},
             {"role":"function","name":"f","content":"legacy"}]
            """#,
            []),
        // Unanswered tool calls
        ValidatorCase(
            "an assistant message with tool_calls at the end lists every id, joined by comma and space",
            #"""
            [{"role":"user","content":"go"},
             {"role":"assistant","content":null,"tool_calls":[
               {"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}},
               {"id":"call_b","type":"function","function":{"name":"b","arguments":"{}"}}]}]
            """#,
            [.error(.toolCallsUnanswered, 1, "call_a", Self.unanswered + "call_a, call_b")]),
        ValidatorCase(
            "a run answering only some calls lists only the unanswered ids, once each",
            #"""
            [{"role":"assistant","content":null,"tool_calls":[
               {"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}},
               {"id":"call_b","type":"function","function":{"name":"b","arguments":"{}"}},
               {"id":"call_c","type":"function","function":{"name":"c","arguments":"{}"}},
               {"id":"call_c","type":"function","function":{"name":"c","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_b","content":"b"}]
            """#,
            [.error(.toolCallsUnanswered, 0, "call_a", Self.unanswered + "call_a, call_c")]),
        ValidatorCase(
            "a user message between the calls and the tool message breaks both sides",
            #"""
            [{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"user","content":"still there?"},
             {"role":"tool","tool_call_id":"call_1","content":"ok"}]
            """#,
            [
                .error(.toolCallsUnanswered, 0, "call_1", Self.unanswered + "call_1"),
                .error(.toolMessageWithoutCall, 2, "call_1", Self.toolWithoutCall),
            ]),
        // Tool messages without a call
        ValidatorCase(
            "a tool message answering an id the assistant message did not call is an error at the tool message",
            #"""
            [{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"ok"},
             {"role":"tool","tool_call_id":"call_9","content":"stray"}]
            """#,
            [.error(.toolMessageWithoutCall, 2, "call_9", Self.toolWithoutCall)]),
        ValidatorCase(
            "a tool message with no assistant message before it is an error",
            #"[{"role":"tool","tool_call_id":"call_1","content":"ok"},{"role":"user","content":"hi"}]"#,
            [.error(.toolMessageWithoutCall, 0, "call_1", Self.toolWithoutCall)]),
        ValidatorCase(
            "a tool message after an assistant message without tool_calls is an error",
            #"""
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":"hello"},
             {"role":"tool","tool_call_id":"call_1","content":"ok"}]
            """#,
            [.error(.toolMessageWithoutCall, 2, "call_1", Self.toolWithoutCall)]),
        ValidatorCase(
            "a second answer to an earlier assistant message, after another message, is an error",
            #"""
            [{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"ok"},
             {"role":"user","content":"and?"},
             {"role":"tool","tool_call_id":"call_1","content":"again"}]
            """#,
            [.error(.toolMessageWithoutCall, 3, "call_1", Self.toolWithoutCall)]),
        // Shapes
        ValidatorCase(
            "messages that are not an array are invalid_shape at index 0",
            #"{"role":"user"}"#,
            [
                .error(.invalidShape, 0, nil, "The Chat Completions messages must be an array, but it is an object.")
            ]),
        ValidatorCase(
            "malformed messages are invalid_shape with OpenAI's parameter texts",
            #"""
            ["hi",
             {"content":"x"},
             {"role":"bot","content":"x"},
             {"role":"assistant","content":null,"tool_calls":{}},
             {"role":"assistant","content":null,"tool_calls":[]},
             {"role":"tool","content":"ok"}]
            """#,
            [
                .error(.invalidShape, 0, nil, "Invalid type for 'messages[0]': expected an object, but got a string instead."),
                .error(.invalidShape, 1, nil, "Missing required parameter: 'messages[1].role'."),
                .error(
                    .invalidShape, 2, nil,
                    "messages[2].role must be one of system, developer, user, assistant, tool, function, but it is \"bot\"."),
                .error(.invalidShape, 3, nil, "Invalid type for 'messages[3].tool_calls': expected an array, but got an object instead."),
                .error(
                    .invalidShape, 4, nil,
                    "Invalid 'messages[4].tool_calls': empty array. Expected an array with minimum length 1, but got an empty array instead."),
                .error(.invalidShape, 5, nil, "Missing required parameter: 'messages[5].tool_call_id'."),
            ]),
        ValidatorCase(
            "a tool call with a null id is invalid_shape; the other calls are still checked",
            #"""
            [{"role":"assistant","content":null,"tool_calls":[
               {"id":null,"type":"function","function":{"name":"a","arguments":"{}"}},
               {"id":"call_b","type":"function","function":{"name":"b","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_b","content":"b"}]
            """#,
            [
                .error(.invalidShape, 0, nil, "Invalid type for 'messages[0].tool_calls[0].id': expected a string, but got null instead.")
            ]),
        // Members outside a role's schema
        ValidatorCase(
            "a member its role's schema does not declare is additional_properties, with the API's text",
            #"""
            [{"role":"user","content":"hi","id":"m1"},
             {"role":"assistant","content":"ok","reasoning":"thought"}]
            """#,
            [
                .error(.additionalProperties, 0, nil, "Additional properties are not allowed ('id' was unexpected) - 'messages.0'"),
                .error(.additionalProperties, 1, nil, "Additional properties are not allowed ('reasoning' was unexpected) - 'messages.1'"),
            ]),
        ValidatorCase(
            "several unexpected members are listed in one problem, in member order, with were",
            #"""
            [{"role":"tool","tool_call_id":"c1","content":"ok","name":"f","reasoning_content":"x"}]
            """#,
            [
                .error(.additionalProperties, 0, nil, "Additional properties are not allowed ('name', 'reasoning_content' were unexpected) - 'messages.0'"),
                .error(.toolMessageWithoutCall, 0, "c1", Self.toolWithoutCall),
            ]),
    ]
}

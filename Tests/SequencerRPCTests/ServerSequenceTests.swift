import Testing
@testable import SequencerRPC
import SequencerCore

@Suite("Server: sequence and validate")
struct ServerSequenceTests {
    /// A developer message, a user message, a call, and a user message typed before the call's output.
    static let interruptedItems = #"[{"type":"message","role":"developer","content":[{"type":"input_text","text":"be brief"}]},"#
        + #"{"type":"message","role":"user","content":[{"type":"input_text","text":"build"}]},"#
        + #"{"type":"function_call","call_id":"c1","name":"make","arguments":"{\"target\":\"all\"}"},"#
        + #"{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#

    /// The repairs `sequence` makes to ``interruptedItems``, whatever the format.
    static let interruptedRepairs = #""repairs":[{"kind":"inserted_output","callId":"c1","index":2,"resultIndex":3,"message":"function_call_output inserted for c1, which had no output (lost)"}]"#

    private func sequence(_ params: String) -> String? {
        var server = Server()
        return server.respond(#"{"jsonrpc":"2.0","id":1,"method":"sequence","params":\#(params)}"#)
    }

    // MARK: - sequence

    @Test("sequence: the README's one-liner answers on one line with the call closed before the user message")
    func readmeExample() {
        #expect(sequence(#"{"items":[{"type":"local_shell_call","call_id":"c1","status":"in_progress","action":{"type":"exec","command":["ls"]}},{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"type":"local_shell_call","call_id":"c1","status":"in_progress","action":{"type":"exec","command":["ls"]}},"#
            + #"{"type":"function_call_output","call_id":"c1","output":"aborted: no output was recorded for this tool call; it may have partly run."},"#
            + #"{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}],"#
            + #""repairs":[{"kind":"inserted_output","callId":"c1","index":0,"resultIndex":1,"message":"function_call_output inserted for c1, which had no output (lost)"}],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: responses is the default format, and \"format\":\"responses\" gives the same")
    func responsesFormat() {
        let expected = #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"be brief"}]},"#
            + #"{"type":"message","role":"user","content":[{"type":"input_text","text":"build"}]},"#
            + #"{"type":"function_call","call_id":"c1","name":"make","arguments":"{\"target\":\"all\"}"},"#
            + #"{"type":"function_call_output","call_id":"c1","output":"aborted: no output was recorded for this tool call; it may have partly run."},"#
            + #"{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}],"#
            + Self.interruptedRepairs + #","warnings":[],"notes":[]}}"#
        #expect(sequence(#"{"items":\#(Self.interruptedItems)}"#) == expected)
        #expect(sequence(#"{"items":\#(Self.interruptedItems),"format":"responses"}"#) == expected)
    }

    @Test("sequence: chat messages are an array of Chat messages")
    func chatFormat() {
        #expect(sequence(#"{"format":"chat","items":\#(Self.interruptedItems)}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"role":"developer","content":"be brief"},{"role":"user","content":"build"},"#
            + #"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"make","arguments":"{\"target\":\"all\"}"}}]},"#
            + #"{"role":"tool","content":"aborted: no output was recorded for this tool call; it may have partly run.","tool_call_id":"c1"},"#
            + #"{"role":"user","content":"stop"}],"# + Self.interruptedRepairs + #","warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: anthropic messages are the object {system, messages}")
    func anthropicFormat() {
        #expect(sequence(#"{"format":"anthropic","items":\#(Self.interruptedItems)}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":{"system":"be brief","messages":[{"role":"user","content":[{"type":"text","text":"build"}]},"#
            + #"{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"make","input":{"target":"all"}}]},"#
            + #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"aborted: no output was recorded for this tool call; it may have partly run."},{"type":"text","text":"stop"}]}]},"#
            + Self.interruptedRepairs + #","warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: gemini messages are the object {systemInstruction, contents}")
    func geminiFormat() {
        #expect(sequence(#"{"format":"gemini","items":\#(Self.interruptedItems)}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":{"systemInstruction":{"parts":[{"text":"be brief"}]},"contents":[{"role":"user","parts":[{"text":"build"}]},"#
            + #"{"role":"model","parts":[{"functionCall":{"name":"make","args":{"target":"all"}},"thoughtSignature":"skip_thought_signature_validator"}]},"#
            + #"{"role":"user","parts":[{"functionResponse":{"name":"make","response":{"output":"aborted: no output was recorded for this tool call; it may have partly run."}}},{"text":"stop"}]}]},"#
            + Self.interruptedRepairs + #","warnings":[],"notes":[{"code":"thought_signature_placeholder","index":2,"message":"The call has no Gemini thought signature, which Gemini 3 requires on the first function call of each step of the current turn; it got Google's documented placeholder \"skip_thought_signature_validator\"."}]}}"#)
    }

    @Test("sequence: no items gives no messages and no repairs")
    func emptyItems() {
        #expect(sequence(#"{"items":[]}"#) == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[],"repairs":[],"warnings":[],"notes":[]}}"#)
        #expect(sequence(#"{"items":[],"format":"anthropic"}"#) == #"{"jsonrpc":"2.0","id":1,"result":{"messages":{"messages":[]},"repairs":[],"warnings":[],"notes":[]}}"#)
        #expect(sequence(#"{"items":[],"format":"gemini"}"#) == #"{"jsonrpc":"2.0","id":1,"result":{"messages":{"contents":[]},"repairs":[],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: missingOutput drop removes the unanswered call and the reasoning that led only into it")
    func missingOutputDrop() {
        #expect(sequence(#"{"missingOutput":"drop","items":[{"type":"reasoning","summary":[]},{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"message","role":"user","content":"hi"}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"type":"message","role":"user","content":"hi"}],"repairs":["#
            + #"{"kind":"dropped_reasoning","index":0,"message":"reasoning dropped: it led only into calls that were dropped for having no output"},"#
            + #"{"kind":"dropped_call","callId":"c1","index":1,"message":"function_call c1 dropped: it never got an output"}],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: missingOutput error with an unanswered call is -31005 listing the calls in data.problems")
    func missingOutputError() {
        #expect(sequence(#"{"missingOutput":"error","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"message","role":"user","content":"hi"},{"type":"local_shell_call","call_id":"c2","status":"in_progress","action":{"type":"exec","command":["ls"]}}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31005,"message":"Unanswered calls: 2 calls had no output (missingOutput is \"error\")","data":{"problems":["#
            + #"{"code":"missing_output","severity":"error","index":0,"callId":"c1","message":"No tool output found for function call c1."},"#
            + #"{"code":"missing_output","severity":"error","index":2,"callId":"c2","message":"No tool output found for local shell call c2."}]}}}"#)
        #expect(sequence(#"{"missingOutput":"error","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31005,"message":"Unanswered calls: 1 call had no output (missingOutput is \"error\")","data":{"problems":["#
            + #"{"code":"missing_output","severity":"error","index":0,"callId":"c1","message":"No tool output found for function call c1."}]}}}"#)
    }

    @Test("sequence: missingOutput error with every call answered succeeds")
    func missingOutputErrorAllAnswered() {
        #expect(sequence(#"{"missingOutput":"error","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"a"}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"a"}],"repairs":[],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: syntheticOutputs.lost sets the text of inserted outputs")
    func syntheticOutputsText() {
        #expect(sequence(#"{"syntheticOutputs":{"lost":"gone \"away\"","interrupted":"unused"},"items":[{"type":"custom_tool_call","call_id":"c1","name":"g","input":"x"}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"type":"custom_tool_call","call_id":"c1","name":"g","input":"x"},{"type":"custom_tool_call_output","call_id":"c1","output":"gone \"away\""}],"#
            + #""repairs":[{"kind":"inserted_output","callId":"c1","index":0,"resultIndex":1,"message":"custom_tool_call_output inserted for c1, which had no output (lost)"}],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: numbers and strings inside items come back as the exact text they came in")
    func numbersKeptAsText() {
        let call = #"{"type":"function_call","call_id":"c1","name":"f","arguments":"{}","n":1.10,"big":12345678901234567890123,"e":-0E+00,"s":"\u00e9\n"}"#
        #expect(sequence(#"{"items":[\#(call),{"type":"function_call_output","call_id":"c1","output":"ok"}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[\#(call),{"type":"function_call_output","call_id":"c1","output":"ok"}],"repairs":[],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: values that are not items are dropped with a repair each, and the valid items are sequenced")
    func invalidItemsReported() {
        #expect(sequence(#"{"items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},7,{"role":"user"},{"type":"function_call_output","call_id":"c1","output":"late"}]}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"late"}],"#
            + #""repairs":[{"kind":"dropped_invalid","index":1,"message":"item is a JSON number, not an object"},{"kind":"dropped_invalid","index":2,"message":"item has no \"type\" member"}],"warnings":[],"notes":[]}}"#)
    }

    @Test("sequence: a wrong type or value for any param is -32602 naming its path", arguments: [
        Exchange(#"{}"#, #"{"code":-32602,"message":"Invalid params: params.items is required","data":{"path":"params.items"}}"#),
        Exchange(#"{"items":null}"#, #"{"code":-32602,"message":"Invalid params: params.items is required","data":{"path":"params.items"}}"#),
        Exchange(#"{"items":{}}"#, #"{"code":-32602,"message":"Invalid params: params.items must be an array, not object","data":{"path":"params.items"}}"#),
        Exchange(#"{"items":"[]"}"#, #"{"code":-32602,"message":"Invalid params: params.items must be an array, not string","data":{"path":"params.items"}}"#),
        Exchange(#"{"items":[],"format":1}"#, #"{"code":-32602,"message":"Invalid params: params.format must be a string, not number","data":{"path":"params.format"}}"#),
        Exchange(#"{"items":[],"format":"xml"}"#,
                 #"{"code":-32602,"message":"Invalid params: params.format must be one of \"responses\", \"chat\", \"anthropic\", \"gemini\", not \"xml\"","data":{"path":"params.format","allowed":["responses","chat","anthropic","gemini"]}}"#),
        Exchange(#"{"items":[],"missingOutput":true}"#, #"{"code":-32602,"message":"Invalid params: params.missingOutput must be a string, not boolean","data":{"path":"params.missingOutput"}}"#),
        Exchange(#"{"items":[],"missingOutput":"ignore"}"#,
                 #"{"code":-32602,"message":"Invalid params: params.missingOutput must be one of \"synthesize\", \"drop\", \"error\", not \"ignore\"","data":{"path":"params.missingOutput","allowed":["synthesize","drop","error"]}}"#),
        Exchange(#"{"items":[],"syntheticOutputs":"aborted"}"#, #"{"code":-32602,"message":"Invalid params: params.syntheticOutputs must be an object, not string","data":{"path":"params.syntheticOutputs"}}"#),
        Exchange(#"{"items":[],"syntheticOutputs":{"lost":5}}"#, #"{"code":-32602,"message":"Invalid params: params.syntheticOutputs.lost must be a string, not number","data":{"path":"params.syntheticOutputs.lost"}}"#),
        Exchange(#"{"items":[],"syntheticOutputs":{"interrupted":null}}"#, #"{"code":-32602,"message":"Invalid params: params.syntheticOutputs.interrupted must be a string, not null","data":{"path":"params.syntheticOutputs.interrupted"}}"#),
        Exchange(#"{"items":[],"syntheticOutputs":{"cancelled":"x"}}"#,
                 #"{"code":-32602,"message":"Invalid params: params.syntheticOutputs.cancelled is not a param of sequence's syntheticOutputs","data":{"path":"params.syntheticOutputs.cancelled","param":"cancelled","allowed":["interrupted","failed","timeout","lost"]}}"#),
    ])
    func sequenceInvalidParams(exchange: Exchange) {
        #expect(sequence(exchange.request) == #"{"jsonrpc":"2.0","id":1,"error":\#(exchange.response ?? "")}"#)
    }

    // MARK: - validate

    private func validate(_ params: String) -> String? {
        var server = Server()
        return server.respond(#"{"jsonrpc":"2.0","id":"v","method":"validate","params":\#(params)}"#)
    }

    @Test("validate: an array the API accepts is valid with no problems")
    func validArray() {
        #expect(validate(#"{"format":"chat","messages":[{"role":"user","content":"hi"}]}"#) == #"{"jsonrpc":"2.0","id":"v","result":{"valid":true,"problems":[]}}"#)
        #expect(validate(#"{"format":"responses","messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"a"}]}"#)
            == #"{"jsonrpc":"2.0","id":"v","result":{"valid":true,"problems":[]}}"#)
    }

    @Test("validate: an error makes it invalid, with the provider's own text")
    func invalidArray() {
        #expect(validate(#"{"format":"responses","messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}"#)
            == #"{"jsonrpc":"2.0","id":"v","result":{"valid":false,"problems":[{"code":"missing_output","severity":"error","index":0,"callId":"c1","message":"No tool output found for function call c1."}]}}"#)
        #expect(validate(#"{"format":"anthropic","messages":{"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]}]}}"#)
            == #"{"jsonrpc":"2.0","id":"v","result":{"valid":false,"problems":[{"code":"tool_use_without_result","severity":"error","index":1,"callId":"t1","message":"messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: t1. Each `tool_use` block must have a corresponding `tool_result` block in the next message."}]}}"#)
    }

    @Test("validate: warnings alone leave it valid")
    func warningsOnly() {
        #expect(validate(#"{"format":"responses","messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"a"},{"type":"function_call_output","call_id":"c1","output":"a"}]}"#)
            == #"{"jsonrpc":"2.0","id":"v","result":{"valid":true,"problems":[{"code":"duplicate_output","severity":"warning","index":2,"callId":"c1","message":"The function_call_output at input[2] is a second output for call_id c1, whose call was already answered at input[1]; keep only one."}]}}"#)
    }

    @Test("validate: messages of the wrong shape are a problem in the result, not an invalid-params error")
    func wrongShapeIsAProblem() {
        #expect(validate(#"{"format":"responses","messages":5}"#)
            == #"{"jsonrpc":"2.0","id":"v","result":{"valid":false,"problems":[{"code":"invalid_shape","severity":"error","index":0,"message":"The Responses input must be an array of items (or a string), but it is an integer."}]}}"#)
    }

    @Test("validate: a missing or wrong param is -32602 naming its path", arguments: [
        Exchange(#"{"messages":[]}"#, #"{"code":-32602,"message":"Invalid params: params.format is required","data":{"path":"params.format"}}"#),
        Exchange(#"{"format":null,"messages":[]}"#, #"{"code":-32602,"message":"Invalid params: params.format is required","data":{"path":"params.format"}}"#),
        Exchange(#"{"format":["chat"],"messages":[]}"#, #"{"code":-32602,"message":"Invalid params: params.format must be a string, not array","data":{"path":"params.format"}}"#),
        Exchange(#"{"format":"openai","messages":[]}"#,
                 #"{"code":-32602,"message":"Invalid params: params.format must be one of \"responses\", \"chat\", \"anthropic\", \"gemini\", not \"openai\"","data":{"path":"params.format","allowed":["responses","chat","anthropic","gemini"]}}"#),
        Exchange(#"{"format":"chat"}"#, #"{"code":-32602,"message":"Invalid params: params.messages is required","data":{"path":"params.messages"}}"#),
        Exchange(#"{"format":"chat","messages":null}"#, #"{"code":-32602,"message":"Invalid params: params.messages is required","data":{"path":"params.messages"}}"#),
    ])
    func validateInvalidParams(exchange: Exchange) {
        #expect(validate(exchange.request) == #"{"jsonrpc":"2.0","id":"v","error":\#(exchange.response ?? "")}"#)
    }
}

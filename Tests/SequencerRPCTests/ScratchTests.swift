import Testing
@testable import SequencerRPC
import SequencerCore

@Test func scratch() {
    var s = Server()
    func r(_ l: String) { print(s.respond(l) ?? "nil") }
    let interrupted = #"[{"type":"message","role":"developer","content":[{"type":"input_text","text":"be brief"}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"build"}]},{"type":"function_call","call_id":"c1","name":"make","arguments":"{\"target\":\"all\"}"},{"type":"message","role":"user","content":[{"type":"input_text","text":"stop"}]}]"#
    for f in ["chat", "anthropic", "gemini"] {
        r(#"{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"format":"\#(f)","items":\#(interrupted)}}"#)
    }
    r(#"{"jsonrpc":"2.0","id":2,"method":"sequence","params":{"missingOutput":"drop","items":[{"type":"reasoning","summary":[]},{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"message","role":"user","content":"hi"}]}}"#)
    r(#"{"jsonrpc":"2.0","id":3,"method":"sequence","params":{"syntheticOutputs":{"lost":"gone"},"items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}","n":1.10,"big":12345678901234567890123},7,{"role":"user"},{"type":"function_call_output","call_id":"c1","output":"late"}]}}"#)
    r(#"{"jsonrpc":"2.0","id":4,"method":"validate","params":{"format":"responses","messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"a"},{"type":"function_call_output","call_id":"c1","output":"a"}]}}"#)
    r(#"{"jsonrpc":"2.0","id":5,"method":"validate","params":{"format":"responses","messages":5}}"#)
    r(#"{"jsonrpc":"2.0","id":6,"method":"validate","params":{"format":"anthropic","messages":{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]}]}}}"#)
    r(#"{"jsonrpc":"2.0","id":7,"method":"validate","params":{"format":"chat","messages":[{"role":"user","content":"hi"}]}}"#)
    r(#"{"jsonrpc":"2.0","id":8,"method":"session/open","params":{"session":"f"}}"#)
    r(#"{"jsonrpc":"2.0","id":9,"method":"session/submit","params":{"session":"f","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call","call_id":"c2","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"one"},{"type":"custom_tool_call","call_id":"c3","name":"g","input":"x"},{"type":"function_call_output","call_id":"c3","output":"three"},{"type":"function_call","call_id":"c5"}]}}"#)
    r(#"{"jsonrpc":"2.0","id":10,"method":"session/cancel","params":{"session":"f","callIds":["c2"],"reason":"failed"}}"#)
    r(#"{"jsonrpc":"2.0","id":11,"method":"session/messages","params":{"session":"f"}}"#)
    r(#"{"jsonrpc":"2.0","id":12,"method":"sequence","params":{"missingOutput":"error","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"a"}]}}"#)
    r(#"{"jsonrpc":"2.0","id":13,"method":"sequence","params":{"items":[]}}"#)
}

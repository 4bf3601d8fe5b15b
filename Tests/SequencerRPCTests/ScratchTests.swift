import Testing
@testable import SequencerRPC
import SequencerCore

@Test func scratch() {
    let clock = ManualClock()
    var s = Server(clock: clock.read)
    let lines: [String] = [
#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#,
#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#,
#"{"jsonrpc":"2.0","id":2,"method":"sequence","params":{"items":[{"type":"local_shell_call","call_id":"c1","status":"in_progress","action":{"type":"exec","command":["ls"]}},{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]}}"#,
#"{"jsonrpc":"2.0","id":3,"method":"sequence","params":{"missingOutput":"error","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}}"#,
#"{"jsonrpc":"2.0","id":4,"method":"validate","params":{"format":"responses","messages":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}}"#,
#"{"jsonrpc":"2.0","id":5,"method":"session/open"}"#,
#"{"jsonrpc":"2.0","id":6,"method":"session/open","params":{"session":"a","options":{"format":"chat","syntheticOutputs":{"interrupted":"stopped"}}}}"#,
#"{"jsonrpc":"2.0","id":7,"method":"session/submit","params":{"session":"a","items":[{"type":"function_call_output","call_id":"c9","output":"early"},{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"message","role":"user","content":[{"type":"input_text","text":"wait"}]},5]}}"#,
#"{"jsonrpc":"2.0","id":8,"method":"session/state","params":{"session":"a"}}"#,
#"{"jsonrpc":"2.0","id":9,"method":"session/cancel","params":{"session":"a"}}"#,
#"{"jsonrpc":"2.0","id":10,"method":"session/messages","params":{"session":"a"}}"#,
#"{"jsonrpc":"2.0","id":11,"method":"session/close","params":{"session":"a"}}"#,
#"{"jsonrpc":"2.0","id":12,"method":"shutdown"}"#,
#"{"jsonrpc":"2.0","id":13,"method":"session/open","params":{"options":{"format":5}}}"#,
#"{"jsonrpc":"2.0","id":14,"method":"session/open","params":{"options":{"syntheticOutputs":5}}}"#,
#"[]"#,
#"[1]"#,
#"{"#,
#"x"#,
#"{} x"#,
    ]
    for l in lines { print(s.respond(l) ?? "nil") }
    print(s.respond(bytes: [0x22, 0xFF, 0x22]) ?? "nil")
    print(String(decoding: s.handle(.tooLong(length: 99))!, as: UTF8.self))
}

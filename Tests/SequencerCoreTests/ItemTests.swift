import SequencerCore
import Testing

@Suite("Item: the members sequencing reads, however they are spelled")
struct ItemTests {
    private func item(_ json: String) throws -> Item {
        try Item(JSONParser.parse(json))
    }

    private func error(_ json: String) throws -> ItemError? {
        let value = try JSONParser.parse(json)
        do throws(ItemError) {
            _ = try Item(value)
            return nil
        } catch {
            return error
        }
    }

    @Test("reads each known type, its role and its call_id")
    func knownTypes() throws {
        #expect(try item(#"{"type":"message","role":"developer","content":"x"}"#).kind == .message(.developer))
        #expect(try item(#"{"type":"reasoning","summary":[]}"#).kind == .reasoning)
        #expect(try item(#"{"type":"web_search_call","status":"completed"}"#).kind == .apiRun("web_search_call"))
        let call = try item(#"{"type":"local_shell_call","call_id":"c1","status":"completed","action":{}}"#)
        #expect(call.kind == .call(.localShell))
        #expect(call.callId == "c1")
        #expect(call.toolName == "shell")
        #expect(try item(#"{"type":"function_call","call_id":"c2","name":"f","arguments":"{}"}"#).kind == .call(.function))
        #expect(try item(#"{"type":"custom_tool_call","call_id":"c3","name":"g","input":""}"#).kind == .call(.custom))
        #expect(try item(#"{"type":"function_call_output","call_id":"c2","output":"ok"}"#).kind == .output(.function))
        #expect(try item(#"{"type":"custom_tool_call_output","call_id":"c3","output":[]}"#).kind == .output(.custom))
        #expect(try item(#"{"type":"ghost_snapshot","id":"g"}"#).kind == .other("ghost_snapshot", hostSide: false))
    }

    @Test("keys, types and roles spelled with escapes read as their text")
    func escapes() throws {
        let message = try item(#"{"t\u0079pe":"m\u0065ssage","r\u006Fle":"\u0075ser","c\u006Fntent":"hi"}"#)
        #expect(message.kind == .message(.user))
        // An escaped name the same length as another known type.
        #expect(try item(#"{"type":"web_search_c\u0061ll"}"#).kind == .apiRun("web_search_call"))
        let output = try item(#"{"type":"function_call_outpu\u0074","c\u0061ll_id":"c\u0031","outp\u0075t":"x"}"#)
        #expect(output.kind == .output(.function))
        #expect(output.callId == "c1")
        #expect(try item(#"{"\u0069d":"fc_1","type":"reasoning"}"#).hasServerId)
        #expect(try item(#"{"type":"mess\u0061ge2"}"#).kind == .other("message2", hostSide: false))
    }

    @Test("the last member of a name wins, as lookups by key do")
    func lastWins() throws {
        let output = try item(#"{"type":"message","call_id":"a","type":"function_call_output","call_id":"b","output":"x"}"#)
        #expect(output.kind == .output(.function))
        #expect(output.callId == "b")
        #expect(try error(#"{"type":"message","role":"user","content":"x","role":"robot"}"#) == .invalidRole("robot"))
    }

    @Test("hasServerId tells whether a top-level id is there")
    func serverId() throws {
        #expect(try item(#"{"type":"reasoning","id":"rs_1","summary":[]}"#).hasServerId)
        #expect(try !item(#"{"type":"reasoning","summary":[{"id":"nested"}]}"#).hasServerId)
        #expect(!Item.output(.function, callId: "c", text: "t").hasServerId)
        let converted = try item(#"{"type":"function_call_output","id":"x","call_id":"c","output":"t"}"#).converted(to: .custom)
        #expect(converted.hasServerId)
        #expect(converted.kind == .output(.custom))
    }

    @Test("refuses what sequencing cannot work with, naming the member")
    func errors() throws {
        #expect(try error(#"{"role":"user"}"#) == .missingType)
        #expect(try error(#"{"type":7}"#) == .typeNotAString("number"))
        #expect(try error(#"{"type":"message","content":"x"}"#) == .invalidRole(nil))
        #expect(try error(#"{"type":"message","role":"robot","content":"x"}"#) == .invalidRole("robot"))
        #expect(try error(#"{"type":"message","role":"user"}"#)
                == .invalidMember(type: "message", member: "content", expected: "a string or an array of content items"))
        #expect(try error(#"{"type":"local_shell_call","call_id":null}"#) == .nullCallId)
        #expect(try error(#"{"type":"function_call","call_id":"","name":"f"}"#) == .missingCallId(type: "function_call"))
        #expect(try error(#"{"type":"function_call","call_id":"c"}"#)
                == .invalidMember(type: "function_call", member: "name", expected: "a string"))
        #expect(try error(#"{"type":"custom_tool_call_output","call_id":"c","output":5}"#)
                == .invalidMember(type: "custom_tool_call_output", member: "output", expected: "a string or an array of content items"))
        #expect(try error("[]") == .notAnObject("array"))
    }

    @Test("a custom_tool_call needs a string input, as OpenAI's schema requires, and its error says so")
    func customToolCallInput() throws {
        let missing = try #require(try error(#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch"}"#))
        #expect(missing == .invalidMember(type: "custom_tool_call", member: "input", expected: "a string"))
        #expect(missing.message == #"custom_tool_call needs "input" to be a string"#)
        #expect(try error(#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":{"patch":"x"}}"#)
                == .invalidMember(type: "custom_tool_call", member: "input", expected: "a string"))
        #expect(try error(#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch","input":null}"#)
                == .invalidMember(type: "custom_tool_call", member: "input", expected: "a string"))
        // A missing name is named first, as before.
        #expect(try error(#"{"type":"custom_tool_call","call_id":"c"}"#)
                == .invalidMember(type: "custom_tool_call", member: "name", expected: "a string"))
        #expect(try item(#"{"type":"custom_tool_call","call_id":"c","name":"apply_patch","in\u0070ut":""}"#).kind == .call(.custom))
    }

    @Test("a local_shell_call needs a status of in_progress, completed or incomplete, however it is spelled")
    func localShellCallStatus() throws {
        for status in ["in_progress", "completed", "incomplete", #"c\u006fmpleted"#] {
            let call = try item(#"{"type":"local_shell_call","call_id":"c","status":"\#(status)","action":{"type":"exec","command":["ls"]}}"#)
            #expect(call.kind == .call(.localShell))
        }
        let expected = ItemError.invalidMember(type: "local_shell_call", member: "status", expected: #"one of "in_progress", "completed", "incomplete""#)
        let missing = try #require(try error(#"{"type":"local_shell_call","call_id":"c","action":{"type":"exec","command":["ls"]}}"#))
        #expect(missing == expected)
        #expect(missing.message == #"local_shell_call needs "status" to be one of "in_progress", "completed", "incomplete""#)
        for status in [#""done""#, #""Completed""#, #""""#, "1", "null"] {
            #expect(try error(#"{"type":"local_shell_call","call_id":"c","status":\#(status),"action":{}}"#) == expected, "status \(status)")
        }
        // The member's name may be spelled with escapes too, and of two members of that name
        // the last counts, as in every lookup by key.
        #expect(try item(#"{"type":"local_shell_call","call_id":"c","st\u0061tus":"completed","action":{}}"#).kind == .call(.localShell))
        #expect(try item(#"{"type":"local_shell_call","call_id":"c","status":"done","status":"completed","action":{}}"#).kind == .call(.localShell))
        #expect(try error(#"{"type":"local_shell_call","call_id":"c","status":"completed","status":"done","action":{}}"#) == expected)
        // A null call_id is still the first thing said: no output can answer such a call.
        #expect(try error(#"{"type":"local_shell_call","call_id":null}"#) == .nullCallId)
    }
}

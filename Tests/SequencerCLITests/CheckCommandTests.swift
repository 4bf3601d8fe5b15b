import Testing
@testable import SequencerCLI

@Suite("check: the problems the API would reject, with their lines")
struct CheckCommandTests {
    @Test("a rollout whose process died mid-tool: the API's own text, the call's line, exit 1")
    func endsMidTool() throws {
        let output = CheckCommand.run(file: "r.jsonl", contents: try Examples.bytes("examples/rollouts/ends-mid-tool.jsonl"))
        #expect(output.text == """
            r.jsonl:3: error: No tool output found for local shell call call_dp03. [missing_output]
            r.jsonl: 1 error, 0 warnings in 3 items

            """)
        #expect(output.status == 1)
        #expect(output.stderr == "")
    }

    @Test("the shipped interrupted turn: turn_aborted closes the pending call as Codex does, a warning, exit 0")
    func interruptedTurn() throws {
        let output = CheckCommand.run(file: "r.jsonl", contents: try Examples.bytes("examples/rollouts/interrupted-turn.jsonl"))
        #expect(output.text == """
            r.jsonl:6: warning: No tool output found for local shell call call_8Qk2. The turn_aborted at line 7 closed it: Codex sends an aborted output for it, and repair writes one. [interrupted_call]
            r.jsonl: 0 errors, 1 warning in 4 items

            """)
        #expect(output.status == 0)
    }

    @Test("a realistic rollout: the compaction replaces what came before, its open call is an error, the interrupted call a warning, the torn last line skipped")
    func compactedSession() throws {
        let output = CheckCommand.run(file: "c.jsonl", contents: try Examples.bytes("examples/rollouts/compacted-session.jsonl"))
        #expect(output.text == """
            c.jsonl:8: warning: a compaction replaced the 5 entries before it with 3 items [compacted]
            c.jsonl:8: error: No tool output found for local shell call call_cmp3. [missing_output]
            c.jsonl:13: warning: No tool output found for custom tool call call_pt4. The turn_aborted at line 14 closed it: Codex sends an aborted output for it, and repair writes one. [interrupted_call]
            c.jsonl:16: warning: the last line is not JSON (unexpected end of JSON text at byte 158 of the line): a write cut short, skipped as Codex skips it; the rest is read [torn_last_line]
            c.jsonl: 1 error, 3 warnings in 8 items

            """)
        #expect(output.status == 1)
    }

    @Test("a healthy rollout: no problems, exit 0")
    func healthy() throws {
        let output = CheckCommand.run(file: "h", contents: try Examples.bytes("examples/rollouts/healthy-turn.jsonl"))
        #expect(output.text == "h: no problems in 5 items\n")
        #expect(output.status == 0)
    }

    @Test("a JSON array: each problem points at the line its item starts on; warnings do not fail")
    func array() {
        let text = """
            [
              {"type":"function_call","name":"f","arguments":"{}","call_id":"c1"},
              {"type":"message","role":"user","content":"wait"},
              {"type":"function_call_output","call_id":"c1","output":"ok"},
              {"type":"function_call_output","call_id":"zz","output":"?"}
            ]
            """
        let output = CheckCommand.run(file: "a.json", contents: text.bytes)
        #expect(output.text.hasPrefix("a.json:3: warning: The user message at input[1] comes between the function call c1 at input[0] and its output at input[2]"))
        #expect(output.text.contains("\na.json:5: error: No tool call found for function call output with call_id zz. [orphan_output]\n"))
        #expect(output.text.hasSuffix("a.json: 1 error, 1 warning in 4 items\n"))
        #expect(output.status == 1)
    }

    @Test("JSON lines of items are read one item a line")
    func jsonLines() {
        let text = #"{"type":"custom_tool_call","call_id":"p","name":"apply_patch","input":"x"}"# + "\n\n" + #"{"type":"message","role":"user","content":"hi"}"# + "\n"
        let output = CheckCommand.run(file: "l", contents: text.bytes)
        #expect(output.text == "l:1: error: No tool output found for custom tool call p. [missing_output]\nl: 1 error, 0 warnings in 2 items\n")
    }

    @Test("a file that is not a history: the line and what is wrong, exit 2")
    func unreadable() {
        let output = CheckCommand.run(file: "bad", contents: "{\"type\":\"message\"}\nnot json\n{\"type\":\"reasoning\"}\n".bytes)
        #expect(output.stderr == "bad:2: cannot read history: unexpected character 'o' at byte 1 of the line\n")
        #expect(output.status == 2)
        #expect(output.stdout == [])
    }

    @Test("a torn last line of JSON lines is skipped with a warning; a file that is only a torn line is not a history")
    func tornLastLine() {
        let output = CheckCommand.run(file: "t", contents: "{\"type\":\"reasoning\"}\n{\"type\":\"mess".bytes)
        #expect(output.text == "t:2: warning: the last line is not JSON (unexpected end of JSON text at byte 13 of the line): a write cut short, skipped as Codex skips it; the rest is read [torn_last_line]\nt: 0 errors, 1 warning in 1 item\n")
        #expect(output.status == 0)
        #expect(CheckCommand.run(file: "t", contents: "{\"type\":".bytes).status == 2)
    }

    @Test("--timeline: the call, its cancellation by the rollout's turn_aborted, with rollout times")
    func timeline() throws {
        let output = CheckCommand.run(file: "r", contents: try Examples.bytes("examples/rollouts/interrupted-turn.jsonl"), timeline: true)
        #expect(output.text.hasSuffix("""
            timeline:
              line 6: local_shell_call call_8Qk2 (shell), submitted at +2.400s
                cancelled (interrupted) at +68.900s, after 66.500s

            """))
    }

    @Test("--timeline: an item held behind a call, and how long it waited")
    func timelineHeld() throws {
        let output = CheckCommand.run(file: "m", contents: try Examples.bytes("examples/rollouts/message-during-tool.jsonl"), timeline: true)
        #expect(output.text.hasSuffix("""
            timeline:
              line 3: custom_tool_call call_pt77 (apply_patch), submitted at +1.000s
                output from line 5 at +2.000s, after 1.000s
                held behind it: message/user from line 4, waited 0.500s

            """))
    }

    @Test("--timeline without timestamps shows order, reports and orphans")
    func timelineUntimed() {
        let text = """
            {"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}
            {"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}
            {"type":"function_call_output","call_id":"c1","output":"ok"}
            {"type":"function_call_output","call_id":"ghost","output":"?"}
            """
        let output = CheckCommand.run(file: "u", contents: text.bytes, timeline: true)
        #expect(output.text.hasSuffix("""
            timeline:
              line 1: function_call c1 (f), submitted
                output from line 3
              line 2: reported duplicate c1: function_call c1 was already submitted; this identical copy was not added again
              line 4: orphan function_call_output ghost: no call with its call_id came

            """))
    }
}

import SequencerCore
import Testing
@testable import SequencerCLI

@Suite("repair: the history made valid")
struct RepairCommandTests {
    @Test("the interrupted turn: an interrupted output right after the call; check then passes")
    func interruptedTurn() throws {
        let contents = try Examples.bytes("examples/rollouts/interrupted-turn.jsonl")
        let output = RepairCommand.run(file: "r", contents: contents, options: .init(path: "r"))
        #expect(output.status == 0)
        #expect(output.stderr == "r:6: inserted_output call_8Qk2: function_call_output inserted for call_8Qk2, which had no output (interrupted)\n")
        let repaired = try JSONParser.parse(output.stdout.dropLast())
        let items = try #require(repaired.arrayValue)
        #expect(items.map { $0["type"]?.stringValue } == ["message", "reasoning", "local_shell_call", "function_call_output", "message"])
        #expect(items[3] == Item.output(.function, callId: "call_8Qk2", text: SyntheticOutputs.defaults.interrupted).value)
        #expect(CheckCommand.run(file: "fixed", contents: output.stdout).status == 0)
    }

    @Test("a realistic rollout: what the compaction left, the open call and the interrupted one closed, ghost snapshots removed, the torn line skipped")
    func compactedSession() throws {
        let contents = try Examples.bytes("examples/rollouts/compacted-session.jsonl")
        let output = RepairCommand.run(file: "c", contents: contents, options: .init(path: "c"))
        #expect(output.status == 0)
        #expect(output.stderr == """
            c:8: warning: a compaction replaced the 5 entries before it with 3 items [compacted]
            c:16: warning: the last line is not JSON (unexpected end of JSON text at byte 158 of the line): a write cut short, skipped as Codex skips it; the rest is read [torn_last_line]
            c: removed 1 ghost_snapshot item, as Codex does before every request
            c:8: inserted_output call_cmp3: function_call_output inserted for call_cmp3, which had no output (lost)
            c:13: inserted_output call_pt4: custom_tool_call_output inserted for call_pt4, which had no output (interrupted)

            """)
        let items = try #require(try JSONParser.parse(output.stdout.dropLast()).arrayValue)
        #expect(items.map { $0["type"]?.stringValue ?? "" } == [
            "message", "message", "local_shell_call", "function_call_output", "message", "reasoning", "custom_tool_call",
            "custom_tool_call_output", "message",
        ])
        #expect(items.map { $0["call_id"]?.stringValue ?? "" }.filter { !$0.isEmpty } == ["call_cmp3", "call_cmp3", "call_pt4", "call_pt4"])
        #expect(items[7]["output"]?.stringValue == SyntheticOutputs.defaults.interrupted)
        #expect(CheckCommand.run(file: "fixed", contents: output.stdout).text == "fixed: no problems in 9 items\n")
    }

    @Test("--format renders the repaired array as that API's request body")
    func formats() throws {
        let contents = try Examples.bytes("examples/rollouts/message-during-tool.jsonl")
        let output = RepairCommand.run(file: "m", contents: contents, options: .init(path: "m", format: .anthropic))
        let body = try JSONParser.parse(output.stdout.dropLast())
        #expect(Validator.validate(body, format: .anthropic) == [])
        #expect(body["messages"]?.arrayValue?.count == 3)
        #expect(output.stderr == "m:4: moved_after_output: user message moved after the outputs of the calls pending when it arrived\n")
    }

    @Test("--missing-output error lists the unanswered calls and exits 1, writing nothing")
    func errorPolicy() {
        let text = #"{"type":"local_shell_call","call_id":"c9","status":"in_progress","action":{"type":"exec","command":["ls"]}}"# + "\n"
        let output = RepairCommand.run(file: "e", contents: text.bytes, options: .init(path: "e", missingOutput: .error))
        #expect(output.status == 1)
        #expect(output.stdout == [])
        #expect(output.stderr == "e:1: error: No tool output found for local shell call c9. [missing_output]\n")
    }

    @Test("--missing-output drop removes the call")
    func dropPolicy() throws {
        let text = #"{"type":"local_shell_call","call_id":"c9","status":"in_progress","action":{"type":"exec","command":["ls"]}}"# + "\n"
        let output = RepairCommand.run(file: "d", contents: text.bytes, options: .init(path: "d", missingOutput: .drop))
        #expect(output.text == "[]\n")
        #expect(output.stderr == "d:1: dropped_call c9: local_shell_call c9 dropped: it never got an output\n")
    }
}

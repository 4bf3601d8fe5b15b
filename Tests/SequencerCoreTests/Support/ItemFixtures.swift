@testable import SequencerCore

/// Conversation items as JSON, in the shapes Codex writes, for tests.
enum Fixture {
    static func shell(_ callId: String, _ command: String = "ls") -> JSONValue {
        [
            "type": "local_shell_call", "call_id": .string(JSONString(callId)), "status": "in_progress",
            "action": ["type": "exec", "command": ["bash", "-lc", .string(JSONString(command))]],
        ]
    }

    static func function(_ callId: String, name: String = "read_file", arguments: String = #"{"path":"a.txt"}"#) -> JSONValue {
        ["type": "function_call", "name": .string(JSONString(name)), "arguments": .string(JSONString(arguments)), "call_id": .string(JSONString(callId))]
    }

    static func custom(_ callId: String, name: String = "apply_patch", input: String = "*** Begin Patch") -> JSONValue {
        ["type": "custom_tool_call", "call_id": .string(JSONString(callId)), "name": .string(JSONString(name)), "input": .string(JSONString(input))]
    }

    static func output(_ callId: String, _ text: String = "ok") -> JSONValue {
        ["type": "function_call_output", "call_id": .string(JSONString(callId)), "output": .string(JSONString(text))]
    }

    static func customOutput(_ callId: String, _ text: String = "ok") -> JSONValue {
        ["type": "custom_tool_call_output", "call_id": .string(JSONString(callId)), "output": .string(JSONString(text))]
    }

    static func message(_ role: String, _ text: String) -> JSONValue {
        let part: JSONValue = role == "assistant" ? "output_text" : "input_text"
        return ["type": "message", "role": .string(JSONString(role)), "content": [["type": part, "text": .string(JSONString(text))]]]
    }

    static func user(_ text: String) -> JSONValue { message("user", text) }
    static func assistant(_ text: String) -> JSONValue { message("assistant", text) }

    static func reasoning(_ text: String) -> JSONValue {
        ["type": "reasoning", "summary": [["type": "summary_text", "text": .string(JSONString(text))]], "encrypted_content": nil]
    }

    static func webSearch() -> JSONValue {
        ["type": "web_search_call", "status": "completed", "action": ["type": "search", "query": "swift"]]
    }

    /// The synthetic output a session writes for `callId` with `reason`'s default text.
    static func synthetic(_ callId: String, _ reason: CancelReason, kind: OutputKind = .function) -> JSONValue {
        Item.output(kind, callId: callId, text: SyntheticOutputs.defaults[reason]).value
    }
}

extension Session {
    /// The committed items as JSON, for exact comparisons.
    var committedValues: [JSONValue] { committed.map(\.value) }
}

import Foundation
import SequencerCore
import SequencerTestSupport

/// Realistic Codex-like histories for the benchmark: user turns, reasoning, shell calls with
/// outputs of 100 B to 100 KB, function and custom calls, parallel calls, and interruptions.
struct HistoryGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }

    /// An output size between 100 B and 100 KB, most of them small, as in real sessions: the
    /// exponent is skewed towards 2, so a 10,000-item history comes to about 8 MB.
    private mutating func outputSize() -> Int {
        let u = Double(below(1_000_000)) / 1_000_000.0
        let exponent = 2.0 + 3.0 * pow(u, 12)
        return Int(pow(10.0, exponent))
    }

    private mutating func text(_ size: Int) -> String {
        let words = ["build", "test", "error:", "warning", "src/main.rs", "ok", "PASS", "FAIL", "line", "42", "\"quoted\"", "path\\to", "é", "日本"]
        var out = ""
        out.reserveCapacity(size + 16)
        while out.utf8.count < size {
            out += words[below(words.count)]
            out += below(8) == 0 ? "\n" : " "
        }
        return out
    }

    /// One step of a history as a host lives it.
    enum Step {
        /// An item to submit.
        case item(JSONValue)
        /// The user interrupts the running calls: a host cancels them here.
        case interrupt
    }

    /// `count` items of one history, as JSON, interruptions left out (as a host that keeps the
    /// history itself has them).
    mutating func items(_ count: Int) -> [JSONValue] {
        steps(count).compactMap { if case .item(let value) = $0 { value } else { nil } }
    }

    /// `count` items of one history, with the moments the user interrupts.
    mutating func steps(_ count: Int) -> [Step] {
        var steps: [Step] = []
        steps.reserveCapacity(count + count / 20)
        var produced = 0
        func add(_ item: JSONValue) {
            steps.append(.item(item))
            produced += 1
        }
        var callNumber = 0
        var customIds: Set<String> = []
        while produced < count {
            add(["type": "message", "role": "user", "content": [["type": "input_text", "text": .string(JSONString(text(20 + below(300))))]]])
            let exchanges = 1 + below(6)
            for _ in 0..<exchanges where produced < count {
                add(["type": "reasoning", "summary": [["type": "summary_text", "text": .string(JSONString(text(40 + below(200))))]], "content": nil, "encrypted_content": .string(JSONString(text(300)))])
                let parallel = below(5) == 0 ? 2 : 1
                var ids: [String] = []
                for _ in 0..<parallel {
                    callNumber += 1
                    let id = "call_\(callNumber)"
                    ids.append(id)
                    switch below(6) {
                    case 0:
                        add(["type": "function_call", "name": "read_file", "arguments": .string(JSONString(#"{"path":"src/file\#(callNumber).rs"}"#)), "call_id": .string(JSONString(id))])
                    case 1:
                        customIds.insert(id)
                        add(["type": "custom_tool_call", "status": "completed", "call_id": .string(JSONString(id)), "name": "apply_patch", "input": .string(JSONString(text(200)))])
                    default:
                        add([
                            "type": "local_shell_call", "call_id": .string(JSONString(id)), "status": "completed",
                            "action": ["type": "exec", "command": ["bash", "-lc", .string(JSONString(text(30)))], "timeout_ms": 120_000, "working_directory": nil, "env": nil, "user": nil],
                        ])
                    }
                }
                let interrupted = below(25) == 0
                if interrupted {
                    steps.append(.interrupt)
                    add(["type": "message", "role": "user", "content": [["type": "input_text", "text": "stop, that is taking too long"]]])
                    break
                }
                for id in ids.reversed() {
                    let isCustom = customIds.contains(id)
                    add(["type": .string(JSONString(isCustom ? "custom_tool_call_output" : "function_call_output")), "call_id": .string(JSONString(id)), "output": .string(JSONString(text(outputSize())))])
                }
            }
            add(["type": "message", "role": "assistant", "content": [["type": "output_text", "text": .string(JSONString(text(50 + below(400))))]]])
        }
        var kept = 0
        return steps.prefix { step in
            guard case .item = step else { return true }
            kept += 1
            return kept <= count
        }
    }
}

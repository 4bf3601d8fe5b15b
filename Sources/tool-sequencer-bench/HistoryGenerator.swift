import SequencerCore

/// Realistic Codex-like histories for the benchmark: user turns, reasoning, shell calls with
/// outputs of 100 B to 100 KB, function and custom calls, parallel calls, and interruptions.
struct HistoryGenerator {
    private var random: SplitMix

    init(seed: UInt64) {
        random = SplitMix(seed: seed)
    }

    private mutating func below(_ bound: Int) -> Int { random.below(bound) }

    /// An output size between 100 B and 100 KB, most of them small, as in real sessions: the
    /// exponent is skewed towards 2, so a 10,000-item history comes to about 8 MB.
    private mutating func outputSize() -> Int {
        let u = Double(below(1_000_000)) / 1_000_000.0
        let exponent = 2.0 + 3.0 * u * u * u * u * u * u
        return Int(pow10(exponent))
    }

    private func pow10(_ x: Double) -> Double {
        var result = 1.0
        var remaining = x
        while remaining >= 1 { result *= 10; remaining -= 1 }
        // e^(remaining * ln 10) by a short series; precise enough for a size distribution.
        let y = remaining * 2.302585092994046
        var term = 1.0
        var sum = 1.0
        for n in 1..<20 { term *= y / Double(n); sum += term }
        return result * sum
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

    /// `count` items of one history, as JSON.
    mutating func items(_ count: Int) -> [JSONValue] {
        var items: [JSONValue] = []
        items.reserveCapacity(count)
        var callNumber = 0
        var customIds: Set<String> = []
        while items.count < count {
            items.append(["type": "message", "role": "user", "content": [["type": "input_text", "text": .string(JSONString(text(20 + below(300))))]]])
            let steps = 1 + below(6)
            for _ in 0..<steps where items.count < count {
                items.append(["type": "reasoning", "summary": [["type": "summary_text", "text": .string(JSONString(text(40 + below(200))))]], "content": nil, "encrypted_content": .string(JSONString(text(300)))])
                let parallel = below(5) == 0 ? 2 : 1
                var ids: [String] = []
                for _ in 0..<parallel {
                    callNumber += 1
                    let id = "call_\(callNumber)"
                    ids.append(id)
                    switch below(6) {
                    case 0:
                        items.append(["type": "function_call", "name": "read_file", "arguments": .string(JSONString(#"{"path":"src/file\#(callNumber).rs"}"#)), "call_id": .string(JSONString(id))])
                    case 1:
                        customIds.insert(id)
                        items.append(["type": "custom_tool_call", "status": "completed", "call_id": .string(JSONString(id)), "name": "apply_patch", "input": .string(JSONString(text(200)))])
                    default:
                        items.append([
                            "type": "local_shell_call", "call_id": .string(JSONString(id)), "status": "completed",
                            "action": ["type": "exec", "command": ["bash", "-lc", .string(JSONString(text(30)))], "timeout_ms": 120_000, "working_directory": nil, "env": nil, "user": nil],
                        ])
                    }
                }
                let interrupted = below(25) == 0
                if interrupted {
                    items.append(["type": "message", "role": "user", "content": [["type": "input_text", "text": "stop, that is taking too long"]]])
                    break
                }
                for id in ids.reversed() {
                    let isCustom = customIds.contains(id)
                    items.append(["type": .string(JSONString(isCustom ? "custom_tool_call_output" : "function_call_output")), "call_id": .string(JSONString(id)), "output": .string(JSONString(text(outputSize())))])
                }
            }
            items.append(["type": "message", "role": "assistant", "content": [["type": "output_text", "text": .string(JSONString(text(50 + below(400))))]]])
        }
        return Array(items.prefix(count))
    }
}

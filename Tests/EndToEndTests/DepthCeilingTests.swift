import Foundation
import SequencerCLI
import SequencerCore
import SequencerTestSupport
import Testing

/// Requests nested exactly as deep as `--max-depth` allows at most (``LimitFlag/depthCeiling``),
/// through the built binary on its main thread's default stack: parsed, sequenced, compared,
/// rendered, echoed, journaled, restored and released. The sidecar parses on no other thread.
@Suite("Depth: a request nested to the --max-depth ceiling goes through every path without overflowing the stack")
struct DepthCeilingTests {
    /// How the nesting is built.
    enum Shape: String, CaseIterable {
        case arrays, objects, mixed
    }

    /// A value nested `levels` deep.
    static func nested(_ levels: Int, _ shape: Shape) -> String {
        switch shape {
        case .arrays:
            return String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        case .objects:
            return String(repeating: #"{"a":"#, count: levels) + "1" + String(repeating: "}", count: levels)
        case .mixed:
            let pairs = levels / 2
            let odd = levels % 2 == 1
            return String(repeating: #"{"a":["#, count: pairs) + (odd ? "{}" : "1") + String(repeating: "]}", count: pairs)
        }
    }

    /// An unknown member `x` nested so that a request holding the item in `params.items` (the
    /// request, params, the items array and the item: 4 levels) is exactly `depth` deep.
    static func deepMember(depth: Int, _ shape: Shape) -> String {
        #""x":"# + nested(depth - 4, shape)
    }

    static let ceiling = LimitFlag.depthCeiling

    @Test("sequence echoes an item nested to the ceiling, in the Responses shape and as Anthropic", arguments: Shape.allCases)
    func sequence(_ shape: Shape) throws {
        let member = DepthCeilingTests.deepMember(depth: DepthCeilingTests.ceiling, shape)
        let call = #"{"type":"function_call","call_id":"c1","name":"f","arguments":"{}",\#(member)}"#
        let output = #"{"type":"function_call_output","call_id":"c1","output":"ok",\#(member)}"#
        // The call twice: the second copy is compared with the first (equality recurses too).
        let items = "[\(call),\(call),\(output)]"
        let tooDeep = DepthCeilingTests.deepMember(depth: DepthCeilingTests.ceiling + 1, shape)
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"items":\#(items)}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"sequence","params":{"format":"anthropic","items":\#(items)}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"sequence","params":{"items":[{\#(tooDeep)}]}}"#,
        ]
        let outcome = try Sidecar.run(arguments: ["--max-depth", String(DepthCeilingTests.ceiling)], input: Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.exitedNormally && outcome.status == 0, "exit \(outcome.status) (a signal if not exited normally); stderr: \(outcome.stderrText.prefix(2000))")
        let answers = outcome.stdoutLines.map { String(decoding: $0, as: UTF8.self) }
        try #require(answers.count == 3, "answers: \(answers.count)")
        // Compared as Bools: a failure message holding megabytes of brackets helps no one.
        let echoed = answers[0].hasPrefix(#"{"jsonrpc":"2.0","id":1,"result":{"messages":[\#(call),\#(output)]"#)
        #expect(echoed, "the first answer does not echo both items: \(answers[0].prefix(300))")
        let rendered = answers[1].hasPrefix(#"{"jsonrpc":"2.0","id":2,"result":"#)
        #expect(rendered, "the Anthropic answer: \(answers[1].prefix(300))")
        // One level deeper than allowed: refused as too deep, and the process goes on.
        #expect(answers[2].contains(#""code":-32700"#) && answers[2].contains(#""limit":"maxDepth""#), "\(answers[2].prefix(300))")
    }

    @Test("--max-depth past the ceiling with a line that deep is a usage error, not a stack overflow")
    func pastTheCeiling() throws {
        let line = #"{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"items":[{"type":"message","role":"user","content":"#
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}}\n"
        let outcome = try Sidecar.run(arguments: ["--max-depth", "100000"], input: Array(line.utf8))
        #expect(outcome.exitedNormally, "killed by signal \(outcome.status)")
        #expect(outcome.status == 2 && outcome.stdout.isEmpty)
        #expect(outcome.stderrText.hasPrefix("tool-sequencer: --max-depth must be a whole number from 1 to \(DepthCeilingTests.ceiling), not '100000'\n"),
                "stderr: \(outcome.stderrText.prefix(500))")
    }

    @Test("with --state-dir, an item nested to the ceiling is journaled, answered, and restored after a restart", arguments: Shape.allCases)
    func sessions(_ shape: Shape) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("depth-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let member = DepthCeilingTests.deepMember(depth: DepthCeilingTests.ceiling - 1, shape)  // params.session beside items
        let item = #"{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}],\#(member)}"#
        let first = [
            #"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"s"}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"session/submit","params":{"session":"s","items":[\#(item)]}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"session/messages","params":{"session":"s"}}"#,
        ]
        let arguments = ["--frozen-clock", "--state-dir", directory]
        let before = try Sidecar.run(arguments: arguments, input: Array((first.joined(separator: "\n") + "\n").utf8))
        #expect(before.exitedNormally && before.status == 0, "exit \(before.status); stderr: \(before.stderrText.prefix(2000))")
        let answers = before.stdoutLines.map { String(decoding: $0, as: UTF8.self) }
        try #require(answers.count == 3)
        let held = answers[2].contains(item)
        #expect(held, "session/messages: \(answers[2].prefix(300))")
        let again = #"{"jsonrpc":"2.0","id":4,"method":"session/messages","params":{"session":"s"}}"# + "\n"
        let after = try Sidecar.run(arguments: arguments, input: Array(again.utf8))
        #expect(after.exitedNormally && after.status == 0, "exit \(after.status); stderr: \(after.stderrText.prefix(2000))")
        let restored = String(decoding: after.stdout, as: UTF8.self)
        let same = restored == answers[2].replacingOccurrences(of: #""id":3"#, with: #""id":4"#) + "\n"
        #expect(same, "after the restart: \(restored.prefix(300))")
    }
}

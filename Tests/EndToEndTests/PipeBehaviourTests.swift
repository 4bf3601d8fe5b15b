import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The transport as a host sees it: the built `tool-sequencer` over real pipes.
@Suite("Pipes: framing, limits, signals, shutdown and a vanishing reader")
struct PipeBehaviourTests {
    /// The responses on stdout, parsed, one per line.
    private static func responses(_ outcome: Sidecar.Outcome) throws -> [JSONValue] {
        try outcome.stdoutLines.map { try JSONParser.parse($0) }
    }

    private static func request(_ id: Int, _ method: String, _ params: String = "{}") -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }

    private static func expectExitedCleanly(_ outcome: Sidecar.Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!outcome.timedOut, "the sidecar did not finish in time", sourceLocation: sourceLocation)
        #expect(outcome.exitedNormally, "killed by signal \(outcome.status); stderr: \(outcome.stderrText)", sourceLocation: sourceLocation)
        #expect(outcome.status == 0, "exit status \(outcome.status); stderr: \(outcome.stderrText)", sourceLocation: sourceLocation)
    }

    @Test("a last line without its newline is still answered at end of input")
    func lastLineWithoutNewline() throws {
        let outcome = try Sidecar.run(arguments: [], input: Array(PipeBehaviourTests.request(1, "session/open").utf8))
        PipeBehaviourTests.expectExitedCleanly(outcome)
        let responses = try PipeBehaviourTests.responses(outcome)
        #expect(responses.count == 1)
        #expect(responses.first?["id"] == 1)
        #expect(responses.first?["result"]?["session"] == "s1")
        #expect(outcome.stdout.last == UInt8(ascii: "\n"))
    }

    @Test("a line over --max-line-bytes is answered -31001 with id null, and the next line is answered")
    func overLongLine() throws {
        let long = #"{"jsonrpc":"2.0","id":1,"method":"validate","params":{"format":"responses","messages":""#
            + String(repeating: "x", count: 200) + #""}}"#
        let input = long + "\n" + PipeBehaviourTests.request(2, "session/open") + "\n"
        let outcome = try Sidecar.run(arguments: ["--max-line-bytes", "100"], input: Array(input.utf8))
        PipeBehaviourTests.expectExitedCleanly(outcome)
        let responses = try PipeBehaviourTests.responses(outcome)
        try #require(responses.count == 2)
        #expect(responses[0]["id"] == .null)
        #expect(responses[0]["error"]?["code"] == -31001)
        #expect(responses[0]["error"]?["data"] == ["limit": "maxLineBytes", "max": 100, "length": .number(JSONNumber(long.utf8.count))])
        #expect(responses[1]["id"] == 2)
        #expect(responses[1]["result"]?["session"] == "s1")
    }

    @Test("600-deep nesting is a -32700 parse error naming the depth limit, and the next line is answered")
    func deepNesting() throws {
        let deep = #"{"jsonrpc":"2.0","id":1,"method":"validate","params":{"format":"responses","messages":"#
            + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}}"
        let input = deep + "\n" + PipeBehaviourTests.request(2, "session/open") + "\n"
        let outcome = try Sidecar.run(arguments: [], input: Array(input.utf8))
        PipeBehaviourTests.expectExitedCleanly(outcome)
        let responses = try PipeBehaviourTests.responses(outcome)
        try #require(responses.count == 2)
        #expect(responses[0]["id"] == .null)
        #expect(responses[0]["error"]?["code"] == -32700)
        #expect(responses[0]["error"]?["data"]?["limit"] == "maxDepth")
        #expect(responses[0]["error"]?["data"]?["max"] == 512)
        #expect(responses[1]["id"] == 2)
        #expect(responses[1]["result"] != nil)
    }

    @Test("invalid UTF-8 is a -32700 parse error with its byte offset, and the next line is answered")
    func invalidUTF8() throws {
        var input = Array(#"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":""#.utf8)
        let offset = input.count
        input += [0xC3, 0x28, 0xFF]
        input += Array(#""}}"#.utf8) + [UInt8(ascii: "\n")]
        input += Array((PipeBehaviourTests.request(2, "session/open") + "\n").utf8)
        let outcome = try Sidecar.run(arguments: [], input: input)
        PipeBehaviourTests.expectExitedCleanly(outcome)
        let responses = try PipeBehaviourTests.responses(outcome)
        try #require(responses.count == 2)
        #expect(responses[0]["id"] == .null)
        #expect(responses[0]["error"]?["code"] == -32700)
        #expect(responses[0]["error"]?["data"]?["offset"] == .number(JSONNumber(offset)))
        #expect(responses[1]["id"] == 2)
        #expect(responses[1]["result"]?["session"] == "s1")
    }

    @Test("SIGTERM or SIGINT while idle: the sidecar exits 0 promptly", arguments: [SIGTERM, SIGINT])
    func signalWhileIdle(_ signalNumber: Int32) throws {
        let sidecar = try Sidecar(arguments: [])
        sidecar.write(PipeBehaviourTests.request(1, "session/open") + "\n")
        let first = try #require(sidecar.readLine(), "no answer to the first request")
        #expect(try JSONParser.parse(first)["id"] == 1)
        usleep(50_000)  // let it block in read(2) again
        let start = ContinuousClock.now
        sidecar.send(signalNumber)
        let exitedInTime = sidecar.waitForExit(timeout: .seconds(5))
        let outcome = sidecar.finish(timeout: .seconds(5))
        sidecar.closeInput()
        #expect(exitedInTime, "still running 5 s after signal \(signalNumber)")
        #expect(ContinuousClock.now - start < .seconds(5))
        PipeBehaviourTests.expectExitedCleanly(outcome)
        #expect(outcome.stdout.isEmpty, "nothing more is due after the signal")
    }

    @Test("SIGTERM is honoured even when the host spawned the sidecar with SIGTERM blocked")
    func signalInheritedBlocked() throws {
        // Hosts often spawn from threads that block signals (Dispatch and Swift concurrency
        // threads do), and the child inherits the mask: the sidecar must unblock the signals it
        // handles.
        let sidecar = try Sidecar(arguments: [], blockedSignals: [SIGTERM])
        sidecar.write(PipeBehaviourTests.request(1, "session/open") + "\n")
        _ = try #require(sidecar.readLine(), "no answer to the first request")
        sidecar.send(SIGTERM)
        let exitedInTime = sidecar.waitForExit(timeout: .seconds(3))
        let outcome = sidecar.finish(timeout: .seconds(5))
        sidecar.closeInput()
        #expect(exitedInTime, "still running 3 s after SIGTERM")
        #expect(outcome.exitedNormally && outcome.status == 0)
    }

    @Test("shutdown is answered with {}, the process exits 0 without waiting for end of input, later lines are not answered")
    func shutdownExits() throws {
        let sidecar = try Sidecar(arguments: [])
        let lines = [
            PipeBehaviourTests.request(1, "session/open"),
            PipeBehaviourTests.request(2, "shutdown"),
            PipeBehaviourTests.request(3, "session/open"),
            "not even JSON",
        ]
        sidecar.write(lines.joined(separator: "\n") + "\n")
        // stdin stays open: the sidecar must exit on its own.
        let exitedInTime = sidecar.waitForExit(timeout: .seconds(10))
        let outcome = sidecar.finish(timeout: .seconds(5))
        sidecar.closeInput()
        #expect(exitedInTime, "the sidecar kept running after shutdown")
        PipeBehaviourTests.expectExitedCleanly(outcome)
        let responses = try PipeBehaviourTests.responses(outcome)
        #expect(responses.count == 2)
        #expect(responses.last?["id"] == 2)
        #expect(responses.last?["result"] == [:])
    }

    @Test("a reader that closes stdout early: the sidecar exits 0 (EPIPE) without a crash")
    func readerGoesAway() throws {
        let sidecar = try Sidecar(arguments: [])
        let line = Array((PipeBehaviourTests.request(1, "sequence", #"{"items":[]}"#) + "\n").utf8)
        let input = [UInt8](Array(repeating: line, count: 50_000).joined())
        let writer = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            sidecar.write(input)  // fails with EPIPE once the sidecar is gone; that is fine
            sidecar.closeInput()
            writer.signal()
        }
        let first = try #require(sidecar.readLine(), "no first answer")
        #expect(try JSONParser.parse(first)["id"] == 1)
        sidecar.closeOutput()
        let exitedInTime = sidecar.waitForExit(timeout: .seconds(30))
        let outcome = sidecar.finish(timeout: .seconds(5))
        writer.wait()
        #expect(exitedInTime, "the sidecar kept running after its reader went away")
        PipeBehaviourTests.expectExitedCleanly(outcome)
        #expect(!outcome.stderrText.contains("Fatal error"), "stderr: \(outcome.stderrText)")
    }

    @Test("stdout carries nothing but protocol lines, even at TOOL_SEQUENCER_LOG=trace; logs go to stderr")
    func stdoutIsProtocolOnly() throws {
        var input: [UInt8] = []
        input += Array("garbage\n\n   \n[]\n[1,2]\n{\"id\":1}\n".utf8)
        input += [0xFF, 0xFE, UInt8(ascii: "\n")]
        input += Array((PipeBehaviourTests.request(2, "nope") + "\r\n").utf8)
        input += Array((PipeBehaviourTests.request(3, "session/open") + "\n").utf8)
        input += Array(#"{"jsonrpc":"2.0","method":"session/open"}"#.utf8) + [UInt8(ascii: "\n")]
        input += Array((PipeBehaviourTests.request(4, "session/submit", #"{"session":"s1","items":[{"type":"local_shell_call","call_id":"c1","status":"in_progress","action":{"type":"exec","command":["ls"]}}]}"#) + "\n").utf8)
        let outcome = try Sidecar.run(arguments: [], input: input, environment: ["TOOL_SEQUENCER_LOG": "trace"])
        PipeBehaviourTests.expectExitedCleanly(outcome)
        #expect(outcome.stdoutLines.count == 8)
        for (index, line) in outcome.stdoutLines.enumerated() {
            #expect(ProtocolLine.problem(with: line) == nil, "stdout line \(index + 1): \(String(decoding: line, as: UTF8.self))")
        }
        #expect(outcome.stdout.last == UInt8(ascii: "\n"))
        #expect(outcome.stderrText.contains("tool-sequencer"), "the logs should be on stderr; stderr: \(outcome.stderrText)")
    }

    @Test("TOOL_SEQUENCER_LOG=error keeps failed requests out of stderr; the default (warn) logs them")
    func logLevel() throws {
        let input = Array((PipeBehaviourTests.request(1, "nope") + "\n").utf8)
        let quiet = try Sidecar.run(arguments: [], input: input, environment: ["TOOL_SEQUENCER_LOG": "error"])
        let normal = try Sidecar.run(arguments: [], input: input)
        PipeBehaviourTests.expectExitedCleanly(quiet)
        PipeBehaviourTests.expectExitedCleanly(normal)
        #expect(quiet.stderr.isEmpty, "stderr: \(quiet.stderrText)")
        #expect(normal.stderrText.contains("Method not found"), "stderr: \(normal.stderrText)")
        #expect(quiet.stdout == normal.stdout)
    }

    @Test("--help exits 0 and mentions every flag and the log variable")
    func help() throws {
        let outcome = try Sidecar.run(arguments: ["--help"], input: [])
        PipeBehaviourTests.expectExitedCleanly(outcome)
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        for flag in ["--max-line-bytes", "--max-depth", "--max-sessions", "--max-total-bytes", "--frozen-clock", "--trace", "--version", "--help", "TOOL_SEQUENCER_LOG"] {
            #expect(text.contains(flag), "--help does not mention \(flag)")
        }
    }

    @Test("--version exits 0 and names the protocol version")
    func version() throws {
        let outcome = try Sidecar.run(arguments: ["--version"], input: [])
        PipeBehaviourTests.expectExitedCleanly(outcome)
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "tool-sequencer 0.2.0 (protocol 2)\n")
    }

    @Test("an unknown flag or a bad flag value exits 2 with a message on stderr and nothing on stdout",
          arguments: [["--no-such-flag"], ["--max-depth", "0"], ["--max-sessions"], ["--max-line-bytes=ten"]])
    func badCommandLine(_ arguments: [String]) throws {
        let outcome = try Sidecar.run(arguments: arguments, input: [])
        #expect(!outcome.timedOut)
        #expect(outcome.exitedNormally && outcome.status == 2, "exit \(outcome.status)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderrText.contains("tool-sequencer:"), "stderr: \(outcome.stderrText)")
        #expect(outcome.stderrText.contains("--help"), "stderr: \(outcome.stderrText)")
    }
}

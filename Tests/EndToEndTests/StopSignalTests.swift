import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGTERM and SIGINT in the middle of a request that takes seconds: the built binary exits 0
/// within a bounded time instead of finishing the request first.
@Suite("Signals: SIGTERM or SIGINT during a long request ends the process promptly, exit 0, nothing answered lost")
struct StopSignalTests {
    /// A `sequence` of `pairs` function calls followed by their outputs: about 136 bytes a pair,
    /// handled in linear time, about 40 µs a pair in a debug build (4 s for 100,000), and
    /// 5 µs in a release build.
    static func slowSequence(id: Int, pairs: Int) -> [UInt8] {
        var line = Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"sequence","params":{"items":["#.utf8)
        line.reserveCapacity(pairs * 140 + 100)
        for index in 0..<pairs {
            line += Array(#"{"type":"function_call","call_id":"c\#(index)","name":"f","arguments":"{}"},"#.utf8)
        }
        for index in 0..<pairs {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line += Array(#"{"type":"function_call_output","call_id":"c\#(index)","output":"ok"}"#.utf8)
        }
        line += Array("]}}\n".utf8)
        return line
    }

    /// 300,000 pairs: 41 MB, well under the default --max-line-bytes; about 12 s of handling in a
    /// debug build (more under AddressSanitizer), over a second in a release build.
    static let pairs = 300_000

    /// The longest a stop may take, generous for a loaded CI machine (the goal is well under 2 s).
    static let bound = Duration.seconds(5)

    /// Sends the slow request, waits until the sidecar has read it and is handling it, sends
    /// `signalNumber`, and returns the outcome and how long the exit took after the signal.
    static func interrupt(_ sidecar: Sidecar, with signalNumber: Int32) -> (Sidecar.Outcome, Duration, Bool) {
        #expect(sidecar.write(slowSequence(id: 9, pairs: pairs)))
        // `write` returns once the last byte is in the pipe (1 MiB deep): the sidecar reads the
        // rest at once and is then handling the line for seconds.
        usleep(500_000)
        let start = ContinuousClock.now
        sidecar.send(signalNumber)
        let exitedInTime = sidecar.waitForExit(timeout: bound)
        let elapsed = ContinuousClock.now - start
        let outcome = sidecar.finish(timeout: .seconds(5))
        sidecar.closeInput()
        return (outcome, elapsed, exitedInTime)
    }

    @Test("a signal while a long sequence request is handled: exit 0 within the bound, that request unanswered",
          arguments: [SIGTERM, SIGINT])
    func duringRequest(_ signalNumber: Int32) throws {
        let sidecar = try Sidecar(arguments: [])
        #expect(sidecar.write(#"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"s"}}"# + "\n"))
        let first = try #require(sidecar.readLine(), "no answer to session/open")
        let (outcome, elapsed, exitedInTime) = StopSignalTests.interrupt(sidecar, with: signalNumber)
        #expect(exitedInTime, "still running \(StopSignalTests.bound) after signal \(signalNumber)")
        #expect(outcome.exitedNormally && outcome.status == 0, "exit \(outcome.status), by signal: \(!outcome.exitedNormally)")
        #expect(elapsed < StopSignalTests.bound)
        // Empty: the signal came while the request was handled (had it come after, the answer
        // would be here, and the request was made big enough that it cannot have).
        #expect(outcome.stdout.isEmpty, "the long request finished before the signal (\(outcome.stdout.count) bytes out); make it longer")
        #expect(try JSONParser.parse(first)["id"] == 1)
    }

    @Test("with --state-dir, what was answered before the signal is there after a restart")
    func durableAcrossTheSignal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--frozen-clock", "--state-dir", directory]
        let sidecar = try Sidecar(arguments: arguments)
        let submit = #"{"jsonrpc":"2.0","id":2,"method":"session/submit","params":{"session":"s","items":[{"type":"message","role":"user","content":[{"type":"input_text","text":"kept"}]}]}}"#
        #expect(sidecar.write(#"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"s"}}"# + "\n" + submit + "\n"))
        _ = try #require(sidecar.readLine(), "no answer to session/open")
        let submitted = try #require(sidecar.readLine(), "no answer to session/submit")
        #expect(String(decoding: submitted, as: UTF8.self).contains(#""result":{"revision":1"#))
        let (outcome, _, exitedInTime) = StopSignalTests.interrupt(sidecar, with: SIGTERM)
        #expect(exitedInTime && outcome.exitedNormally && outcome.status == 0)
        #expect(outcome.stdout.isEmpty)
        let restarted = try Sidecar.run(
            arguments: arguments,
            input: Array((#"{"jsonrpc":"2.0","id":3,"method":"session/messages","params":{"session":"s"}}"# + "\n").utf8))
        #expect(restarted.exitedNormally && restarted.status == 0, "stderr: \(restarted.stderrText)")
        #expect(String(decoding: restarted.stdout, as: UTF8.self)
            == #"{"jsonrpc":"2.0","id":3,"result":{"revision":1,"epoch":0,"reset":false,"messages":[{"type":"message","role":"user","content":[{"type":"input_text","text":"kept"}]}],"pending":[],"held":0,"notes":[]}}"# + "\n")
    }
}

import Foundation
import SequencerCore
import SequencerRPC
import SequencerTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built sidecar with `--state-dir`, killed with SIGKILL at random points and started again
/// on the same directory, checked against an in-process ``Server`` fed the same requests.
///
/// Every request is sent alone and its answer awaited, then compared byte for byte with the
/// reference's answer. At a random point one more request is sent and the process is killed
/// after a random delay (sometimes before the request is read, sometimes while it is being
/// stored, sometimes after it is answered), or killed while it is still restoring. Started
/// again, the sidecar must hold exactly the reference's sessions, or exactly the reference's
/// sessions with the unanswered request applied: `session/state`, `session/messages` in every
/// format and `session/export` of every session must all equal one of the two. So nothing
/// answered is lost, and nothing unanswered is half-applied.
///
/// `--frozen-clock` makes every time 0 on both sides. The seed is fixed (set
/// `TOOL_SEQUENCER_KILL_SEED` for another), and the run is bounded by
/// `TOOL_SEQUENCER_KILL_SECONDS` (default 20).
@Suite("Kill and restart: --state-dir keeps every answered request through SIGKILL")
struct KillRestartTests {
    /// One side of the comparison: a server and the sessions it has open.
    private struct Model {
        var server = Server()
        var open: [String] = []

        /// Feeds `line` at time 0, updates the open sessions, and returns the answer.
        mutating func answer(_ line: String) -> String {
            let response = server.handle(.line(Array(line.utf8)), at: 0).map { String(decoding: $0, as: UTF8.self) } ?? ""
            guard let value = try? JSONParser.parse(line), let method = value["method"]?.stringValue,
                  let result = (try? JSONParser.parse(response))?["result"] else { return response }
            switch method {
            case "session/open", "session/import":
                if let id = result["session"]?.stringValue { open.append(id) }
            case "session/close":
                if let id = value["params"]?["session"]?.stringValue { open.removeAll { $0 == id } }
            default:
                break
            }
            return response
        }
    }

    @Test("random sessions, submits, cancels, closes and imports; SIGKILL at random points; restart on the same directory")
    func killAndRestart() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["TOOL_SEQUENCER_KILL_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2026
        let seconds = environment["TOOL_SEQUENCER_KILL_SECONDS"].flatMap { Double($0) } ?? 20
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kill-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }

        var requests = SessionRequestMaker(seed: seed)
        var reference = Model()
        var inFlight: Model?  // the reference with the unanswered request applied, when that changes anything
        var stats = (rounds: 0, answered: 0, appliedUnanswered: 0, droppedUnanswered: 0, killedRestoring: 0)
        let deadline = Date().addingTimeInterval(seconds)

        // At least 20 rounds however slow the machine (a sanitizer build, a loaded CI), then until the deadline.
        while (Date() < deadline || stats.rounds < 20) && stats.rounds < 500 {
            stats.rounds += 1
            let sidecar = try Sidecar(arguments: ["--state-dir", directory, "--frozen-clock"])
            defer {
                sidecar.send(SIGKILL)
                sidecar.waitForExit(timeout: .seconds(10))
                sidecar.closeInput()
                sidecar.closeOutput()
            }
            if requests.random.below(100) < 8 {
                // Killed while it restores: nothing may change.
                usleep(UInt32(requests.random.below(20_000)))
                stats.killedRestoring += 1
                continue
            }

            // The restarted sidecar holds exactly one of the two candidates.
            let context = "seed \(seed), round \(stats.rounds)"
            var sessions = reference.open
            if let applied = inFlight {
                sessions = Array(Set(reference.open + applied.open)).sorted()
                let holdsApplied = try KillRestartTests.holds(applied, sessions: sessions, sidecar: sidecar, context: context, record: false)
                if holdsApplied {
                    reference = applied
                    stats.appliedUnanswered += 1
                } else {
                    stats.droppedUnanswered += 1
                }
                inFlight = nil
            }
            guard try KillRestartTests.holds(reference, sessions: sessions, sidecar: sidecar, context: context, record: true) else { return }

            // Answered requests: the sidecar answers each exactly as the reference does.
            for _ in 0..<(1 + requests.random.below(30)) {
                let line = KillRestartTests.next(&requests, reference: &reference)
                sidecar.write(line + "\n")
                guard let answer = sidecar.readLine(timeout: .seconds(10)) else {
                    Issue.record("\(context): no answer to \(line)")
                    return
                }
                let expected = reference.answer(line)
                guard String(decoding: answer, as: UTF8.self) == expected else {
                    Issue.record("\(context): \(line)\nanswered: \(String(decoding: answer, as: UTF8.self))\nexpected: \(expected)")
                    return
                }
                stats.answered += 1
            }

            // One more request, and the kill at a random moment around it.
            let line = KillRestartTests.next(&requests, reference: &reference, large: requests.random.below(100) < 30)
            var applied = reference
            let answer = applied.answer(line)
            let changes = answer.contains(#""result""#) && !line.contains(#""method":"session/state""#)
            inFlight = changes ? applied : nil
            // Microseconds: none (before it is read), about as long as storing takes, or longer.
            let delay: Int
            switch requests.random.below(5) {
            case 0: delay = 0
            case 1, 2: delay = requests.random.below(600)
            default: delay = requests.random.below(4_000)
            }
            sidecar.write(line + "\n")
            if delay > 0 { usleep(UInt32(delay)) }
        }
        print("kill/restart: seed \(seed), \(stats.rounds) rounds, \(stats.answered) answered requests, "
            + "\(stats.appliedUnanswered) unanswered changes found applied whole and \(stats.droppedUnanswered) not at all, "
            + "\(stats.killedRestoring) kills while restoring")
        #expect(stats.rounds >= 20, "only \(stats.rounds) rounds ran in \(seconds) s")
        #expect(stats.answered > 0)
    }

    @Test("a journal write the disk refuses is answered -31010 and not applied; restarted, exactly the answered requests are there")
    func refusedWrites() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("refused-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var lines = [#"{"jsonrpc":"2.0","id":0,"method":"session/open","params":{"session":"s"}}"#]
        for index in 1...40 {
            let text = String(repeating: "x", count: 3000)
            let item = index % 3 == 0
                ? #"{"type":"function_call","call_id":"c\#(index)","name":"f","arguments":"{}"}"#
                : #"{"type":"message","role":"user","content":"\#(index) \#(text)"}"#
            lines.append(#"{"jsonrpc":"2.0","id":\#(index),"method":"session/submit","params":{"session":"s","items":[\#(item)]}}"#)
        }
        // The files the sidecar writes may not grow past 96 KiB: a commit soon fails (EFBIG).
        let binary = try SidecarBinary.url().path
        let limited = try KillRestartTests.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", #"trap '' XFSZ; ulimit -f 96; exec "$0" "$@""#, binary, "--state-dir", directory, "--frozen-clock"],
            input: lines.joined(separator: "\n") + "\n")
        let answers = limited.split(separator: "\n").map(String.init)
        try #require(answers.count == lines.count, "\(limited)")

        var reference = Model()
        var refused = 0
        for (line, answer) in zip(lines, answers) {
            if answer.contains(#""code":-31010"#) {
                refused += 1
                #expect(answer.contains(#""message":"Storage failed: "#) && answer.contains(#""data":{"error":"#), "\(answer)")
                continue
            }
            #expect(answer == reference.answer(line))
        }
        #expect(refused > 0 && refused < lines.count - 1, "\(refused) of \(lines.count) writes refused")

        let probes = KillRestartTests.views(of: "s") + [#"{"jsonrpc":"2.0","id":0,"method":"session/submit","params":{"session":"s","items":[]}}"#]
        let restarted = try KillRestartTests.run(nil, ["--state-dir", directory, "--frozen-clock"], input: probes.joined(separator: "\n") + "\n")
        #expect(restarted.split(separator: "\n").map(String.init) == probes.map { reference.answer($0) })
    }

    /// Runs `executable` (`nil`: the sidecar) with `arguments`, writes `input` to its stdin, and
    /// returns its stdout.
    private static func run(_ executable: URL?, _ arguments: [String], input: String) throws -> String {
        let outcome = try Sidecar.run(executable: executable, arguments: arguments, input: Array(input.utf8))
        return String(decoding: outcome.stdout, as: UTF8.self)
    }

    /// The next request line: now and then an import of an exported session under a new id,
    /// otherwise one of ``SessionRequestMaker``'s, with sessions closed once they grow long.
    private static func next(_ requests: inout SessionRequestMaker, reference: inout Model, large: Bool = false) -> String {
        if !reference.open.isEmpty, requests.random.below(100) < 4 {
            let source = requests.random.pick(reference.open)
            let id = requests.countRequest()
            return SessionRequestMaker.line(id: id, "session/import", #"{"session":"i\#(id)","state":\#(exported(source, from: &reference))}"#)
        }
        let (method, params) = requests.request(open: reference.open, large: large, closeAfter: 60, maxOpen: 8)
        return SessionRequestMaker.line(id: requests.count, method, params)
    }

    /// The requests that show a session's whole state.
    private static func views(of session: String) -> [String] {
        [#"{"jsonrpc":"2.0","id":0,"method":"session/state","params":{"session":"\#(session)"}}"#]
            + Format.allCases.map { #"{"jsonrpc":"2.0","id":0,"method":"session/messages","params":{"session":"\#(session)","format":"\#($0.rawValue)"}}"# }
            + [#"{"jsonrpc":"2.0","id":0,"method":"session/export","params":{"session":"\#(session)"}}"#]
    }

    /// Whether the sidecar holds exactly `model`'s sessions: every view of each of `sessions`
    /// (the sessions of both candidates) answers as in `model`, where a session `model` does not
    /// have is unknown; with `record`, a difference is an issue.
    private static func holds(_ model: Model, sessions: [String], sidecar: Sidecar, context: String, record: Bool) throws -> Bool {
        var model = model
        var probes = sessions.flatMap(views(of:))
        probes.append(#"{"jsonrpc":"2.0","id":0,"method":"session/state","params":{"session":"never-opened"}}"#)
        for probe in probes {
            sidecar.write(probe + "\n")
            guard let answer = sidecar.readLine(timeout: .seconds(10)) else {
                Issue.record("\(context): the restarted sidecar did not answer \(probe)")
                return false
            }
            let expected = model.answer(probe)
            if String(decoding: answer, as: UTF8.self) != expected {
                if record {
                    Issue.record("\(context): after the restart, \(probe)\nanswered: \(String(decoding: answer, as: UTF8.self))\nexpected: \(expected)")
                }
                return false
            }
        }
        return true
    }

    /// `session/export` of `id` as the reference answers it (the sidecar answers the same: every
    /// answer is compared).
    private static func exported(_ id: String, from model: inout Model) -> String {
        let line = #"{"jsonrpc":"2.0","id":0,"method":"session/export","params":{"session":"\#(id)"}}"#
        let answer = model.server.handle(.line(Array(line.utf8)), at: 0) ?? []
        return (try? JSONParser.parse(answer))?["result"]?.description ?? "null"
    }
}

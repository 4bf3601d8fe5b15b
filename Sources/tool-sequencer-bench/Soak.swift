import Foundation
import SequencerCore
import SequencerRPC
import SequencerTestSupport

/// `--soak`: a million mixed requests across many sessions, bad ones included, every answer
/// compared with an in-process reference server fed the same lines, and the sidecar's memory
/// compared before the sessions were opened and after they were all closed.
struct Soak {
    let sidecar: String
    let requests: Int
    let sessions: Int

    struct Outcome {
        var requests = 0
        var mismatches = 0
        var firstMismatch: String?
        var rssStart = 0
        var rssPeak = 0
        var rssEnd = 0
        var seconds = 0.0
    }

    func run() throws -> Outcome {
        var outcome = Outcome()
        let peer = try PipePeer(executable: sidecar, arguments: ["--frozen-clock", "--max-sessions", String(sessions + 8)])
        var reference = Server(limits: ServerLimits(maxLineBytes: ServerLimits.defaults.maxLineBytes, maxDepth: 512, maxSessions: sessions + 8))
        var random = SplitMix64(seed: 2026)
        var callNumber = 0
        var open: [Bool] = Array(repeating: false, count: sessions)
        var pendingCalls: [[String]] = Array(repeating: [], count: sessions)
        // Settle the process, then take the baseline.
        peer.write(Array(#"{"jsonrpc":"2.0","id":0,"method":"initialize"}"#.utf8) + [10])
        _ = peer.readLine()
        outcome.rssStart = peer.currentRSS()
        let start = now()
        let batch = 64
        var lines: [[UInt8]] = []
        lines.reserveCapacity(batch)
        var id = 1
        while outcome.requests < requests {
            lines.removeAll(keepingCapacity: true)
            for _ in 0..<min(batch, requests - outcome.requests) {
                let s = random.below(sessions)
                let name = "soak\(s)"
                var line: String
                if !open[s] {
                    line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/open","params":{"session":"\#(name)"}}"#
                    open[s] = true
                } else {
                    switch random.below(100) {
                    case 0..<40:
                        var items: [String] = []
                        for _ in 0..<(1 + random.below(4)) {
                            switch random.below(6) {
                            case 0, 1:
                                callNumber += 1
                                let callId = "c\(callNumber)"
                                pendingCalls[s].append(callId)
                                items.append(#"{"type":"local_shell_call","call_id":"\#(callId)","status":"in_progress","action":{"type":"exec","command":["ls","-la"]}}"#)
                            case 2, 3:
                                if let callId = pendingCalls[s].popLast() {
                                    items.append(#"{"type":"function_call_output","call_id":"\#(callId)","output":"\#(String(repeating: "x", count: random.below(200)))"}"#)
                                } else {
                                    items.append(#"{"type":"function_call_output","call_id":"orphan\#(random.below(1000))","output":"?"}"#)
                                }
                            case 4:
                                items.append(#"{"type":"message","role":"user","content":[{"type":"input_text","text":"question \#(random.below(1000))"}]}"#)
                            default:
                                items.append(random.below(5) == 0 ? "42" : #"{"type":"reasoning","summary":[{"type":"summary_text","text":"thinking"}]}"#)
                            }
                        }
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/submit","params":{"session":"\#(name)","items":[\#(items.joined(separator: ","))]}}"#
                    case 40..<50:
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/cancel","params":{"session":"\#(name)","reason":"interrupted"}}"#
                        pendingCalls[s].removeAll()
                    case 50..<70:
                        let format = ["responses", "chat", "anthropic", "gemini"][random.below(4)]
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/messages","params":{"session":"\#(name)","format":"\#(format)"}}"#
                    case 70..<78:
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/state","params":{"session":"\#(name)"}}"#
                    case 78..<82:
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/close","params":{"session":"\#(name)"}}"#
                        open[s] = false
                        pendingCalls[s].removeAll()
                    case 82..<86:
                        line = ["garbage \(id)", #"{"jsonrpc":"2.0","id":\#(id),"method":"nope"}"#, #"{"jsonrpc":"2.0","id":\#(id),"method":"session/submit","params":{"session":"gone","items":[]}}"#, #"[{"jsonrpc":"2.0","id":\#(id),"method":"validate","params":{"format":"chat","messages":[]}}]"#][random.below(4)]
                    case 86..<90:
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"sequence","params":{"format":"gemini","items":[{"type":"function_call","name":"f","arguments":"{}","call_id":"q\#(id)"},{"type":"message","role":"user","content":"go"}]}}"#
                    default:
                        line = #"{"jsonrpc":"2.0","id":\#(id),"method":"session/submit","params":{"session":"\#(name)","items":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"ok"}]}]}}"#
                    }
                }
                id += 1
                lines.append(Array(line.utf8))
            }
            var bytes: [UInt8] = []
            for line in lines { bytes += line; bytes.append(10) }
            let writer = peer.writeConcurrently(bytes)
            for line in lines {
                let expected = reference.handle(.line(line), at: 0)
                guard let expected else { continue }
                let actual = Array(peer.readLine())
                outcome.requests += 1
                if actual != expected {
                    outcome.mismatches += 1
                    if outcome.firstMismatch == nil {
                        outcome.firstMismatch = "request \(String(decoding: line, as: UTF8.self))\nexpected \(String(decoding: expected, as: UTF8.self))\nactual   \(String(decoding: actual, as: UTF8.self))"
                    }
                }
            }
            while !writer.isFinished { usleep(20) }
            outcome.rssPeak = max(outcome.rssPeak, outcome.requests % 50_000 < batch ? peer.currentRSS() : 0)
        }
        // Close every session, then measure again.
        for s in 0..<sessions where open[s] {
            peer.write(Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"session/close","params":{"session":"soak\#(s)"}}"#.utf8) + [10])
            _ = peer.readLine()
            id += 1
        }
        outcome.seconds = Double(now() - start) / 1e9
        outcome.rssEnd = peer.currentRSS()
        outcome.rssPeak = max(outcome.rssPeak, peer.peakRSS())
        peer.finish()
        return outcome
    }
}

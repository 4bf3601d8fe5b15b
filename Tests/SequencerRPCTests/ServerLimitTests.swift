import Testing
@testable import SequencerRPC
import SequencerCore

/// `--max-total-bytes`, `session/import` under every limit, and what a session keeps.
@Suite("Server limits: the total of all sessions, imports under every limit, refused requests never journaled")
struct ServerLimitTests {
    private static func line(_ method: String, _ params: String, id: Int = 1) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }

    /// A user message of exactly 50 bytes as compact JSON.
    private static let item = #"{"type":"message","role":"user","content":"12345"}"#

    @Test("the item used here is 50 bytes")
    func itemSize() throws {
        #expect(try JSONParser.parse(ServerLimitTests.item).serializedCount == 50)
    }

    @Test("--max-total-bytes: a submit that would put all sessions past it is -31008 and changes nothing; closing a session makes room")
    func totalLimit() throws {
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxTotalBytes: 120))
        let item = ServerLimitTests.item
        _ = server.respond(ServerLimitTests.line("session/open", #"{"session":"a"}"#))
        _ = server.respond(ServerLimitTests.line("session/open", #"{"session":"b"}"#))
        #expect(server.respond(ServerLimitTests.line("session/submit", #"{"session":"a","items":[\#(item)]}"#))?.contains(#""revision":1"#) == true)
        #expect(server.respond(ServerLimitTests.line("session/submit", #"{"session":"b","items":[\#(item)]}"#))?.contains(#""revision":1"#) == true)
        #expect(server.respond(ServerLimitTests.line("session/submit", #"{"session":"b","items":[\#(item)]}"#, id: 2))
            == #"{"jsonrpc":"2.0","id":2,"error":{"code":-31008,"message":"Total limit: the open sessions would hold 150 bytes of items, over the limit (--max-total-bytes 120); close a session first","data":{"path":"params.items","limit":"maxTotalBytes","max":120,"current":150}}}"#)
        #expect(server.respond(ServerLimitTests.line("session/state", #"{"session":"b"}"#))?.contains(#""submitted":1"#) == true)
        _ = server.respond(ServerLimitTests.line("session/close", #"{"session":"a"}"#))
        #expect(server.respond(ServerLimitTests.line("session/submit", #"{"session":"b","items":[\#(item)]}"#))?.contains(#""revision":2"#) == true)
        #expect(server.totalBytes == 100)
    }

    @Test("initialize lists --max-total-bytes with the other limits")
    func initializeListsIt() {
        var server = Server(limits: ServerLimits(maxLineBytes: 100, maxDepth: 5, maxSessions: 2, maxHeld: 3, maxSessionBytes: 4, maxTotalBytes: 6))
        #expect(server.respond(ServerLimitTests.line("initialize", "{}"))?
            .hasSuffix(#""limits":{"maxLineBytes":100,"maxDepth":5,"maxSessions":2,"maxHeld":3,"maxSessionBytes":4,"maxTotalBytes":6}}}"#) == true)
    }

    /// The export of a session opened on a server without tight limits: a pending call, then
    /// `count` user messages (held behind it) of 50 bytes each.
    private static func export(held count: Int) -> String {
        var server = Server()
        _ = server.respond(line("session/open", #"{"session":"x"}"#))
        _ = server.respond(line("session/submit", #"{"session":"x","items":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]}"#))
        for _ in 0..<count {
            _ = server.respond(line("session/submit", #"{"session":"x","items":[\#(item)]}"#))
        }
        let answer = server.respond(line("session/export", #"{"session":"x"}"#)) ?? ""
        return String(answer.dropFirst(#"{"jsonrpc":"2.0","id":1,"result":"#.count).dropLast())
    }

    @Test("session/import honours --max-held, --max-session-bytes, --max-total-bytes and --max-sessions as the requests it replays would have",
          arguments: [
            (ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxHeld: 2),
             #"{"code":-31007,"message":"Session limit: session \"y\" already has 2 items waiting (held or early), the limit (--max-held 2); cancel or answer its pending calls first","data":{"path":"params.state.operations[4].params.items","session":"y","limit":"maxHeld","max":2,"current":2}}"#),
            (ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxSessionBytes: 200),
             #"{"code":-31007,"message":"Session limit: session \"y\" would hold 216 bytes of items, over the limit (--max-session-bytes 200); close it and open another","data":{"path":"params.state.operations[4].params.items","session":"y","limit":"maxSessionBytes","max":200,"current":216}}"#),
            (ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxTotalBytes: 250),
             #"{"code":-31008,"message":"Total limit: the open sessions would hold 266 bytes of items, over the limit (--max-total-bytes 250); close a session first","data":{"path":"params.state.operations[4].params.items","limit":"maxTotalBytes","max":250,"current":266}}"#),
            (ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 1),
             #"{"code":-31004,"message":"Too many sessions: 1 are open, the limit; close one first","data":{"limit":"maxSessions","max":1}}"#),
          ])
    func importHonoursLimits(limits: ServerLimits, error: String) throws {
        let state = ServerLimitTests.export(held: 3)
        let journal = MemoryJournal()
        var server = Server(limits: limits)
        _ = try server.restore(from: journal)
        _ = server.respond(ServerLimitTests.line("session/open", #"{"session":"other"}"#))
        _ = server.respond(ServerLimitTests.line("session/submit", #"{"session":"other","items":[\#(ServerLimitTests.item)]}"#))
        let before = journal.recorded
        #expect(server.respond(ServerLimitTests.line("session/import", #"{"session":"y","state":\#(state)}"#)) == #"{"jsonrpc":"2.0","id":1,"error":\#(error)}"#)
        #expect(journal.recorded == before, "a refused import is never journaled")
        #expect(server.respond(ServerLimitTests.line("session/state", #"{"session":"y"}"#))?.contains("-31002") == true)
        #expect(server.totalBytes == 50)
    }

    @Test("session/import within every limit opens the session and counts its bytes in the total")
    func importWithinLimits() throws {
        let state = ServerLimitTests.export(held: 3)
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 2, maxHeld: 3, maxSessionBytes: 216, maxTotalBytes: 216))
        #expect(server.respond(ServerLimitTests.line("session/import", #"{"session":"y","state":\#(state)}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"y","revision":0,"epoch":0}}"#)
        #expect(server.totalBytes == 216)
        _ = server.respond(ServerLimitTests.line("session/close", #"{"session":"y"}"#))
        #expect(server.totalBytes == 0)
    }

    @Test("a submit refused by any limit is never journaled, so it never replays", arguments: [
        ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxHeld: 1),
        ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxSessionBytes: 60),
        ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 8, maxTotalBytes: 60),
    ])
    func refusedSubmitNotJournaled(limits: ServerLimits) throws {
        let journal = MemoryJournal()
        var server = Server(limits: limits)
        _ = try server.restore(from: journal)
        _ = server.respond(ServerLimitTests.line("session/open", #"{"session":"a"}"#))
        _ = server.respond(ServerLimitTests.line("session/submit", #"{"session":"a","items":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]}"#))
        _ = server.respond(ServerLimitTests.line("session/submit", #"{"session":"a","items":[\#(ServerLimitTests.item)]}"#))
        let before = journal.recorded
        let answer = server.respond(ServerLimitTests.line("session/submit", #"{"session":"a","items":[\#(ServerLimitTests.item)]}"#))
        #expect(answer?.contains(#""error":{"code":-3100"#) == true, "\(answer ?? "")")
        #expect(journal.recorded == before)
        var restored = Server(limits: limits)
        _ = try restored.restore(from: journal)
        #expect(restored.respond(ServerLimitTests.line("session/state", #"{"session":"a"}"#)) == server.respond(ServerLimitTests.line("session/state", #"{"session":"a"}"#)))
    }

    @Test("what a session keeps of a request is its params, in a buffer of their own, never the request line")
    func operationsOwnTheirBytes() throws {
        var server = Server()
        let padding = String(repeating: "x", count: 1 << 20)
        _ = server.respond(ServerLimitTests.line("session/open", #"{"session":"a"}"#))
        _ = server.respond(#"{"jsonrpc":"2.0","id":1,"method":"session/submit","params":{"session":"a","items":[\#(ServerLimitTests.item)]},"meta":"\#(padding)"}"#)
        let operations = try #require(server.sessions["a"]?.operations)
        #expect(operations.count == 2)
        guard case .copied(let params) = operations[1].params else {
            Issue.record("params from a line over twice their size share the line: \(operations[1].params)")
            return
        }
        #expect(String(decoding: params.bytes, as: UTF8.self) == #"{"items":[\#(ServerLimitTests.item)]}"#)
        #expect(params.bytes.capacity < 1024, "the params keep \(params.bytes.capacity) bytes")
    }

    @Test("an ordinary submit's params share its request line, so its items are not kept twice")
    func ordinaryParamsShareTheLine() throws {
        var server = Server()
        _ = server.respond(ServerLimitTests.line("session/open", #"{"session":"a"}"#))
        _ = server.respond(ServerLimitTests.line("session/submit", #"{"session":"a","items":[\#(ServerLimitTests.item)]}"#))
        let operations = try #require(server.sessions["a"]?.operations)
        guard case .shared(let params) = operations[1].params else {
            Issue.record("ordinary params were copied: \(operations[1].params)")
            return
        }
        #expect(params.members.map(\.key) == ["session", "items"])
        #expect(String(decoding: operations[1].params.text, as: UTF8.self) == #"{"items":[\#(ServerLimitTests.item)]}"#)
    }
}

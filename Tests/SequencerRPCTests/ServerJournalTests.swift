import SequencerCore
@testable import SequencerRPC
import SequencerTestSupport
import Synchronization
import Testing

/// A ``SessionJournal`` in memory that can be told to fail, for tests.
final class MemoryJournal: SessionJournal {
    private struct State {
        var operations: [JournalOperation] = []
        var counter = 1
        var recorded: [JournalOperation] = []
        var unreadable: [UnreadableJournalRecord] = []
        var setAside: [(session: String, sequence: Int, reason: String, records: Int)] = []
        var failure: JournalError?
    }

    private let state = Mutex(State())

    /// Every operation recorded so far, `close` included, in order.
    var recorded: [JournalOperation] { state.withLock { $0.recorded } }

    /// What ``setAside(session:fromSequence:reason:)`` was asked to move, and how many records it moved.
    var setAsideCalls: [(session: String, sequence: Int, reason: String, records: Int)] { state.withLock { $0.setAside } }

    /// Stores a record that cannot be read, as a journal written by a newer version might hold.
    func storeUnreadable(_ record: UnreadableJournalRecord) {
        state.withLock { $0.unreadable.append(record) }
    }

    /// Makes every later ``record(_:)`` throw `error` (`nil`: succeed again).
    func fail(with error: JournalError?) {
        state.withLock { $0.failure = error }
    }

    func record(_ operation: JournalOperation) throws(JournalError) {
        try state.withLock { (state) throws(JournalError) in
            if let failure = state.failure { throw failure }
            state.recorded.append(operation)
            if operation.kind == .close {
                state.operations.removeAll { $0.session == operation.session }
            } else {
                state.operations.append(operation)
            }
            state.counter = max(state.counter, operation.nextSessionNumber)
        }
    }

    func load() throws(JournalError) -> JournalContents {
        state.withLock { JournalContents(operations: $0.operations, nextSessionNumber: $0.counter, unreadable: $0.unreadable) }
    }

    func setAside(session: String, fromSequence sequence: Int, reason: String) throws(JournalError) {
        try state.withLock { (state) throws(JournalError) in
            if let failure = state.failure { throw failure }
            let moved = state.operations.count { $0.session == session && $0.sequence >= sequence }
                + state.unreadable.count { $0.session == session && $0.sequence >= sequence }
            state.operations.removeAll { $0.session == session && $0.sequence >= sequence }
            state.unreadable.removeAll { $0.session == session && $0.sequence >= sequence }
            state.setAside.append((session, sequence, reason, moved))
        }
    }
}

/// A request line for `method` with `params`, id 1.
private func requestLine(_ method: String, _ params: String) -> String {
    SessionRequestMaker.line(id: 1, method, params)
}

@Suite("Server with a journal: recording before applying, restoring, export and import")
struct ServerJournalTests {

    /// The result of a response line, as JSON.
    private static func result(_ line: String?) throws -> JSONValue {
        let value = try JSONParser.parse(try #require(line))
        return try #require(value["result"], "not a result: \(line ?? "nil")")
    }

    /// A response line whose `result.session` is `id`.
    private static func renamed(_ line: String?, to id: String) throws -> String {
        guard case .object(var response) = try JSONParser.parse(try #require(line)),
              case .object(var result) = response["result"] else { throw Unexpected(line: line) }
        result["session"] = .string(JSONString(id))
        response["result"] = .object(result)
        return JSONValue.object(response).description
    }

    private struct Unexpected: Error {
        let line: String?
    }

    /// The answers that show a session's whole state: `session/state`, `session/messages` in
    /// every format, and `session/export`.
    private static func views(of session: String, on server: inout Server) -> [String?] {
        var views = [server.respond(requestLine("session/state", #"{"session":"\#(session)"}"#))]
        for format in Format.allCases {
            views.append(server.respond(requestLine("session/messages", #"{"session":"\#(session)","format":"\#(format.rawValue)"}"#)))
        }
        views.append(server.respond(requestLine("session/export", #"{"session":"\#(session)"}"#)))
        return views
    }

    /// Drives `server` with `count` random requests from `seed`, moving `clock` on between them;
    /// sometimes exports a session and imports it under a new id.
    private static func drive(_ server: inout Server, clock: ManualClock, seed: UInt64, count: Int) throws {
        var generator = SessionRequestMaker(seed: seed)
        for index in 0..<count {
            clock.advance(milliseconds: UInt64(generator.random.below(5)))
            let open = server.sessions.keys.sorted()
            if !open.isEmpty, generator.random.below(100) < 4 {
                let source = generator.random.pick(open)
                let exported = try result(server.respond(requestLine("session/export", #"{"session":"\#(source)"}"#)))
                _ = server.respond(requestLine("session/import", #"{"session":"i\#(index)","state":\#(exported)}"#))
                continue
            }
            let (method, params) = generator.request(open: open)
            _ = server.respond(requestLine(method, params))
        }
    }

    // MARK: - Recording

    @Test("each accepted state-changing request is recorded once: session, sequence, kind, params as accepted, time")
    func recordsAcceptedRequests() throws {
        let clock = ManualClock(1_000)
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal, clock: clock)
        _ = server.respond(requestLine("session/open", #"{"options":{"format":"chat"}}"#))
        clock.advance(milliseconds: 2)
        _ = server.respond(requestLine("session/submit", #"{"session":"s1","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{\"a\":1.50}"}]}"#))
        _ = server.respond(requestLine("session/cancel", #"{"session":"s1","reason":"timeout"}"#))
        _ = server.respond(requestLine("session/close", #"{"session":"s1"}"#))
        _ = server.respond(requestLine("session/open", #"{"session":"s1"}"#))
        let later: UInt64 = 1_000 + 2_000_000
        #expect(journal.recorded == [
            JournalOperation(session: "s1", sequence: 0, kind: .open, params: #"{"options":{"format":"chat"}}"#, time: 1_000, nextSessionNumber: 2),
            JournalOperation(session: "s1", sequence: 1, kind: .submit,
                             params: #"{"session":"s1","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{\"a\":1.50}"}]}"#,
                             time: later, nextSessionNumber: 2),
            JournalOperation(session: "s1", sequence: 2, kind: .cancel, params: #"{"session":"s1","reason":"timeout"}"#, time: later, nextSessionNumber: 2),
            JournalOperation(session: "s1", sequence: 3, kind: .close, params: #"{"session":"s1"}"#, time: later, nextSessionNumber: 2),
            JournalOperation(session: "s1", sequence: 0, kind: .open, params: #"{"session":"s1"}"#, time: later, nextSessionNumber: 2),
        ])
    }

    @Test("read-only methods and failed requests record nothing")
    func recordsNothingElse() throws {
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal)
        _ = server.respond(requestLine("session/open", #"{"session":"s"}"#))
        let before = journal.recorded
        for line in [
            requestLine("session/state", #"{"session":"s"}"#), requestLine("session/messages", #"{"session":"s"}"#),
            requestLine("session/export", #"{"session":"s"}"#), requestLine("sequence", #"{"items":[]}"#),
            requestLine("validate", #"{"format":"chat","messages":[]}"#), requestLine("initialize", "{}"),
            requestLine("session/open", #"{"session":"s"}"#), requestLine("session/open", #"{"session":""}"#),
            requestLine("session/submit", #"{"session":"s","items":{}}"#), requestLine("session/submit", #"{"session":"t","items":[]}"#),
            requestLine("session/cancel", #"{"session":"s","reason":"lost"}"#), requestLine("session/cancel", #"{"session":"t"}"#),
            requestLine("session/close", #"{"session":"t"}"#), requestLine("session/import", #"{"state":{"version":2}}"#),
            #"{"jsonrpc":"2.0","method":"session/submit","params":{"session":"t","items":[]}}"#,
        ] {
            _ = server.respond(line)
        }
        #expect(journal.recorded == before)
    }

    // MARK: - Restoring

    @Test("a server restored from the journal answers state, messages and export exactly as the original",
          arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func restoreReproducesSessions(seed: UInt64) throws {
        let clock = ManualClock(5_000_000)
        let journal = MemoryJournal()
        var original = try Server.restored(from: journal, clock: clock)
        try ServerJournalTests.drive(&original, clock: clock, seed: seed, count: 300)
        var restored = Server(clock: clock.read)
        let count = try restored.restore(from: journal)
        #expect(count == original.sessions.count)
        #expect(restored.sessions.keys.sorted() == original.sessions.keys.sorted())
        for session in original.sessions.keys.sorted() {
            let expected = ServerJournalTests.views(of: session, on: &original)
            #expect(ServerJournalTests.views(of: session, on: &restored) == expected, "seed \(seed), session \(session)")
        }
        // Both go on alike: the next made id, and what the next requests answer.
        var generator = SessionRequestMaker(seed: seed &+ 100)
        for _ in 0..<50 {
            let (method, params) = generator.request(open: original.sessions.keys.sorted())
            let line = requestLine(method, params)
            #expect(restored.respond(line) == original.respond(line), "seed \(seed): \(line)")
        }
    }

    @Test("rewind and replace are recorded, survive a restart, and round-trip through export and import")
    func rewindAndReplaceSurvive() throws {
        let clock = ManualClock(1_000_000)
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal, clock: clock)
        let user = #"{"type":"message","role":"user","content":"hi"}"#
        let call = { (id: String) in #"{"type":"shell_call","call_id":"\#(id)","action":{"commands":["make"]}}"# }
        let output = #"{"type":"shell_call_output","call_id":"c1","output":[{"stdout":"ok","stderr":"","outcome":{"type":"exit","exit_code":0}}]}"#
        for (method, params) in [
            ("session/open", #"{"session":"r"}"#),
            ("session/submit", #"{"session":"r","items":[\#(user),\#(call("c1")),\#(output)]}"#),
            ("session/submit", #"{"session":"r","items":[\#(user),\#(call("c2")),\#(user)]}"#),
            ("session/rewind", #"{"session":"r","revision":3}"#),
            ("session/submit", #"{"session":"r","items":[\#(call("c2"))]}"#),
            ("session/replace", #"{"session":"r","items":[\#(user),\#(call("c9"))]}"#),
        ] {
            clock.advance(milliseconds: 1)
            _ = try ServerJournalTests.result(server.respond(requestLine(method, params)))
        }
        #expect(journal.recorded.map(\.kind) == [.open, .submit, .submit, .rewind, .submit, .replace])
        let expected = ServerJournalTests.views(of: "r", on: &server)
        #expect(expected[0]?.contains(#""revision":3,"epoch":2,"#) == true)
        var restored = Server(clock: clock.read)
        #expect(try restored.restore(from: journal) == 1)
        #expect(ServerJournalTests.views(of: "r", on: &restored) == expected)
        let exported = try ServerJournalTests.result(server.respond(requestLine("session/export", #"{"session":"r"}"#)))
        var other = Server(clock: clock.read)
        #expect(other.respond(requestLine("session/import", #"{"state":\#(exported)}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"r","revision":3,"epoch":2}}"#)
        #expect(ServerJournalTests.views(of: "r", on: &other) == expected)
    }

    @Test("a restored server makes no id it made before, even of a session since closed")
    func restoreKeepsTheIdCounter() throws {
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal)
        _ = server.respond(requestLine("session/open", "{}"))
        _ = server.respond(requestLine("session/open", "{}"))
        _ = server.respond(requestLine("session/close", #"{"session":"s2"}"#))
        var restored = try Server.restored(from: journal)
        #expect(restored.respond(requestLine("session/open", "{}")) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s3"}}"#)
    }

    @Test("after a restart whose clock starts again, time goes on from the last recorded time, so ages never go back")
    func restoreGoesOnFromTheLastTime() throws {
        let clock = ManualClock(0)
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal, clock: clock)
        _ = server.respond(requestLine("session/open", #"{"session":"s"}"#))
        _ = server.respond(requestLine("session/submit", #"{"session":"s","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}"#))
        clock.advance(milliseconds: 40)
        _ = server.respond(requestLine("session/submit", #"{"session":"s","items":[{"type":"message","role":"user","content":"hi"}]}"#))
        // A new process: its clock starts again at 0.
        let fresh = ManualClock(0)
        var restored = Server(clock: fresh.read)
        _ = try restored.restore(from: journal)
        // The first line after the restart is taken to come at the last recorded time…
        fresh.advance(milliseconds: 10)
        var state = try ServerJournalTests.result(restored.respond(requestLine("session/state", #"{"session":"s"}"#)))
        #expect(state["batch"]?["calls"]?.arrayValue?.first?["ageMs"] == 40)
        #expect(state["held"]?.arrayValue?.first?["ageMs"] == 0)
        // … and the clock goes on from there.
        fresh.advance(milliseconds: 15)
        state = try ServerJournalTests.result(restored.respond(requestLine("session/state", #"{"session":"s"}"#)))
        #expect(state["batch"]?["calls"]?.arrayValue?.first?["ageMs"] == 55)
        #expect(state["held"]?.arrayValue?.first?["ageMs"] == 15)
    }

    @Test("restoring brings back every session even beyond --max-sessions; new ones wait for room")
    func restoreIgnoresTheSessionLimit() throws {
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal)
        for name in ["a", "b", "c"] { _ = server.respond(requestLine("session/open", #"{"session":"\#(name)"}"#)) }
        var restored = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 2))
        #expect(try restored.restore(from: journal) == 3)
        #expect(restored.respond(requestLine("session/open", #"{"session":"d"}"#))?.contains(#""code":-31004"#) == true)
    }

    @Test("a record that cannot be replayed is set aside with its session's later ones; the session is restored up to it, every other session whole")
    func restoreSetsABadRecordAside() throws {
        let original = MemoryJournal()
        var server = Server()
        _ = try server.restore(from: original)
        for line in [
            requestLine("session/open", #"{"session":"a"}"#),
            requestLine("session/open", #"{"session":"b"}"#),
            requestLine("session/submit", #"{"session":"b","items":[{"type":"message","role":"user","content":"one"}]}"#),
            requestLine("session/submit", #"{"session":"a","items":[{"type":"message","role":"user","content":"A"}]}"#),
        ] {
            _ = server.respond(line)
        }
        // What a journal of version 1 may hold: a param version 2 refuses; then later records.
        let journal = MemoryJournal()
        for operation in original.recorded { try journal.record(operation) }
        try journal.record(JournalOperation(session: "b", sequence: 2, kind: .submit, params: #"{"items":[],"colour":"blue"}"#, time: 5, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "b", sequence: 3, kind: .cancel, params: "{}", time: 6, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "c", sequence: 0, kind: .open, params: "{", time: 7, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "c", sequence: 1, kind: .submit, params: #"{"items":[]}"#, time: 8, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "a", sequence: 2, kind: .submit, params: #"{"items":[{"type":"message","role":"user","content":"B"}]}"#, time: 9, nextSessionNumber: 1))

        let log = LogRecorder()
        var restored = Server(logger: log.logger(.error))
        #expect(try restored.restore(from: journal) == 2)
        let bError = #"operation 5 (submit #2 of session "b") cannot be replayed: Invalid params: params.colour is not a param of session/submit"#
        let cError = #"operation 7 (open #0 of session "c") cannot be replayed: its params are not JSON: unexpected end of JSON text at byte 1"#
        #expect(journal.setAsideCalls.map { "\($0.session) #\($0.sequence) \($0.records): \($0.reason)" } == ["b #2 2: \(bError)", "c #0 2: \(cError)"])
        #expect(log.lines == [
            #"tool-sequencer error: operations_set_aside session=b sequence=2 setAside=2 restored=true error="operation 5 (submit #2 of session \"b\") cannot be replayed: Invalid params: params.colour is not a param of session/submit""#,
            #"tool-sequencer error: operations_set_aside session=c sequence=0 setAside=2 restored=false error="operation 7 (open #0 of session \"c\") cannot be replayed: its params are not JSON: unexpected end of JSON text at byte 1""#,
        ])
        // a: whole; b: up to its bad record, and says so; c: not restored.
        #expect(restored.respond(requestLine("session/messages", #"{"session":"a"}"#))?.contains(#""revision":2"#) == true)
        let answer = restored.respond(requestLine("session/state", #"{"session":"b"}"#))
        let state = try #require(answer)
        #expect(state.contains(#""counts":{"submitted":1,"committed":1,"pending":0,"held":0,"early":0,"reported":0},"restore":{"setAside":2,"error":"operation 5 (submit #2 of session \"b\") cannot be replayed: Invalid params: params.colour is not a param of session/submit"}}"#))
        #expect(restored.respond(requestLine("session/state", #"{"session":"a"}"#))?.contains(#""restore""#) == false)
        #expect(restored.respond(requestLine("session/state", #"{"session":"c"}"#))?.contains("-31002") == true)
        // The process serves: b goes on at the sequence number of the record set aside.
        #expect(restored.respond(requestLine("session/submit", #"{"session":"b","items":[]}"#))?.contains(#""revision":1"#) == true)
        #expect(journal.recorded.last?.sequence == 2)
        #expect(restored.respond(requestLine("session/open", #"{"session":"c"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"c"}}"#)
        // Restored again, nothing is set aside any more.
        var again = Server()
        #expect(try again.restore(from: journal) == 3)
        #expect(journal.setAsideCalls.count == 2)
    }

    @Test("a record the journal cannot read (an unknown kind) is set aside with its session's later ones")
    func restoreSetsAnUnreadableRecordAside() throws {
        let journal = MemoryJournal()
        try journal.record(JournalOperation(session: "s", sequence: 0, kind: .open, params: "{}", time: 0, nextSessionNumber: 1))
        journal.storeUnreadable(UnreadableJournalRecord(session: "s", sequence: 1, reason: "row 2 of the operations table has the unknown kind 'rewind'"))
        try journal.record(JournalOperation(session: "s", sequence: 2, kind: .submit, params: #"{"items":[]}"#, time: 0, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "t", sequence: 0, kind: .open, params: "{}", time: 0, nextSessionNumber: 1))
        var server = Server()
        #expect(try server.restore(from: journal) == 2)
        #expect(journal.setAsideCalls.map(\.records) == [2])
        #expect(server.respond(requestLine("session/state", #"{"session":"s"}"#))?
            .hasSuffix(#""restore":{"setAside":2,"error":"record #1 of session \"s\" cannot be read: row 2 of the operations table has the unknown kind 'rewind'"}}}"#) == true)
    }

    @Test("JournalError: a typed case per failure, each with a message naming the operation and why", arguments: [
        (JournalError.unreplayable(number: 2, kind: .submit, sequence: 2, session: "s", reason: .outOfSequence(expected: 1)),
         #"operation 2 (submit #2 of session "s") cannot be replayed: the session's next sequence number is 1"#),
        (.unreplayable(number: 1, kind: .open, sequence: 0, session: "s", reason: .paramsNotJSON("unexpected end of JSON text at byte 1")),
         #"operation 1 (open #0 of session "s") cannot be replayed: its params are not JSON: unexpected end of JSON text at byte 1"#),
        (.unreplayable(number: 3, kind: .cancel, sequence: 1, session: "t", reason: .paramsNotObject("array")),
         #"operation 3 (cancel #1 of session "t") cannot be replayed: its params are a array, not an object"#),
        (.storage("disk I/O error (SQLite error 1034)"), "disk I/O error (SQLite error 1034)"),
    ])
    func journalErrorMessages(error: JournalError, message: String) {
        #expect(error.message == message)
        #expect(error.description == message)
    }

    @Test("an operation out of sequence is set aside with the typed reason's message")
    func restoreOutOfSequence() throws {
        let journal = MemoryJournal()
        try journal.record(JournalOperation(session: "s", sequence: 0, kind: .open, params: "{}", time: 0, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "s", sequence: 2, kind: .submit, params: #"{"items":[]}"#, time: 0, nextSessionNumber: 1))
        var server = Server()
        #expect(try server.restore(from: journal) == 1)
        #expect(server.sessions["s"]?.restoreNote == .init(
            setAside: 1,
            error: JournalError.unreplayable(number: 2, kind: .submit, sequence: 2, session: "s", reason: .outOfSequence(expected: 1)).message))
    }

    @Test("a journal that cannot set records aside stops the restore, and the server is left as it was")
    func restoreFailsWhenSettingAsideFails() throws {
        let journal = MemoryJournal()
        try journal.record(JournalOperation(session: "s", sequence: 0, kind: .open, params: "{", time: 0, nextSessionNumber: 1))
        journal.fail(with: JournalError("disk I/O error (SQLite error 1034)"))
        var server = Server()
        #expect(throws: JournalError("disk I/O error (SQLite error 1034)")) { _ = try server.restore(from: journal) }
        #expect(server.sessions.isEmpty)
    }

    // MARK: - A failing journal

    @Test("a failing journal answers -31010 naming the storage error, and changes nothing", arguments: [
        ("session/open", #"{}"#),
        ("session/open", #"{"session":"new"}"#),
        ("session/submit", #"{"session":"s","items":[{"type":"function_call_output","call_id":"c1","output":"ok"}]}"#),
        ("session/cancel", #"{"session":"s"}"#),
        ("session/close", #"{"session":"s"}"#),
    ])
    func failingJournal(method: String, params: String) throws {
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal)
        _ = server.respond(requestLine("session/open", #"{"session":"s"}"#))
        _ = server.respond(requestLine("session/submit", #"{"session":"s","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}"#))
        let before = ServerJournalTests.views(of: "s", on: &server)
        let recorded = journal.recorded
        journal.fail(with: JournalError("disk I/O error (SQLite error 1034)"))
        #expect(server.respond(requestLine(method, params))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31010,"message":"Storage failed: disk I/O error (SQLite error 1034); the request was not applied","data":{"error":"disk I/O error (SQLite error 1034)"}}}"#)
        #expect(ServerJournalTests.views(of: "s", on: &server) == before)
        #expect(server.sessions.keys.sorted() == ["s"])
        #expect(journal.recorded == recorded)
        // Once the journal works again, the same request is applied, with the numbers it would have had.
        journal.fail(with: nil)
        #expect(server.respond(requestLine(method, params))?.contains(#""result""#) == true)
        #expect(journal.recorded.last?.sequence == (method == "session/open" ? 0 : 2))
        if method == "session/open" && params == "{}" { #expect(server.sessions["s1"] != nil) }
    }

    @Test("a failing journal refuses session/import too, and the session is not opened")
    func failingJournalImport() throws {
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal)
        _ = server.respond(requestLine("session/open", #"{"session":"s"}"#))
        let exported = try ServerJournalTests.result(server.respond(requestLine("session/export", #"{"session":"s"}"#)))
        journal.fail(with: JournalError("database or disk is full (SQLite error 13)"))
        #expect(server.respond(requestLine("session/import", #"{"session":"t","state":\#(exported)}"#))?.contains(#""code":-31010"#) == true)
        #expect(server.sessions["t"] == nil)
    }

    // MARK: - Export and import

    @Test("session/export lists the open, then every submit and cancel, with params and times on the session's clock")
    func exportShape() {
        let clock = ManualClock(7_000_000)
        var server = Server(clock: clock.read)
        _ = server.respond(requestLine("session/open", #"{"session":"s","options":{"format":"chat"}}"#))
        clock.advance(milliseconds: 1)
        _ = server.respond(requestLine("session/submit", #"{"session":"s","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}"#))
        clock.advance(milliseconds: 1)
        _ = server.respond(requestLine("session/cancel", #"{"session":"s","callIds":["c1"]}"#))
        _ = server.respond(requestLine("session/submit", #"{"session":"s","items":{}}"#))
        clock.advance(milliseconds: 1)
        #expect(server.respond(requestLine("session/export", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"version":1,"session":"s","format":"chat","revision":2,"exportedAt":10000000,"operations":["#
            + #"{"kind":"open","time":7000000,"params":{"options":{"format":"chat"}}},"#
            + #"{"kind":"submit","time":8000000,"params":{"items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]}},"#
            + #"{"kind":"cancel","time":9000000,"params":{"callIds":["c1"]}}]}}"#)
    }

    @Test("export, then import under another id, gives the same state and messages", arguments: [11, 12, 13, 14, 15, 16] as [UInt64])
    func exportImportRoundTrip(seed: UInt64) throws {
        let clock = ManualClock(3_000_000)
        var server = Server(clock: clock.read)
        try ServerJournalTests.drive(&server, clock: clock, seed: seed, count: 200)
        for session in server.sessions.keys.sorted() where !session.hasPrefix("copy-") {
            let exported = try ServerJournalTests.result(server.respond(requestLine("session/export", #"{"session":"\#(session)"}"#)))
            let epoch = server.sessions[session]?.session.epoch ?? -1
            #expect(server.respond(requestLine("session/import", #"{"session":"copy-\#(session)","state":\#(exported)}"#))
                == #"{"jsonrpc":"2.0","id":1,"result":{"session":"copy-\#(session)","revision":\#(exported["revision"] ?? .null),"epoch":\#(epoch)}}"#)
            var original = ServerJournalTests.views(of: session, on: &server)
            let copy = ServerJournalTests.views(of: "copy-\(session)", on: &server)
            original[0] = try ServerJournalTests.renamed(original[0], to: "copy-\(session)")
            original[original.count - 1] = try ServerJournalTests.renamed(original[original.count - 1], to: "copy-\(session)")
            #expect(copy == original, "seed \(seed), session \(session)")
        }
    }

    @Test("import into another server, later, keeps ages and timeline as they were at the export; both then go on alike")
    func importElsewhereKeepsTheSessionClock() throws {
        let clock = ManualClock(2_000_000_000)
        var server = Server(clock: clock.read)
        try ServerJournalTests.drive(&server, clock: clock, seed: 99, count: 150)
        let other = ManualClock(5)  // another process: an unrelated, smaller clock
        var elsewhere = Server(clock: other.read)
        for session in server.sessions.keys.sorted() {
            let exported = try ServerJournalTests.result(server.respond(requestLine("session/export", #"{"session":"\#(session)"}"#)))
            _ = elsewhere.respond(requestLine("session/import", #"{"state":\#(exported)}"#))
        }
        clock.advance(milliseconds: 30)
        other.advance(milliseconds: 30)
        for session in server.sessions.keys.sorted() {
            let expected = ServerJournalTests.views(of: session, on: &server)
            #expect(ServerJournalTests.views(of: session, on: &elsewhere) == expected, "session \(session)")
        }
        var generator = SessionRequestMaker(seed: 1234)
        for _ in 0..<40 {
            clock.advance(milliseconds: 3)
            other.advance(milliseconds: 3)
            let (method, params) = generator.request(open: server.sessions.keys.sorted(), opens: false)
            let line = requestLine(method, params)
            #expect(elsewhere.respond(line) == server.respond(line), "\(line)")
        }
    }

    @Test("an imported session survives a restart: the journal replays the import")
    func importIsJournaled() throws {
        let clock = ManualClock(1_000_000)
        let journal = MemoryJournal()
        var server = try Server.restored(from: journal, clock: clock)
        try ServerJournalTests.drive(&server, clock: clock, seed: 21, count: 120)
        let source = try #require(server.sessions.keys.sorted().first)
        let exported = try ServerJournalTests.result(server.respond(requestLine("session/export", #"{"session":"\#(source)"}"#)))
        clock.advance(milliseconds: 9)
        _ = server.respond(requestLine("session/import", #"{"session":"imported","state":\#(exported)}"#))
        clock.advance(milliseconds: 9)
        _ = server.respond(requestLine("session/submit", #"{"session":"imported","items":[{"type":"function_call_output","call_id":"c3","output":"x"}]}"#))
        #expect(journal.recorded.suffix(2).map(\.kind) == [.import, .submit])
        #expect(journal.recorded.suffix(2).map(\.sequence) == [0, 1])
        var restored = try Server.restored(from: journal, clock: clock)
        #expect(ServerJournalTests.views(of: "imported", on: &restored) == ServerJournalTests.views(of: "imported", on: &server))
    }

    @Test("session/import onto an open id is -31003; export of an unknown session is -31002")
    func importConflicts() throws {
        var server = Server()
        _ = server.respond(requestLine("session/open", #"{"session":"s"}"#))
        let exported = try ServerJournalTests.result(server.respond(requestLine("session/export", #"{"session":"s"}"#)))
        #expect(server.respond(requestLine("session/import", #"{"state":\#(exported)}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31003,"message":"Session exists: a session with the id \"s\" is already open","data":{"path":"params.session","session":"s"}}}"#)
        #expect(server.respond(requestLine("session/export", #"{"session":"t"}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31002,"message":"Unknown session: no open session has the id \"t\"","data":{"path":"params.session","session":"t"}}}"#)
        #expect(server.respond(requestLine("session/export", #"{}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.session is required","data":{"path":"params.session"}}}"#)
    }

    static let open = #"{"kind":"open","time":0,"params":{}}"#

    @Test("session/import of bad input is -32602 naming the path, and opens nothing", arguments: [
        (#"{}"#, "params.state is required", "params.state"),
        (#"{"state":[]}"#, "params.state must be an object, not array", "params.state"),
        (#"{"state":{"session":"x","operations":[]}}"#, "params.state.version is required", "params.state.version"),
        (#"{"state":{"version":2,"session":"x","operations":[]}}"#, "params.state.version is 2; this server reads version 1", "params.state.version"),
        (#"{"state":{"version":1,"operations":[\#(open)]}}"#, "params.state.session is required", "params.state.session"),
        (#"{"state":{"version":1,"session":"","operations":[\#(open)]}}"#, "params.state.session must not be empty", "params.state.session"),
        (#"{"session":"","state":{"version":1,"session":"x","operations":[\#(open)]}}"#, "params.session must not be empty", "params.session"),
        (#"{"session":3,"state":{"version":1,"session":"x","operations":[\#(open)]}}"#, "params.session must be a string, not number", "params.session"),
        (#"{"state":{"version":1,"session":"x"}}"#, "params.state.operations is required", "params.state.operations"),
        (#"{"state":{"version":1,"session":"x","operations":[]}}"#,
         #"params.state.operations is empty; an export begins with the session's \"open\" operation"#, "params.state.operations"),
        (#"{"state":{"version":1,"session":"x","operations":[7]}}"#, "params.state.operations[0] must be an object, not number", "params.state.operations[0]"),
        (#"{"state":{"version":1,"session":"x","operations":[{"time":0}]}}"#, "params.state.operations[0].kind is required", "params.state.operations[0].kind"),
        (#"{"state":{"version":1,"session":"x","operations":[{"kind":"submit","time":0,"params":{"items":[]}}]}}"#,
         #"params.state.operations[0].kind must be one of \"open\", not \"submit\""#, "params.state.operations[0].kind"),
        (#"{"state":{"version":1,"session":"x","operations":[\#(open),\#(open)]}}"#,
         #"params.state.operations[1].kind must be one of \"submit\", \"cancel\", \"rewind\", \"replace\", not \"open\""#, "params.state.operations[1].kind"),
        (#"{"state":{"version":1,"session":"x","operations":[\#(open),{"kind":"close","time":0}]}}"#,
         #"params.state.operations[1].kind must be one of \"open\", \"submit\", \"cancel\", \"rewind\", \"replace\", not \"close\""#, "params.state.operations[1].kind"),
        (#"{"state":{"version":1,"session":"x","operations":[{"kind":"open","params":{}}]}}"#,
         "params.state.operations[0].time is required", "params.state.operations[0].time"),
        (#"{"state":{"version":1,"session":"x","operations":[{"kind":"open","time":-1}]}}"#,
         "params.state.operations[0].time must be a non-negative integer (nanoseconds), not -1", "params.state.operations[0].time"),
        (#"{"state":{"version":1,"session":"x","operations":[{"kind":"open","time":0,"params":{"options":{"format":"xml"}}}]}}"#,
         #"params.state.operations[0].params.options.format must be one of \"responses\", \"chat\", \"anthropic\", \"gemini\", not \"xml\""#,
         "params.state.operations[0].params.options.format"),
        (#"{"state":{"version":1,"session":"x","operations":[\#(open),{"kind":"submit","time":1,"params":{"items":{}}}]}}"#,
         "params.state.operations[1].params.items must be an array, not object", "params.state.operations[1].params.items"),
        (#"{"state":{"version":1,"session":"x","operations":[\#(open),{"kind":"cancel","time":1,"params":{"callIds":[1]}}]}}"#,
         "params.state.operations[1].params.callIds[0] must be a string, not number", "params.state.operations[1].params.callIds[0]"),
        (#"{"state":{"version":1,"session":"x","revision":3,"operations":[\#(open)]}}"#,
         "params.state.revision is 3, but the operations give revision 0", "params.state.revision"),
        (#"{"state":{"version":1,"session":"x","format":"chat","operations":[\#(open)]}}"#,
         #"params.state.format is \"chat\", but the operations give \"responses\""#, "params.state.format"),
        (#"{"state":{"version":1,"session":"x","exportedAt":5,"operations":[{"kind":"open","time":9,"params":{}}]}}"#,
         "params.state.exportedAt is 5, earlier than an operation's time 9", "params.state.exportedAt"),
    ])
    func importRejectsBadInput(params: String, message: String, path: String) throws {
        var server = Server()
        let line = server.respond(requestLine("session/import", params))
        let answer = try JSONParser.parse(try #require(line))
        #expect(answer["error"]?["code"] == -32602)
        // The table writes quotes as in the JSON text (\"); the decoded message has plain ones.
        #expect(answer["error"]?["message"]?.stringValue == "Invalid params: " + message.replacing(#"\""#, with: #"""#))
        #expect(answer["error"]?["data"]?["path"] == .string(JSONString(path)))
        #expect(server.sessions.isEmpty)
    }

    @Test("initialize lists session/export and session/import")
    func initializeListsTheMethods() throws {
        var server = Server()
        let methods = try ServerJournalTests.result(server.respond(requestLine("initialize", "{}")))["capabilities"]?["methods"]
        #expect(methods?.arrayValue?.contains("session/export") == true)
        #expect(methods?.arrayValue?.contains("session/import") == true)
    }
}

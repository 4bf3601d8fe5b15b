import SequencerCore
@testable import SequencerRPC
import SequencerTestSupport
import Testing

@Suite("Logger: levels, and what the server logs")
struct LoggerTests {
    typealias Level = Logger.Level

    @Test("level names parse case-insensitively, with warning as an alias of warn")
    func levelNames() {
        #expect(Level(name: "error") == .error)
        #expect(Level(name: "warn") == .warn)
        #expect(Level(name: "warning") == .warn)
        #expect(Level(name: "INFO") == .info)
        #expect(Level(name: "Debug") == .debug)
        #expect(Level(name: "trace") == .trace)
        #expect(Level(name: "") == nil)
        #expect(Level(name: "verbose") == nil)
        #expect(Level(name: " warn") == nil)
        for level in Level.allCases {
            #expect(Level(name: level.name) == level)
        }
        #expect(Level.allCases.map(\.name) == ["error", "warn", "info", "debug", "trace"])
    }

    @Test("levels are ordered from least to most verbose")
    func ordering() {
        #expect(Level.error < .warn && Level.warn < .info && Level.info < .debug && Level.debug < .trace)
        #expect(Level.allCases.sorted() == Level.allCases)
    }

    @Test("a logger writes its level and everything less verbose, prefixed, and nothing more verbose")
    func writesEnabledLevels() {
        let recorder = LogRecorder()
        let logger = recorder.logger(.info)
        #expect(logger.isEnabled(.error) && logger.isEnabled(.warn) && logger.isEnabled(.info))
        #expect(!logger.isEnabled(.debug) && !logger.isEnabled(.trace))
        for level in Level.allCases {
            logger.log(level, "at \(level.name)")
        }
        #expect(recorder.lines == ["tool-sequencer error: at error", "tool-sequencer warn: at warn", "tool-sequencer info: at info"])
    }

    @Test("a message at a disabled level is never built")
    func lazyMessages() {
        let logger = LogRecorder().logger(.warn)
        var built = 0
        func message() -> String {
            built += 1
            return "expensive"
        }
        logger.log(.debug, message())
        logger.log(.trace, message())
        #expect(built == 0)
        logger.log(.warn, message())
        #expect(built == 1)
    }

    @Test("the silent logger enables only errors, and writes them nowhere")
    func silent() {
        #expect(Logger.silent.level == .error)
        #expect(!Logger.silent.isEnabled(.warn))
        Logger.silent.log(.error, "dropped")
    }

    @Test("an event is written as its name and key=value fields; strings with spaces are quoted as JSON")
    func textEvents() {
        let recorder = LogRecorder()
        let logger = recorder.logger(.info)
        logger.event(.info, "request", [("method", "session/open"), ("id", 7), ("text", "two words"), ("ids", ["a", "b"]), ("none", nil)])
        logger.event(.debug, "hidden", [("x", 1)])
        #expect(recorder.lines == [#"tool-sequencer info: request method=session/open id=7 text="two words" ids=["a","b"] none=null"#])
    }

    @Test("every text event is one line: a value holding a newline or a tab is quoted, not written raw")
    func textEventsStayOnOneLine() {
        let recorder = LogRecorder()
        let logger = recorder.logger(.warn)
        logger.event(.warn, "request", [("method", "x\ntool-sequencer error: forged"), ("session", "a\tb")])
        #expect(recorder.lines.count == 1)
        #expect(recorder.lines.allSatisfy { !$0.contains("\n") && !$0.contains("\t") })
        let unquoted = Logger(level: .warn) { line in recorder.append(line) }
        unquoted.event(.warn, "request", [("session", "a\nforged=1")])
        #expect(recorder.lines.last == #"tool-sequencer warn: request session="a\nforged=1""#)
    }

    @Test("in the json format every line is one JSON object: level, event, then the fields in order")
    func jsonEvents() {
        let recorder = LogRecorder()
        let logger = Logger(level: .debug, format: .json) { line in recorder.append(line) }
        logger.event(.warn, "parse_error", [("offset", 3), ("error", "unexpected \"x\"")])
        logger.log(.debug, "free text")
        logger.log(.trace, "hidden")
        #expect(recorder.lines == [
            #"{"level":"warn","event":"parse_error","offset":3,"error":"unexpected \"x\""}"#,
            #"{"level":"debug","event":"message","text":"free text"}"#,
        ])
    }

    @Test("the fields of an event at a disabled level are never built")
    func lazyFields() {
        let logger = LogRecorder().logger(.info)
        var built = 0
        func fields() -> [(String, JSONValue)] {
            built += 1
            return []
        }
        logger.event(.debug, "x", fields())
        #expect(built == 0)
        logger.event(.info, "x", fields())
        #expect(built == 1)
    }

    @Test("the server logs every error at warn, and nothing for a successful request at warn")
    func serverWarnings() {
        let recorder = LogRecorder()
        var server = Server(limits: ServerLimits(maxLineBytes: 64, maxDepth: 8, maxSessions: 2), logger: recorder.logger(.warn))
        _ = server.respond(#"{"id":1,"method":"shutdown"}"#)
        #expect(recorder.lines == [])
        _ = server.respond("x")
        _ = server.respond("7")
        _ = server.respond(#"{"id":1,"method":"nope"}"#)
        _ = server.respond(#"{"method":"nope"}"#)
        _ = server.respond(#"{"id":"q","method":"session/state","params":{"session":"zz"}}"#)
        _ = server.handle(.tooLong(length: 99), at: server.clock())
        #expect(recorder.lines == [
            #"tool-sequencer warn: parse_error offset=0 error="unexpected character 'x'""#,
            #"tool-sequencer warn: invalid_request id=null error="Invalid request: a request must be a JSON object, not number""#,
            #"tool-sequencer warn: request method=nope id=1 us=0 code=-32601 error="Method not found: nope""#,
            #"tool-sequencer warn: notification method=nope code=-32601 error="Method not found: nope""#,
            #"tool-sequencer warn: request method=session/state id="q" session=zz us=0 code=-31002 error="Unknown session: no open session has the id \"zz\"""#,
            "tool-sequencer warn: line_too_long bytes=99 limit=64",
        ])
    }

    @Test("at info the server logs one line per request, with the session and the time taken from its clock")
    func serverInfo() {
        let recorder = LogRecorder()
        var server = Server(clock: ManualClock(7).read, logger: recorder.logger(.info))
        _ = server.respond(#"{"id":"a","method":"session/open","params":{"session":"x"}}"#)
        _ = server.respond(#"{"id":2,"method":"session/close","params":{"session":"x"}}"#)
        _ = server.respond(#"{"method":"session/open"}"#)
        #expect(recorder.lines == [
            #"tool-sequencer info: request method=session/open id="a" session=x us=0"#,
            "tool-sequencer info: request method=session/close id=2 session=x us=0",
        ])
    }

    @Test("at debug the server logs each sequencing decision")
    func serverDebug() {
        let recorder = LogRecorder()
        var server = Server(logger: recorder.logger(.debug))
        _ = server.respond(#"{"method":"session/open","params":{"session":"x"}}"#)
        _ = server.respond(#"{"method":"session/submit","params":{"session":"x","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"message","role":"user","content":"hi"},7]}}"#)
        _ = server.respond(#"{"method":"session/cancel","params":{"session":"x"}}"#)
        _ = server.respond(#"{"method":"session/close","params":{"session":"x"}}"#)
        #expect(recorder.lines == [
            "tool-sequencer debug: session_opened session=x",
            #"tool-sequencer debug: held session=x arrival=1 item=message behind=["c1"]"#,
            #"tool-sequencer debug: reported session=x arrival=2 reason=invalid message="item is a JSON number, not an object""#,
            "tool-sequencer debug: synthetic_output session=x callId=c1 reason=interrupted revision=1",
            "tool-sequencer debug: flushed session=x arrival=1 item=message revision=2",
            "tool-sequencer debug: session_closed session=x orphans=0 pending=0 held=0",
        ])
    }

    @Test("at trace the server logs every line in and out (as JSON strings, so each stays one line)")
    func serverTrace() {
        let recorder = LogRecorder()
        var server = Server(logger: recorder.logger(.trace))
        _ = server.handle(.line(Array(#"{"id":1,"method":"shutdown"}"#.utf8)), at: server.clock())
        _ = server.handle(.line(Array(#"{"method":"shutdown"}"#.utf8)), at: server.clock())
        #expect(recorder.lines == [
            #"tool-sequencer trace: in line="{\"id\":1,\"method\":\"shutdown\"}""#,
            "tool-sequencer info: request method=shutdown id=1 us=0",
            #"tool-sequencer trace: out line="{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}""#,
            #"tool-sequencer trace: in line="{\"method\":\"shutdown\"}""#,
        ])
    }
}

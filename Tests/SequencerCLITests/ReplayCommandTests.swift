import Foundation
import SequencerCore
import SequencerRPC
import Testing
@testable import SequencerCLI

@Suite("replay: a recorded trace, played back and compared")
struct ReplayCommandTests {
    /// Every trace kept in Traces/: each is a regression case. To turn a user's trace into one,
    /// copy it there (after checking it holds nothing private); it must replay identically.
    static let traces: [String] = {
        let folder = Examples.root.appendingPathComponent("Tests/SequencerCLITests/Traces")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".trace.jsonl") }.sorted()
    }()

    private func trace(_ name: String) throws -> [UInt8] {
        try Examples.bytes("Tests/SequencerCLITests/Traces/\(name)")
    }

    @Test("the traces folder is not empty")
    func tracesExist() {
        #expect(Self.traces.contains("interrupted-turn.trace.jsonl"))
    }

    @Test("every kept trace replays to the same answers, byte for byte", arguments: traces)
    func keptTraceReplays(name: String) throws {
        let output = ReplayCommand.run(file: name, contents: try trace(name))
        #expect(output.status == 0, "\(output.text)")
        #expect(output.text.hasPrefix("\(name): replayed "))
        #expect(output.text.hasSuffix(" requests; every answer matches\n"))
    }

    @Test("the interrupted-turn trace replays all 16 requests, a held message's real wait included")
    func interruptedTurnTrace() throws {
        let contents = try trace("interrupted-turn.trace.jsonl")
        #expect(String(decoding: contents, as: UTF8.self).contains(#"\"waitedUs\":201915"#))
        #expect(ReplayCommand.run(file: "t", contents: contents).text == "t: replayed 16 requests; every answer matches\n")
    }

    @Test("a hand-edited recorded answer: the first difference, with its request and JSON path, and exit 1")
    func editedTrace() throws {
        let original = String(decoding: try trace("interrupted-turn.trace.jsonl"), as: UTF8.self)
        let edited = original.replacingOccurrences(of: "it may have partly run.", with: "it may have run.")
        #expect(edited != original)
        let output = ReplayCommand.run(file: "t", contents: Array(edited.utf8))
        #expect(output.status == 1)
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "t:10: the answer differs from the recorded one")
        #expect(lines[1] == #"request:  {"jsonrpc":"2.0","id":6,"method":"session/messages","params":{"session":"demo"}}"#)
        #expect(lines[2].hasPrefix("recorded: ") && lines[2].contains("it may have run."))
        #expect(lines[3].hasPrefix("replayed: ") && lines[3].contains("it may have partly run."))
        #expect(lines[4] == "first difference at byte 615, at result.messages[3].output")
    }

    @Test("a missing answer and an extra answer are differences too")
    func missingAnswer() {
        let start = TraceRecord.start(version: "0.1.0", limits: .defaults).encoded()
        let request = TraceRecord.input(t: 5, event: .line(Array(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#.utf8)), us: 1).encoded()
        let output = ReplayCommand.run(file: "m", contents: start + request)
        #expect(output.status == 1)
        #expect(output.text == """
            m:2: the answer differs from the recorded one
            request:  {"jsonrpc":"2.0","id":1,"method":"shutdown"}
            recorded: (no answer)
            replayed: {"jsonrpc":"2.0","id":1,"result":{}}

            """)
    }

    @Test("a file that is not a trace: the line and what is wrong, exit 2")
    func notATrace() {
        let output = ReplayCommand.run(file: "x", contents: Array("{\"t\":0,\"dir\":\"start\"}\n{\"dir\":\"in\"}\n".utf8))
        #expect(output.status == 2)
        #expect(output.stderr == "x:2: not a trace record: record has no whole-number \"t\"\n")
    }
}

@Suite("TraceRecord: the lines of a trace")
struct TraceRecordTests {
    @Test("each record encodes to one line and decodes back, invalid UTF-8 as base64, skipped lines as their length")
    func roundTrip() throws {
        let records: [TraceRecord] = [
            .start(version: "0.1.0", limits: ServerLimits(maxLineBytes: 10, maxDepth: 3, maxSessions: 2)),
            .input(t: 17, event: .line(Array(#"{"id":1,"method":"x"}"#.utf8)), us: 4),
            .input(t: 18, event: .line([0xFF, 0x7B, 0x0A]), us: 0),
            .input(t: 19, event: .tooLong(length: 99), us: 2),
            .output(t: 20, line: Array(#"{"jsonrpc":"2.0","id":1,"result":{}}"#.utf8)),
        ]
        let encoded = records.map { String(decoding: $0.encoded(), as: UTF8.self) }
        #expect(encoded == [
            #"{"t":0,"dir":"start","version":"0.1.0","limits":{"maxLineBytes":10,"maxDepth":3,"maxSessions":2,"maxHeld":10000,"maxSessionBytes":268435456,"maxTotalBytes":1073741824}}"# + "\n",
            #"{"t":17,"dir":"in","line":"{\"id\":1,\"method\":\"x\"}","us":4}"# + "\n",
            #"{"t":18,"dir":"in","lineBase64":"/3sK","us":0}"# + "\n",
            #"{"t":19,"dir":"in","skippedBytes":99,"us":2}"# + "\n",
            #"{"t":20,"dir":"out","line":"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"}"# + "\n",
        ])
        for record in records {
            #expect(try TraceRecord(JSONParser.parse(record.encoded().dropLast())) == record)
        }
    }

    @Test("a start record with a limit no flag could set is refused, so a replay never traps or overflows its stack",
          arguments: [
              (#""maxDepth":100000"#, "start record's limits.maxDepth must be from 1 to 512, not 100000"),
              (#""maxLineBytes":9223372036854775807"#, "start record's limits.maxLineBytes must be from 1 to 1099511627776, not 9223372036854775807"),
              (#""maxSessions":0"#, "start record's limits.maxSessions must be from 1 to 2147483647, not 0"),
          ])
    func limitsOutOfRange(_ limit: String, _ message: String) {
        let record = #"{"t":0,"dir":"start","version":"0.1.0","limits":{\#(limit)}}"#
        #expect(throws: TraceRecord.DecodeError(message: message)) {
            try TraceRecord(JSONParser.parse(record))
        }
        let output = ReplayCommand.run(file: "t", contents: Array((record + "\n").utf8))
        #expect(output.status == 2)
        #expect(output.stderr == "t:1: not a trace record: \(message)\n")
    }

    @Test("base64 round trips every length, and refuses what is not base64")
    func base64() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("Man".utf8)) == "TWFu")
        #expect(Base64.encode(Array("Ma".utf8)) == "TWE=")
        #expect(Base64.decode("TW=u") == nil)
        #expect(Base64.decode("T!==") == nil)
    }
}

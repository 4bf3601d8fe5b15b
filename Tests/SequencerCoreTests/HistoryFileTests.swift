import Testing
@testable import SequencerCore

@Suite("HistoryFile: arrays, JSON lines and Codex rollouts")
struct HistoryFileTests {
    private func read(_ text: String) throws -> HistoryFile {
        try HistoryFile(Array(text.utf8))
    }

    @Test("a JSON array: its items, each with the line its element starts on")
    func array() throws {
        let history = try read("""

            [ {"type":"message","role":"user","content":"a"},
              {"type":"message",
               "role":"user","content":"b [ { \\" ,"},
              7 ]
            """)
        #expect(history.layout == .array)
        #expect(history.items == [
            ["type": "message", "role": "user", "content": "a"], ["type": "message", "role": "user", "content": "b [ { \" ,"], 7,
        ])
        #expect(history.itemLines == [2, 3, 5])
    }

    @Test("JSON lines: one item a line, blank lines skipped, \\r\\n accepted")
    func jsonLines() throws {
        let history = try read("{\"type\":\"reasoning\",\"summary\":[]}\r\n\n  \n{\"type\":\"x\"}")
        #expect(history.layout == .jsonLines)
        #expect(history.entries == [.item(["type": "reasoning", "summary": []], line: 1, time: nil), .item(["type": "x"], line: 4, time: nil)])
    }

    @Test("a rollout: response_item payloads are the items, turn_aborted an interruption, the rest skipped, times read")
    func rollout() throws {
        let history = try read("""
            {"timestamp":"2026-11-20T10:00:00.000Z","type":"session_meta","payload":{"id":"x"}}
            {"timestamp":"2026-11-20T10:00:01.250Z","type":"response_item","payload":{"type":"message","role":"user","content":"hi"}}
            {"timestamp":"2026-11-20T10:00:02Z","type":"event_msg","payload":{"type":"user_message","message":"hi"}}
            {"timestamp":"2026-11-20T10:00:03.5+01:00","type":"event_msg","payload":{"type":"turn_aborted","reason":"interrupted"}}
            """)
        #expect(history.layout == .rollout)
        #expect(history.entries == [
            .item(["type": "message", "role": "user", "content": "hi"], line: 2, time: 1_795_168_801_250_000),
            .interruption(reason: "interrupted", line: 4, time: 1_795_165_203_500_000),
        ])
        #expect(history.warnings == [])
    }

    @Test("a compacted line replaces everything before it with its replacement_history, or with the user messages and its message")
    func compaction() throws {
        let history = try read("""
            {"type":"response_item","payload":{"type":"message","role":"user","content":"hi"}}
            {"type":"response_item","payload":{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}}
            {"type":"event_msg","payload":{"type":"turn_aborted","reason":"interrupted"}}
            {"type":"compacted","payload":{"message":"summary","replacement_history":[{"type":"message","role":"user","content":"kept"}]}}
            {"type":"response_item","payload":{"type":"message","role":"user","content":"after"}}
            {"type":"compacted","payload":{"message":"older summary"}}
            """)
        #expect(history.entries == [
            .item(["type": "message", "role": "user", "content": "kept"], line: 6, time: nil),
            .item(["type": "message", "role": "user", "content": "after"], line: 6, time: nil),
            .item(["type": "message", "role": "user", "content": [["type": "input_text", "text": "older summary"]]], line: 6, time: nil),
        ])
        #expect(history.warnings.map(\.code) == ["compacted", "compacted"])
        #expect(history.warnings.map(\.line) == [4, 6])
    }

    @Test("a line that is not JSON is named with its line and the parser's reason; a torn last line is a warning")
    func notJSON() throws {
        #expect(throws: HistoryFile.ReadError(line: 2, message: "unexpected end of JSON text at byte 8 of the line")) {
            try read("{\"type\":\"x\"}\n{\"type\":\n{\"type\":\"y\"}\n")
        }
        let torn = try read("{\"type\":\"x\"}\n{\"type\":\n")
        #expect(torn.items == [["type": "x"]])
        #expect(torn.warnings == [HistoryFile.ReadWarning(
            line: 2, code: "torn_last_line",
            message: "the last line is not JSON (unexpected end of JSON text at byte 8 of the line): a write cut short, skipped as Codex skips it; the rest is read")])
        #expect(throws: HistoryFile.ReadError(line: 3, message: "unexpected character ']' at byte 12 of the file")) {
            try read("[\n  1,\n  2, ]")
        }
    }

    @Test("RFC 3339 timestamps, with fractions, offsets and leap-year dates; anything else is nil")
    func timestamps() {
        #expect(Timestamp.microseconds("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.microseconds("1970-01-01T00:00:01.5Z") == 1_500_000)
        #expect(Timestamp.microseconds("2024-02-29T12:00:00.123456789Z") == 1_709_208_000_123_456)
        #expect(Timestamp.microseconds("2026-11-20T11:00:00+01:00") == Timestamp.microseconds("2026-11-20T10:00:00Z"))
        #expect(Timestamp.microseconds("2026-11-20T10:00:00") == nil)
        #expect(Timestamp.microseconds("2026-13-20T10:00:00Z") == nil)
        #expect(Timestamp.microseconds("yesterday") == nil)
    }
}

import Foundation
import SequencerCore
import SequencerRPC
import SequencerStore
import Testing

/// `sqlite3`, the command-line shell, when it is installed: these tests corrupt a journal with it.
private let sqliteShell = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs `sql` on the database at `path` with the `sqlite3` shell; returns its stdout.
private func sqlite(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: sqliteShell ?? "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

private func line(_ method: String, _ params: String) -> [UInt8] {
    Array(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#.utf8)
}

private func answer(_ server: inout Server, _ method: String, _ params: String) -> String {
    server.handle(.line(line(method, params)), at: 0).map { String(decoding: $0, as: UTF8.self) } ?? ""
}

@Suite("SQLiteJournal: records that cannot be replayed are set aside, and the process serves")
struct SetAsideTests {
    /// A state directory holding sessions a, b and c, each opened and given one message; then
    /// records `extra` as they are (bypassing the server's checks, as an older version might).
    private static func journal(in directory: String, extra: [JournalOperation]) throws {
        let journal = try SQLiteJournal(directory: directory)
        var server = Server()
        _ = try server.restore(from: journal)
        for session in ["a", "b", "c"] {
            _ = answer(&server, "session/open", #"{"session":"\#(session)"}"#)
            _ = answer(&server, "session/submit", #"{"session":"\#(session)","items":[{"type":"message","role":"user","content":"\#(session)"}]}"#)
        }
        for operation in extra { try journal.record(operation) }
    }

    @Test("params that no longer validate: the record and the session's later ones go to set_aside, the session is restored up to it")
    func paramsThatNoLongerValidate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("set-aside-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SetAsideTests.journal(in: directory, extra: [
            JournalOperation(session: "b", sequence: 2, kind: .submit, params: #"{"session":"b","items":[],"colour":"blue"}"#, time: 1, nextSessionNumber: 1),
            JournalOperation(session: "b", sequence: 3, kind: .cancel, params: #"{"session":"b"}"#, time: 2, nextSessionNumber: 1),
        ])
        do {
            let journal = try SQLiteJournal(directory: directory)
            var server = Server()
            #expect(try server.restore(from: journal) == 3)
            #expect(answer(&server, "session/state", #"{"session":"b"}"#)
                .hasSuffix(#""restore":{"setAside":2,"error":"operation 7 (submit #2 of session \"b\") cannot be replayed: Invalid params: params.colour is not a param of session/submit"}}}"#))
            #expect(try journal.load().operations.filter { $0.session == "b" }.map(\.sequence) == [0, 1])
            // b goes on, at the sequence number of the record set aside.
            #expect(answer(&server, "session/submit", #"{"session":"b","items":[]}"#).contains(#""revision":1"#))
            #expect(try journal.load().operations.filter { $0.session == "b" }.map(\.sequence) == [0, 1, 2])
        }
        // Restarted again: nothing left to set aside, every session whole.
        let journal = try SQLiteJournal(directory: directory)
        var server = Server()
        #expect(try server.restore(from: journal) == 3)
        #expect(!answer(&server, "session/state", #"{"session":"b"}"#).contains("restore"))
    }

    @Test("a record of an unknown kind, written into the file: set aside with the session's later records, kept in the file",
          .enabled(if: sqliteShell != nil, "needs the sqlite3 shell to corrupt the journal"))
    func unknownKind() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("set-aside-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try SetAsideTests.journal(in: directory, extra: [
            JournalOperation(session: "c", sequence: 2, kind: .submit, params: #"{"session":"c","items":[]}"#, time: 1, nextSessionNumber: 1),
            JournalOperation(session: "c", sequence: 3, kind: .submit, params: #"{"session":"c","items":[]}"#, time: 2, nextSessionNumber: 1),
        ])
        let database = directory + "/" + SQLiteJournal.fileName
        _ = try sqlite(database, "PRAGMA ignore_check_constraints = ON; UPDATE operations SET kind = 'rebase' WHERE session = 'c' AND sequence = 2;")
        do {
            let journal = try SQLiteJournal(directory: directory)
            var server = Server()
            #expect(try server.restore(from: journal) == 3)
            #expect(answer(&server, "session/state", #"{"session":"c"}"#)
                .contains(#""restore":{"setAside":2,"error":"record #2 of session \"c\" cannot be read: row 7 of the operations table has the unknown kind 'rebase'"}"#))
            #expect(answer(&server, "session/messages", #"{"session":"a"}"#).contains(#""revision":1"#))
        }
        #expect(try sqlite(database, "SELECT operation_id, session, sequence, kind FROM set_aside ORDER BY id;") == "7|c|2|rebase\n8|c|3|submit\n")
        #expect(try sqlite(database, "SELECT count(*) FROM operations WHERE session = 'c';") == "2\n")
    }
}

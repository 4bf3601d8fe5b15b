import Foundation
import SequencerCore
import SequencerRPC
import SequencerStore
import SequencerTestSupport
import Testing

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
private struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-journal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var database: String { path + "/" + SQLiteJournal.fileName }
    var wal: String { database + "-wal" }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// An operation of session `session` with distinct, awkward params.
private func operation(_ session: String, _ sequence: Int, _ kind: JournalOperation.Kind = .submit, time: UInt64 = 0) -> JournalOperation {
    JournalOperation(
        session: session, sequence: sequence, kind: kind,
        params: #"{"session":"\#(session)","items":[{"type":"message","role":"user","content":"é 😀 \"q\" \u0000 #\#(sequence)","n":1234567890123456789012.50}]}"#,
        time: UInt64(sequence) * 1_000_003, nextSessionNumber: sequence + 2)
}

@Suite("SQLiteJournal: durable, whole-or-nothing operations in a state directory")
struct SQLiteJournalTests {
    @Test("operations come back after reopening, in order, with params and times exactly as recorded")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let recorded = [
            operation("a", 0, .open), operation("b", 0, .open), operation("a", 1), operation("a", 2, .cancel),
            operation("b", 1), JournalOperation(session: "c", sequence: 0, kind: .import, params: "{}", time: .max, nextSessionNumber: 9),
        ]
        do {
            let journal = try SQLiteJournal(directory: directory.path)
            for operation in recorded { try journal.record(operation) }
            #expect(try journal.load().operations.map(\.params) == recorded.map(\.params))
        }
        let reopened = try SQLiteJournal(directory: directory.path)
        let contents = try reopened.load()
        #expect(contents.nextSessionNumber == 9)
        #expect(contents.operations == recorded)
    }

    @Test("a new database and its write-ahead log are 0600 and a new state directory 0700, whatever SQLite's 0644 default")
    func privateModes() throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        let directory = parent.path + "/state"
        let journal = try SQLiteJournal(directory: directory)
        try journal.record(operation("a", 0, .open))
        func mode(_ path: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        }
        #expect(mode(directory) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == [SQLiteJournal.fileName, SQLiteJournal.fileName + "-wal"])
        for name in names {
            #expect(mode(directory + "/" + name) == 0o600, "\(name): \(String(mode(directory + "/" + name) ?? -1, radix: 8))")
        }
    }

    @Test("the state directory is created when missing; a path that is a file is refused")
    func directory() throws {
        let parent = try TemporaryDirectory()
        defer { parent.remove() }
        let nested = parent.path + "/state/"
        _ = try SQLiteJournal(directory: nested)
        #expect(FileManager.default.fileExists(atPath: parent.path + "/state/" + SQLiteJournal.fileName))
        let file = parent.path + "/plain"
        try #require(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        #expect(throws: JournalError("'\(file)' exists and is not a directory")) { _ = try SQLiteJournal(directory: file) }
    }

    @Test("close deletes the session's operations; its id starts again at 0; the id counter survives")
    func closeDeletes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let journal = try SQLiteJournal(directory: directory.path)
        try journal.record(operation("a", 0, .open))
        try journal.record(operation("b", 0, .open))
        try journal.record(operation("a", 1))
        try journal.record(JournalOperation(session: "a", sequence: 2, kind: .close, params: "{}", time: 5, nextSessionNumber: 0))
        #expect(try journal.load().operations.map(\.session) == ["b"])
        try journal.record(operation("a", 0, .open))
        let contents = try journal.load()
        #expect(contents.operations.map { "\($0.session)#\($0.sequence)" } == ["b#0", "a#0"])
        #expect(contents.nextSessionNumber == 2)
    }

    @Test("a repeated session and sequence is refused, nothing of it is stored, and the journal goes on")
    func duplicateRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let journal = try SQLiteJournal(directory: directory.path)
        try journal.record(operation("a", 0, .open))
        var refused = operation("a", 0, .open)
        refused.nextSessionNumber = 50
        #expect(throws: JournalError.self) { try journal.record(refused) }
        try journal.record(operation("a", 1))
        #expect(try journal.load().operations.map(\.sequence) == [0, 1])
        // The counter the refused open carried was rolled back with it.
        #expect(try journal.load().nextSessionNumber == 3)
    }

    @Test("a second journal on a directory in use is refused, naming the lock; once the first is gone it opens")
    func oneOwner() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var first: SQLiteJournal? = try SQLiteJournal(directory: directory.path)
        try first?.record(operation("a", 0, .open))
        do {
            _ = try SQLiteJournal(directory: directory.path)
            Issue.record("a second journal opened the directory in use")
        } catch {
            #expect(error.message.contains("database is locked"), "\(error.message)")
            #expect(error.message.contains("another tool-sequencer"), "\(error.message)")
        }
        first = nil
        #expect(try SQLiteJournal(directory: directory.path).load().operations.count == 1)
    }

    @Test("a file that is not a database is refused")
    func garbageFile() throws {
        let garbage = try TemporaryDirectory()
        defer { garbage.remove() }
        try #require(FileManager.default.createFile(atPath: garbage.database, contents: Data(repeating: 0x41, count: 4096)))
        do {
            _ = try SQLiteJournal(directory: garbage.path)
            Issue.record("a file of garbage was opened")
        } catch {
            #expect(error.message.contains("file is not a database"), "\(error.message)")
        }
    }

    @Test(
        "another application's database, or a newer schema, is refused (made with the sqlite3 command)",
        .enabled(if: ExternalTool.sqlite3 != nil, "needs the sqlite3 command (Debian: apt-get install sqlite3)"),
        arguments: [
            ("PRAGMA application_id = 42", "a SQLite database of another application (application_id 42)"),
            ("PRAGMA user_version = 3", "was written by a newer tool-sequencer (schema version 3; this one reads 2)"),
        ])
    func foreignDatabases(pragma: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sqlite3 = try #require(ExternalTool.sqlite3)
        let sqlite = try Sidecar.run(executable: sqlite3, arguments: [directory.database, pragma], input: [])
        try #require(sqlite.exitedNormally && sqlite.status == 0, "sqlite3 failed: \(sqlite.stderrText)")
        do {
            _ = try SQLiteJournal(directory: directory.path)
            Issue.record("\(pragma): opened")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test(
        "a version 1 database (made with the sqlite3 command) is migrated: its operations load, and rewind and replace are stored",
        .enabled(if: ExternalTool.sqlite3 != nil, "needs the sqlite3 command (Debian: apt-get install sqlite3)"))
    func migratesVersion1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sqlite3 = try #require(ExternalTool.sqlite3)
        let schema = """
            CREATE TABLE operations (id INTEGER PRIMARY KEY, session TEXT NOT NULL, sequence INTEGER NOT NULL CHECK (sequence >= 0),
                kind TEXT NOT NULL CHECK (kind IN ('open', 'submit', 'cancel', 'close', 'import')), params TEXT NOT NULL,
                time INTEGER NOT NULL, next_session_number INTEGER NOT NULL, UNIQUE (session, sequence));
            CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO operations (session, sequence, kind, params, time, next_session_number) VALUES ('s', 0, 'open', '{}', 5, 1);
            PRAGMA application_id = \(0x7473_6571); PRAGMA user_version = 1;
            """
        let made = try Sidecar.run(executable: sqlite3, arguments: [directory.database, schema], input: [])
        try #require(made.exitedNormally && made.status == 0, "sqlite3 failed: \(made.stderrText)")
        let journal = try SQLiteJournal(directory: directory.path)
        #expect(try journal.load().operations.map(\.kind) == [.open])
        try journal.record(JournalOperation(session: "s", sequence: 1, kind: .rewind, params: #"{"revision":0}"#, time: 6, nextSessionNumber: 1))
        try journal.record(JournalOperation(session: "s", sequence: 2, kind: .replace, params: #"{"items":[]}"#, time: 7, nextSessionNumber: 1))
        #expect(try journal.load().operations.map(\.kind) == [.open, .rewind, .replace])
    }

    // MARK: - What a killed process leaves behind

    /// Records `count` operations, noting the WAL's size after each commit, then copies the
    /// database and its WAL as they are while the journal is still open (as a SIGKILL leaves
    /// them).
    private static func killedJournal(count: Int) throws -> (directory: TemporaryDirectory, operations: [JournalOperation], walSizes: [Int], wal: Data) {
        let live = try TemporaryDirectory()
        defer { live.remove() }
        let journal = try SQLiteJournal(directory: live.path)
        func walSize() throws -> Int { (try FileManager.default.attributesOfItem(atPath: live.wal)[.size] as? Int) ?? 0 }
        var sizes = [try walSize()]
        var operations: [JournalOperation] = []
        for index in 0..<count {
            let next = index == 0 ? operation("s", 0, .open) : operation("s", index)
            try journal.record(next)
            operations.append(next)
            sizes.append(try walSize())
        }
        let copy = try TemporaryDirectory()
        try FileManager.default.removeItem(atPath: copy.path)
        try FileManager.default.copyItem(atPath: live.path, toPath: copy.path)
        let wal = try Data(contentsOf: URL(fileURLWithPath: copy.wal))
        withExtendedLifetime(journal) {}
        return (copy, operations, sizes, wal)
    }

    /// What a journal opened on `directory` after the WAL is replaced by `wal` loads.
    private static func load(_ directory: TemporaryDirectory, wal: Data) throws -> [JournalOperation] {
        try wal.write(to: URL(fileURLWithPath: directory.wal))
        let journal = try SQLiteJournal(directory: directory.path)
        let operations = try journal.load().operations
        return operations
    }

    @Test("the files a killed process leaves load every committed operation")
    func killedProcessFiles() throws {
        let killed = try SQLiteJournalTests.killedJournal(count: 20)
        defer { killed.directory.remove() }
        let loaded = try SQLiteJournalTests.load(killed.directory, wal: killed.wal)
        #expect(loaded.map(\.params) == killed.operations.map(\.params))
    }

    @Test("a WAL cut at any length (a write torn by the kill) loads exactly the operations committed within it")
    func tornWAL() throws {
        let killed = try SQLiteJournalTests.killedJournal(count: 12)
        defer { killed.directory.remove() }
        let database = try Data(contentsOf: URL(fileURLWithPath: killed.directory.database))
        var cuts = Set(killed.walSizes.flatMap { [$0 - 1, $0, $0 + 1, $0 + 24, $0 + 100] })
        var state: UInt64 = 0x7EA2  // a fixed LCG: the same cuts on every run
        for _ in 0..<60 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            cuts.insert(Int((state >> 33) % UInt64(killed.wal.count + 1)))
        }
        for cut in cuts.sorted() where cut >= 0 && cut <= killed.wal.count {
            try database.write(to: URL(fileURLWithPath: killed.directory.database))
            let loaded = try SQLiteJournalTests.load(killed.directory, wal: killed.wal.prefix(cut))
            let whole = killed.walSizes.dropFirst().filter { $0 <= cut }.count
            #expect(loaded == Array(killed.operations.prefix(whole)), "WAL cut at \(cut) of \(killed.wal.count)")
        }
    }

    @Test("a damaged byte in a commit's WAL frames drops that commit and those after it, never misreads one")
    func damagedWAL() throws {
        let killed = try SQLiteJournalTests.killedJournal(count: 10)
        defer { killed.directory.remove() }
        let database = try Data(contentsOf: URL(fileURLWithPath: killed.directory.database))
        for commit in 1..<killed.walSizes.count {
            let (start, end) = (killed.walSizes[commit - 1], killed.walSizes[commit])
            for offset in [start, start + 10, (start + end) / 2, end - 1] {
                var wal = killed.wal
                wal[offset] ^= 0x5A
                try database.write(to: URL(fileURLWithPath: killed.directory.database))
                let loaded = try SQLiteJournalTests.load(killed.directory, wal: wal)
                #expect(loaded == Array(killed.operations.prefix(commit - 1)), "byte \(offset) of commit \(commit) damaged")
            }
        }
    }

    // MARK: - With the server

    @Test("a server restored from a reopened journal answers exactly as the one that recorded it")
    func serverRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = [
            #"{"id":1,"method":"session/open","params":{"options":{"format":"chat"}}}"#,
            #"{"id":2,"method":"session/submit","params":{"session":"s1","items":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"message","role":"user","content":"later"}]}}"#,
            #"{"id":3,"method":"session/open","params":{"session":"gone"}}"#,
            #"{"id":4,"method":"session/close","params":{"session":"gone"}}"#,
            #"{"id":5,"method":"session/open","params":{"session":"t"}}"#,
            #"{"id":6,"method":"session/submit","params":{"session":"t","items":[{"type":"function_call_output","call_id":"x","output":"early"}]}}"#,
            #"{"id":7,"method":"session/cancel","params":{"session":"s1","reason":"timeout"}}"#,
        ]
        let queries = ["s1", "t"].flatMap { session in
            ["session/state", "session/messages", "session/export"].map { #"{"id":9,"method":"\#($0)","params":{"session":"\#(session)"}}"# }
        } + [#"{"id":9,"method":"session/state","params":{"session":"gone"}}"#]
        var original = Server()
        _ = try original.restore(from: SQLiteJournal(directory: directory.path))
        for (index, line) in lines.enumerated() { _ = original.handle(.line(Array(line.utf8)), at: UInt64(index) * 1_000_000) }
        let expected = queries.map { original.handle(.line(Array($0.utf8)), at: 10_000_000) }
        original = Server()  // drops the journal, and with it the lock
        var restored = Server()
        #expect(try restored.restore(from: SQLiteJournal(directory: directory.path)) == 2)
        let answers = queries.map { restored.handle(.line(Array($0.utf8)), at: 10_000_000) }
        for (answer, expected) in zip(answers, expected) {
            #expect(answer.map { String(decoding: $0, as: UTF8.self) } == expected.map { String(decoding: $0, as: UTF8.self) })
        }
        let opened = restored.handle(.line(Array(#"{"id":9,"method":"session/open"}"#.utf8)), at: 10_000_000)
        #expect(opened.map { String(decoding: $0, as: UTF8.self) } == #"{"jsonrpc":"2.0","id":9,"result":{"session":"s2"}}"#)
    }
}

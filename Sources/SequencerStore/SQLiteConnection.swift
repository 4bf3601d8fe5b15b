import CSQLite
import SequencerRPC

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SQLite connection behind ``SQLiteJournal``, with its prepared statements.
///
/// Owned by one ``SQLiteJournal`` and used only under its lock.
struct SQLiteConnection {
    /// The value of `PRAGMA application_id` in our databases: "tseq".
    static let applicationId: Int32 = 0x7473_6571
    /// The schema version this code writes and reads (`PRAGMA user_version`): 2 records
    /// `rewind` and `replace` operations too. A version 1 database is migrated when opened.
    static let schemaVersion: Int32 = 2

    private var database: OpaquePointer?
    private var statements: [Statement: OpaquePointer] = [:]
    /// Why writes are refused, once a `COMMIT` failed.
    private var broken: String?

    /// The SQL this connection runs, each prepared once.
    private enum Statement: String, CaseIterable {
        case begin = "BEGIN IMMEDIATE"
        case commit = "COMMIT"
        case rollback = "ROLLBACK"
        case insert = "INSERT INTO operations (session, sequence, kind, params, time, next_session_number) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        case deleteSession = "DELETE FROM operations WHERE session = ?1"
        case saveCounter = """
            INSERT INTO meta (key, value) VALUES ('nextSessionNumber', ?1)
            ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)
            """
        case selectOperations = "SELECT id, session, sequence, kind, params, time, next_session_number FROM operations ORDER BY id"
        case selectCounter = "SELECT value FROM meta WHERE key = 'nextSessionNumber'"
    }

    /// Opens or creates the database at `path`, sets it up, and takes its lock.
    ///
    /// A new database is created readable and writable by its owner only (0600), whatever the
    /// umask; SQLite gives its `-wal` (and `-shm`, `-journal`) files the database's mode.
    init(path: String) throws(JournalError) {
        try SQLiteConnection.createPrivately(path)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        database = handle
        guard status == SQLITE_OK else {
            let error = failure("cannot open '\(path)'", status: status)
            close()
            throw error
        }
        do {
            try setUp(path: path)
        } catch {
            close()
            throw error
        }
    }

    /// Sets the pragmas, checks the file is ours, creates the tables, and prepares statements.
    private mutating func setUp(path: String) throws(JournalError) {
        sqlite3_extended_result_codes(database, 1)
        // Exclusive locking before WAL: no shared-memory index, and the lock is never released.
        try execute("PRAGMA locking_mode = EXCLUSIVE")
        let mode = try integerOrText("PRAGMA journal_mode = WAL")
        guard mode.text?.lowercased() == "wal" else {
            throw JournalError("cannot put '\(path)' in WAL mode (journal_mode is \(mode.text ?? "unknown"))")
        }
        try execute("PRAGMA synchronous = FULL")
        let applicationId = try integerOrText("PRAGMA application_id").integer ?? 0
        let version = try integerOrText("PRAGMA user_version").integer ?? 0
        guard applicationId == 0 || applicationId == Int64(SQLiteConnection.applicationId) else {
            throw JournalError("'\(path)' is a SQLite database of another application (application_id \(applicationId))")
        }
        guard version <= Int64(SQLiteConnection.schemaVersion) else {
            throw JournalError("'\(path)' was written by a newer tool-sequencer (schema version \(version); this one reads \(SQLiteConnection.schemaVersion))")
        }
        if version == 1 {
            // Version 1's table checks the kinds it knew; SQLite cannot alter a CHECK, so the
            // table is rebuilt with the kinds of version 2, its rows copied, in one transaction.
            try execute("""
                BEGIN EXCLUSIVE;
                \(SQLiteConnection.operationsTable("operations_v2"));
                INSERT INTO operations_v2 (id, session, sequence, kind, params, time, next_session_number)
                    SELECT id, session, sequence, kind, params, time, next_session_number FROM operations;
                DROP TABLE operations;
                ALTER TABLE operations_v2 RENAME TO operations;
                PRAGMA user_version = \(SQLiteConnection.schemaVersion);
                COMMIT;
                """)
        }
        // BEGIN EXCLUSIVE takes the write lock, which locking_mode=EXCLUSIVE then keeps.
        try execute("""
            BEGIN EXCLUSIVE;
            \(SQLiteConnection.operationsTable("operations", ifNotExists: true));
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            PRAGMA application_id = \(SQLiteConnection.applicationId);
            PRAGMA user_version = \(SQLiteConnection.schemaVersion);
            COMMIT;
            """)
        for statement in Statement.allCases {
            var prepared: OpaquePointer?
            let status = sqlite3_prepare_v3(database, statement.rawValue, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
            guard status == SQLITE_OK, let prepared else { throw failure("cannot prepare \(statement)", status: status) }
            statements[statement] = prepared
        }
    }

    /// The `CREATE TABLE` statement of the operations table, named `name`.
    private static func operationsTable(_ name: String, ifNotExists: Bool = false) -> String {
        """
        CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(name) (
            id INTEGER PRIMARY KEY,
            session TEXT NOT NULL,
            sequence INTEGER NOT NULL CHECK (sequence >= 0),
            kind TEXT NOT NULL CHECK (kind IN ('open', 'submit', 'cancel', 'close', 'import', 'rewind', 'replace')),
            params TEXT NOT NULL,
            time INTEGER NOT NULL,
            next_session_number INTEGER NOT NULL,
            UNIQUE (session, sequence)
        )
        """
    }

    /// Creates an empty file at `path` with mode 0600 unless something is there already.
    ///
    /// SQLite would create it 0644 (its default, which it applies with `fchmod`, so the umask
    /// does not even narrow it); an empty file is a new database to SQLite, and the files it
    /// makes beside it copy this one's mode.
    private static func createPrivately(_ path: String) throws(JournalError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }
            throw JournalError("cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { closeDescriptor(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw JournalError("cannot make '\(path)' private (mode 0600): \(String(cString: strerror(errno)))")
        }
    }

    /// Finalizes the statements and closes the database.
    mutating func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let database { sqlite3_close_v2(database) }
        database = nil
    }

    // MARK: - Writing

    /// Stores one operation in one transaction; see ``SQLiteJournal`` for what a failure means.
    mutating func record(_ operation: JournalOperation) throws(JournalError) {
        if let broken {
            throw JournalError("the journal refuses writes since a commit failed (\(broken)); restart the sidecar to reload the state directory")
        }
        try run(.begin, context: "cannot begin a transaction")
        do {
            switch operation.kind {
            case .close:
                try run(.deleteSession, context: "cannot delete the operations of session \"\(operation.session)\"") { statement in
                    bind(text: operation.session, to: 1, of: statement)
                }
            case .open, .submit, .cancel, .import, .rewind, .replace:
                try run(.insert, context: "cannot insert \(operation.kind.rawValue) #\(operation.sequence) of session \"\(operation.session)\"") { statement in
                    bind(text: operation.session, to: 1, of: statement)
                    sqlite3_bind_int64(statement, 2, Int64(operation.sequence))
                    bind(text: operation.kind.rawValue, to: 3, of: statement)
                    bind(text: operation.params, to: 4, of: statement)
                    sqlite3_bind_int64(statement, 5, Int64(bitPattern: operation.time))
                    sqlite3_bind_int64(statement, 6, Int64(operation.nextSessionNumber))
                }
                if operation.kind == .open || operation.kind == .import {
                    try run(.saveCounter, context: "cannot save the session counter") { statement in
                        sqlite3_bind_int64(statement, 1, Int64(operation.nextSessionNumber))
                    }
                }
            }
        } catch {
            try? run(.rollback, context: "cannot roll back")
            throw error
        }
        do {
            try run(.commit, context: "cannot commit")
        } catch {
            // A full disk fails the append of the WAL frames, so the commit frame was never
            // written; any other failure here may have reached the disk (an fsync that failed).
            if let database, sqlite3_extended_errcode(database) & 0xff != SQLITE_FULL {
                broken = error.message
            }
            try? run(.rollback, context: "cannot roll back")
            throw error
        }
    }

    // MARK: - Reading

    /// Every stored operation, in recording order, and the session counter.
    func load() throws(JournalError) -> JournalContents {
        var operations: [JournalOperation] = []
        var unreadable: [UnreadableJournalRecord] = []
        try rows(.selectOperations) { statement throws(JournalError) in
            let id = sqlite3_column_int64(statement, 0)
            let kindText = text(column: 3, of: statement)
            guard let kind = JournalOperation.Kind(rawValue: kindText) else {
                unreadable.append(UnreadableJournalRecord(
                    session: text(column: 1, of: statement), sequence: Int(sqlite3_column_int64(statement, 2)),
                    reason: "row \(id) of the operations table has the unknown kind '\(kindText)'"))
                return
            }
            operations.append(JournalOperation(
                session: text(column: 1, of: statement),
                sequence: Int(sqlite3_column_int64(statement, 2)),
                kind: kind,
                params: text(column: 4, of: statement),
                time: UInt64(bitPattern: sqlite3_column_int64(statement, 5)),
                nextSessionNumber: Int(sqlite3_column_int64(statement, 6))))
        }
        var counter = operations.map(\.nextSessionNumber).max() ?? 1
        try rows(.selectCounter) { statement throws(JournalError) in
            counter = max(counter, Int(sqlite3_column_int64(statement, 0)))
        }
        return JournalContents(operations: operations, nextSessionNumber: counter, unreadable: unreadable)
    }

    // MARK: - Setting records aside

    /// Moves the records of `session` from `sequence` on into `set_aside`, in one transaction.
    mutating func setAside(session: String, fromSequence sequence: Int, reason: String) throws(JournalError) {
        if let broken {
            throw JournalError("the journal refuses writes since a commit failed (\(broken)); restart the sidecar to reload the state directory")
        }
        try execute("""
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS set_aside (
                id INTEGER PRIMARY KEY,
                operation_id INTEGER NOT NULL,
                session TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                kind TEXT NOT NULL,
                params TEXT NOT NULL,
                time INTEGER NOT NULL,
                next_session_number INTEGER NOT NULL,
                reason TEXT NOT NULL
            );
            """)
        let context = "cannot set aside the records of session \"\(session)\" from #\(sequence)"
        for sql in [
            """
            INSERT INTO set_aside (operation_id, session, sequence, kind, params, time, next_session_number, reason)
            SELECT id, session, sequence, kind, params, time, next_session_number, ?3 FROM operations
            WHERE session = ?1 AND sequence >= ?2 ORDER BY id
            """,
            "DELETE FROM operations WHERE session = ?1 AND sequence >= ?2",
        ] {
            var prepared: OpaquePointer?
            var status = sqlite3_prepare_v2(database, sql, -1, &prepared, nil)
            if status == SQLITE_OK, let prepared {
                bind(text: session, to: 1, of: prepared)
                sqlite3_bind_int64(prepared, 2, Int64(sequence))
                if sqlite3_bind_parameter_count(prepared) >= 3 { bind(text: reason, to: 3, of: prepared) }
                status = sqlite3_step(prepared)
                sqlite3_finalize(prepared)
                if status == SQLITE_DONE { continue }
            }
            let error = failure(context, status: status)
            try? run(.rollback, context: "cannot roll back")
            throw error
        }
        try execute("COMMIT")
    }

    // MARK: - SQLite plumbing

    /// Runs a statement that returns no rows, after `bind` binds its parameters.
    private func run(_ statement: Statement, context: String, bind: (OpaquePointer) -> Void = { _ in }) throws(JournalError) {
        guard let prepared = statements[statement] else { throw JournalError("\(context): the statement is not prepared") }
        defer {
            sqlite3_reset(prepared)
            sqlite3_clear_bindings(prepared)
        }
        bind(prepared)
        let status = sqlite3_step(prepared)
        guard status == SQLITE_DONE else { throw failure(context, status: status) }
    }

    /// Runs a query and calls `row` for each row.
    private func rows(_ statement: Statement, _ row: (OpaquePointer) throws(JournalError) -> Void) throws(JournalError) {
        guard let prepared = statements[statement] else { throw JournalError("cannot read: the statement is not prepared") }
        defer { sqlite3_reset(prepared) }
        while true {
            let status = sqlite3_step(prepared)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure("cannot read the journal", status: status) }
            try row(prepared)
        }
    }

    /// Runs SQL text (one or more statements) that returns nothing of interest.
    private func execute(_ sql: String) throws(JournalError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(database, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard status == SQLITE_OK else {
            _ = sqlite3_exec(database, "ROLLBACK", nil, nil, nil)
            throw failure("cannot run '\(sql.split(separator: "\n").first ?? "")'", status: status)
        }
    }

    /// The first column of the first row of `sql`, as an integer or as text.
    private func integerOrText(_ sql: String) throws(JournalError) -> (integer: Int64?, text: String?) {
        var prepared: OpaquePointer?
        let status = sqlite3_prepare_v2(database, sql, -1, &prepared, nil)
        guard status == SQLITE_OK, let prepared else { throw failure("cannot run '\(sql)'", status: status) }
        defer { sqlite3_finalize(prepared) }
        let step = sqlite3_step(prepared)
        guard step == SQLITE_ROW else {
            if step == SQLITE_DONE { return (nil, nil) }
            throw failure("cannot run '\(sql)'", status: step)
        }
        if sqlite3_column_type(prepared, 0) == SQLITE_INTEGER { return (sqlite3_column_int64(prepared, 0), nil) }
        return (nil, text(column: 0, of: prepared))
    }

    /// An error naming `context`, SQLite's message and its (extended) result code.
    private func failure(_ context: String, status: Int32) -> JournalError {
        var message = String(cString: sqlite3_errstr(status))
        if let database, let text = sqlite3_errmsg(database) { message = String(cString: text) }
        let code = database.map { sqlite3_extended_errcode($0) } ?? status
        let hint = code & 0xff == SQLITE_BUSY ? "; is another tool-sequencer using this state directory?" : ""
        return JournalError("\(context): \(message) (SQLite error \(code))\(hint)")
    }
}

/// Binds UTF-8 text; SQLite copies it.
private func bind(text: String, to index: Int32, of statement: OpaquePointer) {
    var text = text
    text.withUTF8 { bytes in
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            _ = sqlite3_bind_text64(statement, index, "", 0, sqliteTransient, UInt8(SQLITE_UTF8))
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
            _ = sqlite3_bind_text64(statement, index, characters, UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
        }
    }
}

/// A column's text (empty for NULL).
private func text(column: Int32, of statement: OpaquePointer) -> String {
    guard let bytes = sqlite3_column_text(statement, column) else { return "" }
    let count = Int(sqlite3_column_bytes(statement, column))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
}

/// `SQLITE_TRANSIENT`, which C spells as a cast of -1 that Swift does not import.
private var sqliteTransient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

/// `close(2)`, named apart from ``SQLiteConnection/close()``.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

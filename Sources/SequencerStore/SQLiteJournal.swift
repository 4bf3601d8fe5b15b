import SequencerRPC
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``SessionJournal`` in a SQLite database: `DIR/sessions.sqlite3` for `--state-dir DIR`.
///
/// Storage:
/// - one table of operations (`id` in recording order, `session`, `sequence`, `kind`, `params`
///   as the JSON text accepted, `time`, `next_session_number`), unique by session and
///   sequence, and a table `meta` keeping the counter of made session ids once the sessions
///   that recorded it are closed;
/// - WAL mode with `synchronous=FULL`: a commit returns only once its WAL frames are synced;
/// - `locking_mode=EXCLUSIVE`: the process holds the database's lock from ``init(directory:)``
///   until it exits, so a second sidecar on the same directory is refused at start rather than
///   serving a diverging copy of the sessions; no shared-memory file is used.
///
/// Records that cannot be replayed at start-up are moved to a table `set_aside` (the same
/// columns, the row's former `id` as `operation_id`, and `reason`) by ``setAside(session:fromSequence:reason:)``:
/// kept for a person to look at, never replayed.
///
/// Each ``record(_:)`` is one transaction (`BEGIN IMMEDIATE` … `COMMIT`): an insert, plus for
/// `open` and `import` the counter; for `close`, the deletion of the session's operations. A
/// process killed mid-write leaves WAL frames without a valid commit frame (SQLite checksums
/// every frame and only replays frames up to the last complete commit), so a torn last record
/// is dropped when the database is opened again, never read in part.
///
/// Failures: an error before `COMMIT`, or a full disk at `COMMIT`, rolls the transaction back,
/// and nothing was stored; the journal goes on. Any other error at `COMMIT` (a failed write or
/// fsync of the WAL) leaves it unknown whether the record reached the disk, so the journal
/// then refuses every later write, each answered as a storage failure, until the sidecar is
/// restarted and reloads what is really on disk.
///
/// Thread-safe: every use of the connection is serialized by a lock.
public final class SQLiteJournal: SessionJournal {
    /// The database's file name inside the state directory.
    public static let fileName = "sessions.sqlite3"

    /// The database file.
    public let path: String
    private let connection: Mutex<SQLiteConnection>

    /// Opens (or creates) the journal in `directory`, creating the directory if needed, and
    /// takes the database's lock for as long as this object lives.
    /// - Throws: ``JournalError`` when the directory or the database cannot be used: it is not a
    ///   directory, it is not writable, the file is not a tool-sequencer database (or is one
    ///   from a newer version), or another process holds it.
    public init(directory: String) throws(JournalError) {
        try SQLiteJournal.makeDirectory(directory)
        path = directory.hasSuffix("/") ? directory + SQLiteJournal.fileName : directory + "/" + SQLiteJournal.fileName
        connection = Mutex(try SQLiteConnection(path: path))
    }

    deinit {
        connection.withLock { $0.close() }
    }

    /// Writes `operation` in one transaction and returns once it is synced to disk.
    public func record(_ operation: JournalOperation) throws(JournalError) {
        try connection.withLock { (connection) throws(JournalError) in try connection.record(operation) }
    }

    /// Every operation committed so far, in order; a torn last record is never among them.
    public func load() throws(JournalError) -> JournalContents {
        try connection.withLock { (connection) throws(JournalError) in try connection.load() }
    }

    /// Moves the session's records from `sequence` on into the table `set_aside` (created when
    /// first needed, in the same file), with `reason`, in one transaction synced to disk.
    public func setAside(session: String, fromSequence sequence: Int, reason: String) throws(JournalError) {
        try connection.withLock { (connection) throws(JournalError) in
            try connection.setAside(session: session, fromSequence: sequence, reason: reason)
        }
    }

    /// Creates `directory` (mode 0700) unless it exists, and syncs its parent so that the new
    /// entry survives a power loss.
    private static func makeDirectory(_ directory: String) throws(JournalError) {
        guard !directory.isEmpty else { throw JournalError("the state directory must not be an empty path") }
        var status = stat()
        if stat(directory, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw JournalError("'\(directory)' exists and is not a directory") }
            return
        }
        if mkdir(directory, 0o700) == 0 {
            // The umask may have taken bits off 0700; the directory is its owner's alone.
            _ = chmod(directory, 0o700)
        } else if errno != EEXIST {
            throw JournalError("cannot create the directory '\(directory)': \(String(cString: strerror(errno)))")
        }
        var parent = directory
        while parent.count > 1 && parent.hasSuffix("/") { parent.removeLast() }
        if let slash = parent.lastIndex(of: "/") {
            parent = slash == parent.startIndex ? "/" : String(parent[..<slash])
        } else {
            parent = "."
        }
        let descriptor = open(parent, O_RDONLY | O_DIRECTORY)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            _ = close(descriptor)
        }
    }
}

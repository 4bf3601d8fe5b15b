/// Durable storage for the state-changing requests of every session, so that a restarted
/// server can have its sessions back (`--state-dir`).
///
/// The server calls ``record(_:)`` for each accepted `session/open`, `session/submit`,
/// `session/cancel`, `session/close` and `session/import`, after checking the request and
/// before applying it, and answers the request only once ``record(_:)`` has returned. Applying
/// a checked request cannot fail, so what is in memory and what is stored never disagree: an
/// operation that was recorded is applied, and one whose recording failed is neither applied
/// nor stored (the request is answered with error -31010). ``Server/restore(from:)`` replays
/// what ``load()`` returns through the same code, at the recorded times, to rebuild the
/// sessions exactly.
///
/// The protocol knows nothing of files: `SequencerStore` implements it on SQLite, and tests
/// implement it in memory.
///
/// Guarantees an implementation must give:
/// - ``record(_:)`` returns only once the operation would survive the process being killed
///   (and, for a durable store, the machine losing power); when it throws, the operation is
///   not stored, or the journal refuses every later write until it is loaded again, so that
///   no later operation is stored on top of one the server did not apply.
/// - Each operation is stored whole or not at all: a write cut short is never loaded.
/// - After a `close` is recorded, ``load()`` returns none of that session's operations; the
///   session id may then be opened again, starting again at sequence number 0.
/// - ``load()`` returns the operations of the sessions still open, in the order they were
///   recorded, and the largest ``JournalOperation/nextSessionNumber`` recorded.
public protocol SessionJournal: Sendable {
    /// Stores `operation` durably; returns once it is stored.
    /// - Throws: ``JournalError`` naming the storage failure; the operation is then not applied.
    func record(_ operation: JournalOperation) throws(JournalError)

    /// Everything needed to rebuild the open sessions.
    /// - Throws: ``JournalError`` when the storage cannot be read.
    func load() throws(JournalError) -> JournalContents

    /// Moves the records of `session` from sequence number `sequence` on (readable or not) out
    /// of the operations ``load()`` returns, into storage of their own kept beside them, with
    /// `reason`; in one step, durably, like ``record(_:)``.
    ///
    /// ``Server/restore(from:)`` calls it for a session whose record at `sequence` cannot be
    /// replayed: the session is restored up to that record, and its next operation is recorded
    /// at `sequence` again. The records are kept, not deleted, for a person to look at.
    /// - Throws: ``JournalError`` when the storage cannot be written; nothing is moved then.
    func setAside(session: String, fromSequence sequence: Int, reason: String) throws(JournalError)
}

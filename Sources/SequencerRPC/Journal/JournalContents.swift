/// What a ``SessionJournal`` holds: enough to rebuild every open session.
public struct JournalContents: Sendable, Equatable {
    /// The operations of the sessions still open, in the order they were recorded.
    public var operations: [JournalOperation]
    /// The largest ``JournalOperation/nextSessionNumber`` ever recorded (1 when none was), so
    /// that a restarted server never makes an id it made before.
    public var nextSessionNumber: Int
    /// The records that could not be read as operations; ``Server/restore(from:)`` sets each
    /// aside with its session's later records.
    public var unreadable: [UnreadableJournalRecord]

    /// Contents with every field given.
    public init(operations: [JournalOperation], nextSessionNumber: Int, unreadable: [UnreadableJournalRecord] = []) {
        self.operations = operations
        self.nextSessionNumber = nextSessionNumber
        self.unreadable = unreadable
    }
}

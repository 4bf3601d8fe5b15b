/// What a ``SessionJournal`` holds: enough to rebuild every open session.
public struct JournalContents: Sendable, Equatable {
    /// The operations of the sessions still open, in the order they were recorded.
    public var operations: [JournalOperation]
    /// The largest ``JournalOperation/nextSessionNumber`` ever recorded (1 when none was), so
    /// that a restarted server never makes an id it made before.
    public var nextSessionNumber: Int

    /// Contents with every field given.
    public init(operations: [JournalOperation], nextSessionNumber: Int) {
        self.operations = operations
        self.nextSessionNumber = nextSessionNumber
    }
}

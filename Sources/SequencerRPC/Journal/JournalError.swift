/// A failure of a ``SessionJournal``, or of restoring the sessions it holds.
public struct JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, in one sentence (for SQLite, with its error text and code).
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// A record a ``SessionJournal`` holds but cannot read as a ``JournalOperation`` (its kind is
/// not one this version knows): restoring sets it aside, with its session's later records.
public struct UnreadableJournalRecord: Sendable, Equatable {
    /// The session it belongs to.
    public var session: String
    /// Its place in that session.
    public var sequence: Int
    /// Why it cannot be read, in one sentence.
    public var reason: String

    /// A record with every field given.
    public init(session: String, sequence: Int, reason: String) {
        self.session = session
        self.sequence = sequence
        self.reason = reason
    }
}

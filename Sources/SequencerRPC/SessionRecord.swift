import SequencerCore

/// A session the server keeps, with what the protocol adds to the core's ``Session``.
struct SessionRecord: Sendable {
    /// The sequencing state.
    var session: Session
    /// The format `session/messages` uses when the request names none.
    var format: Format
    /// How many items were reported back so far.
    var reportedCount = 0
    /// When the session was opened (server clock, nanoseconds).
    let openedAt: UInt64
}

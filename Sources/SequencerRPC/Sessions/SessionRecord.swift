import SequencerCore

/// A session the server keeps, with what the protocol adds to the core's ``Session``.
struct SessionRecord: Sendable {
    /// The sequencing state.
    var session: Session
    /// The format `session/messages` uses when the request names none.
    var format: Format
    /// How many items were reported back so far.
    var reportedCount = 0
    /// The bytes of every item submitted so far, as compact JSON (see `--max-session-bytes`).
    var bytes = 0
    /// When the session was opened (the session's clock, nanoseconds).
    let openedAt: UInt64
    /// What to add (wrapping) to the server's clock to read the session's: 0, except for an
    /// imported session, which goes on from the time it was exported at.
    var clockOffset: UInt64 = 0
    /// The requests that made the session, in order, for `session/export`.
    var operations: [Operation] = []
    /// The sequence number of the session's next journaled operation.
    var nextSequence = 1
    /// When restoring the journal set some of this session's records aside: how many, and why
    /// the first could not be replayed. `nil` for a session restored whole (or never restored).
    var restoreNote: RestoreNote?

    /// Records of a session set aside at start-up (see ``Server/restore(from:)``).
    struct RestoreNote: Sendable, Equatable, WireObject {
        /// How many records were set aside: the first that failed and the session's later ones.
        var setAside: Int
        /// Why the first could not be replayed.
        var error: String

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("setAside", setAside)
            encoder.member("error", error)
        }
    }
}

import SequencerCore

/// What a `session/submit` did to the session, and where it now stands; also the tail of the
/// `session/cancel` result.
struct SessionProgress: WireObject {
    /// The session's revision after the request.
    var revision: Int
    /// The session's epoch (how many times its history was rewritten).
    var epoch: Int
    /// How many items the request committed.
    var committed: Int
    /// The calls still waiting for their output.
    var pending: [String]
    /// How many items are held.
    var held: Int
    /// How many outputs arrived before their calls.
    var early: Int
    /// The items reported back, not sequenced.
    var reported: [JSONValue]
    /// The repairs the request made.
    var repairs: [JSONValue]
    /// What was taken but is worth saying (`session/submit` only: `nil` leaves the member out).
    var warnings: [JSONValue]?

    /// The progress of a request that committed `committed` items to `session`.
    init(_ session: Session, committed: Int, reported: [JSONValue], repairs: [JSONValue], warnings: [JSONValue]? = nil) {
        revision = session.revision
        epoch = session.epoch
        self.warnings = warnings
        self.committed = committed
        pending = session.pendingCallIds
        held = session.heldCount
        early = session.earlyCount
        self.reported = reported
        self.repairs = repairs
    }

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("revision", revision)
        encoder.member("epoch", epoch)
        encoder.member("committed", committed)
        encoder.member("pending", pending)
        encoder.member("held", held)
        encoder.member("early", early)
        encoder.member("reported", reported)
        encoder.member("repairs", repairs)
        if let warnings { encoder.member("warnings", warnings) }
    }
}

import SequencerCore

/// The result of `session/close`: what the session still had that will now never be sent.
struct SessionCloseResult: WireObject {
    var orphans: [JSONValue]
    var pending: [String]
    var held: [JSONValue]

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("orphans", orphans)
        encoder.member("pending", pending)
        encoder.member("held", held)
    }
}

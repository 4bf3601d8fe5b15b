import SequencerCore

/// The result of `session/rewind`: where the session now stands, and what was discarded.
struct SessionRewindResult: WireObject {
    var revision: Int
    var epoch: Int
    var discarded: Discarded

    /// What the rewind discarded.
    struct Discarded: WireObject {
        /// How many committed items.
        var committed: Int
        /// The calls that were pending.
        var pending: [String]
        /// How many held items.
        var held: Int
        /// How many early outputs.
        var early: Int

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("committed", committed)
            encoder.member("pending", pending)
            encoder.member("held", held)
            encoder.member("early", early)
        }
    }

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("revision", revision)
        encoder.member("epoch", epoch)
        encoder.member("discarded", discarded)
    }
}

/// The result of `session/replace`: where the session now stands, and what the one-shot rules
/// changed in the replacement.
struct SessionReplaceResult: WireObject {
    var revision: Int
    var epoch: Int
    var repairs: [JSONValue]
    var warnings: [JSONValue]

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("revision", revision)
        encoder.member("epoch", epoch)
        encoder.member("repairs", repairs)
        encoder.member("warnings", warnings)
    }
}

import SequencerCore

/// The result of `session/state`: everything the session holds, for a host to inspect.
struct SessionStateResult: WireObject {
    /// The open batch: its model items, its calls, the outputs that arrived.
    struct Batch: WireObject {
        var ageMs: Int
        var items: [JSONValue]
        var calls: [Call]
        var outputs: [JSONValue]

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("ageMs", ageMs)
            encoder.member("items", items)
            encoder.member("calls", calls)
            encoder.member("outputs", outputs)
        }
    }

    /// One call of the open batch.
    struct Call: WireObject {
        var callId: String
        var kind: String
        var name: String?
        var ageMs: Int
        var hasOutput: Bool

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("callId", callId)
            encoder.member("kind", kind)
            encoder.member("name", name)
            encoder.member("ageMs", ageMs)
            encoder.member("hasOutput", hasOutput)
        }
    }

    /// An item waiting (held, or an early output), and for how long.
    struct Waiting: WireObject {
        var item: JSONValue
        var ageMs: Int

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("item", item)
            encoder.member("ageMs", ageMs)
        }
    }

    /// How many items went where.
    struct Counts: WireObject {
        var submitted: Int
        var committed: Int
        var pending: Int
        var held: Int
        var early: Int
        var reported: Int

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("submitted", submitted)
            encoder.member("committed", committed)
            encoder.member("pending", pending)
            encoder.member("held", held)
            encoder.member("early", early)
            encoder.member("reported", reported)
        }
    }

    var session: String
    var revision: Int
    var epoch: Int
    var format: String
    var batch: Batch?
    var pending: [String]
    var held: [Waiting]
    var early: [Waiting]
    var timeline: JSONValue
    var counts: Counts
    /// When restoring set some of the session's records aside; written only then.
    var restore: SessionRecord.RestoreNote?

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("session", session)
        encoder.member("revision", revision)
        encoder.member("epoch", epoch)
        encoder.member("format", format)
        encoder.member("batch", batch)
        encoder.member("pending", pending)
        encoder.member("held", held)
        encoder.member("early", early)
        encoder.member("timeline", timeline)
        encoder.member("counts", counts)
        if let restore { encoder.member("restore", restore) }
    }
}

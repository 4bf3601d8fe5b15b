import SequencerCore

/// The result of `sequence`: the sequenced array in the requested format, and the repairs made.
struct SequenceResult: WireObject {
    var messages: RenderedItems<[Item]>
    var repairs: [JSONValue]
    /// Each unknown item type, once.
    var warnings: [JSONValue]

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("messages", messages)
        encoder.member("repairs", repairs)
        encoder.member("warnings", warnings)
        encoder.member("notes", messages.notes.map(\.json))
    }
}

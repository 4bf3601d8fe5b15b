import SequencerCore

/// The result of `sequence`: the sequenced array in the requested format, and the repairs made.
struct SequenceResult: WireObject {
    var messages: RenderedItems<[Item]>
    var repairs: [JSONValue]

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("messages", messages)
        encoder.member("repairs", repairs)
    }
}

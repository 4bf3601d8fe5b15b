import SequencerCore

/// The result of `session/messages`: the committed array (from `since`) in a format.
struct SessionMessagesResult: WireObject {
    var revision: Int
    var messages: RenderedItems<ArraySlice<Item>>
    var pending: [String]
    var held: Int

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("revision", revision)
        encoder.member("messages", messages)
        encoder.member("pending", pending)
        encoder.member("held", held)
    }
}

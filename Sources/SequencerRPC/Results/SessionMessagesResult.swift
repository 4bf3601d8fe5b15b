import SequencerCore

/// The result of `session/messages`: the committed array (from `since`) in a format.
struct SessionMessagesResult: WireObject {
    var revision: Int
    var epoch: Int
    /// Whether the host's copy is from another epoch: `messages` is then the whole array.
    var reset: Bool
    var messages: RenderedItems<ArraySlice<Item>>
    var pending: [String]
    var held: Int

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("revision", revision)
        encoder.member("epoch", epoch)
        encoder.member("reset", reset)
        encoder.member("messages", messages)
        encoder.member("pending", pending)
        encoder.member("held", held)
        encoder.member("notes", messages.notes.map(\.json))
    }
}

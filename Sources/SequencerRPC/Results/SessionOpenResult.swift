/// The result of `session/open`: the id of the session opened.
struct SessionOpenResult: WireObject {
    var session: String

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("session", session)
    }
}

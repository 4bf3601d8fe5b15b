/// The result of `session/import`: the id of the session rebuilt and its revision.
struct SessionImportResult: WireObject {
    var session: String
    var revision: Int
    var epoch: Int

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("session", session)
        encoder.member("revision", revision)
        encoder.member("epoch", epoch)
    }
}

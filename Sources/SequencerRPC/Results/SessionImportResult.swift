/// The result of `session/import`: the id of the session rebuilt and its revision.
struct SessionImportResult: WireObject {
    var session: String
    var revision: Int

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("session", session)
        encoder.member("revision", revision)
    }
}

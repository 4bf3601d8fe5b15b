/// The result of `session/export`: the session's whole state, as the operations that made it.
struct SessionExportResult: WireObject {
    var version: Int
    var session: String
    var format: String
    var revision: Int
    var exportedAt: Nanoseconds
    var operations: [SessionRecord.Operation]

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("version", version)
        encoder.member("session", session)
        encoder.member("format", format)
        encoder.member("revision", revision)
        encoder.member("exportedAt", exportedAt)
        encoder.member("operations", operations)
    }
}

import SequencerCore

// MARK: - The operation log behind session/export

extension SessionRecord {
    /// One request that changed the session, as `session/export` lists it and
    /// `session/import` replays it.
    struct Operation: Sendable, Equatable, WireObject {
        /// `open`, `submit` or `cancel`.
        var kind: JournalOperation.Kind
        /// The request's params as accepted, without `session` (the session is implied), as
        /// compact JSON in a buffer of their own: never the request line they came in, which
        /// may hold much more (members of the request object the server ignores).
        var params: CompactJSON
        /// When it was applied, on the session's clock (nanoseconds).
        var time: UInt64

        /// The operation of kind `kind` with `params` (copied), applied at `time`.
        init(kind: JournalOperation.Kind, params: JSONObject, time: UInt64) {
            self.kind = kind
            var params = params
            params["session"] = nil
            let value = JSONValue.object(params)
            var writer = JSONWriter(capacity: value.serializedCount)
            writer.write(value)
            self.params = CompactJSON(bytes: writer.bytes)
            self.time = time
        }

        /// `{"kind", "time", "params"}`.
        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("kind", kind.rawValue)
            encoder.member("time", Nanoseconds(value: time))
            encoder.member("params", params)
        }
    }
}

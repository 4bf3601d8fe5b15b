import SequencerCore

// MARK: - The operation log behind session/export

extension SessionRecord {
    /// One request that changed the session, as `session/export` lists it and
    /// `session/import` replays it.
    struct Operation: Sendable, Equatable, WireObject {
        /// `open`, `submit` or `cancel`.
        var kind: JournalOperation.Kind
        /// The request's params as accepted. A `session` member is left out of ``json`` (the
        /// session is implied), not removed here: that would copy every submit's params.
        var params: JSONObject
        /// When it was applied, on the session's clock (nanoseconds).
        var time: UInt64

        /// `{"kind", "time", "params"}`.
        func encodeMembers(to encoder: inout WireEncoder) {
            var params = self.params
            params["session"] = nil
            encoder.member("kind", kind.rawValue)
            encoder.member("time", Nanoseconds(value: time))
            encoder.member("params", JSONValue.object(params))
        }
    }
}

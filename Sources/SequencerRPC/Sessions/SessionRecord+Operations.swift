import SequencerCore

// MARK: - The operation log behind session/export

extension SessionRecord {
    /// One request that changed the session, as `session/export` lists it and
    /// `session/import` replays it.
    struct Operation: Sendable, Equatable {
        /// `open`, `submit` or `cancel`.
        var kind: JournalOperation.Kind
        /// The request's params as accepted. A `session` member is left out of ``json`` (the
        /// session is implied), not removed here: that would copy every submit's params.
        var params: JSONObject
        /// When it was applied, on the session's clock (nanoseconds).
        var time: UInt64

        /// `{"kind", "time", "params"}`.
        var json: JSONValue {
            var params = self.params
            params["session"] = nil
            return ["kind": .text(kind.rawValue), "time": .time(time), "params": .object(params)]
        }
    }
}

extension JSONValue {
    /// A number value for a time in nanoseconds (which may exceed `Int.max`).
    static func time(_ nanoseconds: UInt64) -> JSONValue { .number(JSONNumber(validatedText: String(nanoseconds))) }
}

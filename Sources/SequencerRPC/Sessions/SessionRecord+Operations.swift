import SequencerCore

// MARK: - The operation log behind session/export

extension SessionRecord {
    /// One request that changed the session, as `session/export` lists it and
    /// `session/import` replays it.
    struct Operation: Sendable, Equatable, WireObject {
        /// `open`, `submit` or `cancel`.
        var kind: JournalOperation.Kind
        /// The request's params as accepted, without `session` (the session is implied).
        var params: StoredParams
        /// When it was applied, on the session's clock (nanoseconds).
        var time: UInt64

        /// The operation of kind `kind` with `params`, applied at `time`.
        init(kind: JournalOperation.Kind, params: JSONObject, time: UInt64) {
            self.kind = kind
            var params = params
            params["session"] = nil
            self.params = StoredParams(params)
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

extension SessionRecord {
    /// An operation's params, kept so that what they retain is what is counted.
    ///
    /// Params are strict, so they hold little beyond the items the session counts; but the
    /// request line they were parsed from may hold more (members of the request object the
    /// server ignores). Params whose line is at most twice their own size plus 4 KiB keep sharing
    /// it, as the session's items do (no second copy of a submit's items); others are copied to a
    /// compact buffer of their own.
    enum StoredParams: Sendable, Equatable, WireValue {
        /// The parsed params, sharing the request line.
        case shared(JSONObject)
        /// Compact JSON in a buffer of its own.
        case copied(CompactJSON)

        init(_ params: JSONObject) {
            let size = JSONValue.object(params).serializedCount
            let line = params.retainedStorageCount
            if line <= 2 * size + Session.retainSlack {
                self = .shared(params)
            } else {
                var writer = JSONWriter(capacity: size)
                writer.write(params)
                self = .copied(CompactJSON(bytes: writer.bytes))
            }
        }

        func encode(to encoder: inout WireEncoder) {
            switch self {
            case .shared(let object): encoder.writer.write(object)
            case .copied(let json): json.encode(to: &encoder)
            }
        }
    }
}

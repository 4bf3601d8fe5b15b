import SequencerCore

// MARK: - The operation log behind session/export

extension SessionRecord {
    /// One request that changed the session, as `session/export` lists it and
    /// `session/import` replays it.
    struct Operation: Sendable, Equatable, WireObject {
        /// `open`, `submit` or `cancel`.
        var kind: JournalOperation.Kind
        /// The request's params as accepted; `session` is left out when they are written (the
        /// session is implied).
        var params: StoredParams
        /// When it was applied, on the session's clock (nanoseconds).
        var time: UInt64

        /// The operation of kind `kind` with `params`, applied at `time`.
        init(kind: JournalOperation.Kind, params: JSONObject, time: UInt64) {
            self.kind = kind
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
    /// An operation's params, kept so that what they retain is what is counted, and written
    /// without their `session` member.
    ///
    /// Params are strict, so they hold little beyond the items the session counts; but the
    /// request line they were parsed from may hold more (members of the request object the
    /// server ignores). Params whose line is at most twice their own size plus 4 KiB keep sharing
    /// it, as the session's items do (no second copy of a submit's items); others are copied to a
    /// compact buffer of their own.
    enum StoredParams: Sendable, Equatable, WireValue {
        /// The parsed params as they came, sharing the request line: `session` is left out only
        /// when they are written, which is rare (`session/export`), not on every request.
        case shared(JSONObject)
        /// Compact JSON in a buffer of its own, without `session`.
        case copied(CompactJSON)

        init(_ params: JSONObject) {
            let size = JSONValue.object(params).serializedCount
            let line = params.retainedStorageCount
            if line <= 2 * size + Session.retainSlack {
                self = .shared(params)
            } else {
                var writer = JSONWriter(capacity: size)
                writer.write(StoredParams.withoutSession(params))
                self = .copied(CompactJSON(bytes: writer.bytes))
            }
        }

        private static func withoutSession(_ params: JSONObject) -> JSONObject {
            var params = params
            params["session"] = nil
            return params
        }

        /// The text `session/export` lists.
        var text: [UInt8] {
            switch self {
            case .shared(let object):
                var writer = JSONWriter()
                writer.write(StoredParams.withoutSession(object))
                return writer.bytes
            case .copied(let json): return json.bytes
            }
        }

        /// Equal when they write the same text.
        static func == (lhs: StoredParams, rhs: StoredParams) -> Bool {
            lhs.text == rhs.text
        }

        func encode(to encoder: inout WireEncoder) {
            switch self {
            case .shared(let object): encoder.writer.write(StoredParams.withoutSession(object))
            case .copied(let json): json.encode(to: &encoder)
            }
        }
    }
}

/// One accepted, state-changing request of one session, as a ``SessionJournal`` stores it.
public struct JournalOperation: Sendable, Equatable {
    /// What the request was.
    public enum Kind: String, Sendable, CaseIterable {
        /// `session/open`.
        case open
        /// `session/submit`.
        case submit
        /// `session/cancel`.
        case cancel
        /// `session/close`: the session is gone, with all its operations.
        case close
        /// `session/import`: `params` holds the whole exported session.
        case `import`
        /// `session/rewind`.
        case rewind
        /// `session/replace`.
        case replace
    }

    /// The session's id (for `session/open` without an id, the one the server made).
    public var session: String
    /// The operation's place in its session: 0 for the `open` or `import` that began it, then
    /// 1, 2, … with no gap.
    public var sequence: Int
    /// What the request was.
    public var kind: Kind
    /// The request's params as JSON text: the params as accepted, written back compactly
    /// (member order, strings and numbers exactly as they came; `{}` when there were none).
    public var params: String
    /// When the request arrived, on the server's clock (nanoseconds).
    public var time: UInt64
    /// The number the server will use for the next id it makes (`s<n>`), after this operation.
    public var nextSessionNumber: Int

    /// An operation with every field given.
    public init(session: String, sequence: Int, kind: Kind, params: String, time: UInt64, nextSessionNumber: Int) {
        self.session = session
        self.sequence = sequence
        self.kind = kind
        self.params = params
        self.time = time
        self.nextSessionNumber = nextSessionNumber
    }
}

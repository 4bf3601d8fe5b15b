import SequencerCore

extension Server {
    /// `session/rewind`: goes back to a commit boundary of the session, discarding what came
    /// after it and everything waiting (see ``Session/rewind(to:)``).
    ///
    /// A revision that is not a commit boundary at or before the session's revision is `-32602`,
    /// naming the nearest boundaries; the request is applied to a copy first, so nothing refused
    /// is recorded.
    mutating func rewind(_ params: Params) throws(ServerError) -> SessionRewindResult {
        let id = try requireSession(params)
        guard let revision = try params.nonNegativeInt("revision") else { throw .missingParam(path: params.path("revision")) }
        guard let index = sessions.index(forKey: id) else { throw .unknownSession(id) }
        var session = withSession(at: index) { $0.session }
        let outcome: Session.RewindOutcome
        do throws(Session.RewriteError) {
            outcome = try session.rewind(to: revision)
        } catch {
            guard case .notABoundary(_, let below, let above) = error else {
                throw .invalidValue(path: params.path("revision"), reason: "cannot be rewound to")
            }
            if revision > session.revision {
                throw .invalidValue(path: params.path("revision"), reason: "is \(revision), past the session's revision \(session.revision)")
            }
            throw .invalidValue(
                path: params.path("revision"),
                reason: "is \(revision), inside a committed model response; the nearest commit boundaries are \(below ?? 0) and \(above ?? session.revision)")
        }
        // Applied to a copy first: a refused rewind is never recorded.
        try recordOperation(.rewind, session: id, at: index, params)
        return withSession(at: index) { record in
            record.session = session
            return SessionRewindResult(
                revision: session.revision, epoch: session.epoch,
                discarded: .init(committed: outcome.committed, pending: outcome.pending, held: outcome.held, early: outcome.early))
        }
    }

    /// `session/replace`: makes `items`, sequenced by the one-shot rules, the committed array
    /// (see ``Session/replace(with:at:)``); what waits stays.
    ///
    /// The replacement's bytes count towards the session's and the process's byte limits, as a
    /// submit's do (`--max-held` does not apply: a replacement adds nothing that waits). A replacement naming a key a pending or held call (or an early output) uses
    /// is `-32602`; the request is applied to a copy first, so nothing refused is recorded.
    mutating func replace(_ params: Params) throws(ServerError) -> SessionReplaceResult {
        let id = try requireSession(params)
        let items = try params.requiredArray("items")
        guard let index = sessions.index(forKey: id) else { throw .unknownSession(id) }
        let size = items.reduce(0) { $0 + $1.serializedCount }
        // A replacement adds nothing that waits: only the byte limits apply.
        try checkLimits(of: id, at: index, adding: size, path: params.path("items"), waiting: false)
        var session = withSession(at: index) { $0.session }
        let arrival = self.now
        let now = withSession(at: index) { arrival &+ $0.clockOffset }
        let outcome: Session.ReplaceOutcome
        do throws(Session.RewriteError) {
            outcome = try session.replace(with: items, at: now)
        } catch {
            guard case .keyInUse(let key) = error else { throw .invalidValue(path: params.path("items"), reason: "cannot replace the array") }
            throw .invalidValue(
                path: params.path("items"),
                reason: "names the call key \"\(key)\", which a pending or held call or an early output of the session uses")
        }
        try recordOperation(.replace, session: id, at: index, params)
        totalBytes += size
        return withSession(at: index) { record in
            record.bytes += size
            record.session = session
            return SessionReplaceResult(
                revision: session.revision, epoch: session.epoch, repairs: outcome.repairs.map(\.json),
                warnings: outcome.warnings.map { $0.json(base: 0) })
        }
    }
}

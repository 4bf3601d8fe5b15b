import SequencerCore

// MARK: - Recording operations, and restoring sessions from a journal

extension Server {
    /// Restores every session `journal` holds, then records each later state-changing request in it.
    ///
    /// Each recorded operation is replayed through the same handler that accepted it, at its
    /// recorded time, into a scratch answer. ``Session`` is deterministic given the same items,
    /// the same calls and the same times (it keeps no hash-ordered iteration in its decisions
    /// and reads no clock of its own), so each session comes back exactly as it was: the same
    /// revision and committed items, the same pending calls, held items and early outputs, the
    /// same reports count and timeline. The server's clock then goes on from the last recorded
    /// time, and ids it makes go on from the last number it made.
    ///
    /// A record that cannot be replayed (its kind is unknown, its params no longer validate,
    /// its sequence number is out of place, its handler throws) does not stop the others: it and
    /// its session's later records are set aside (``SessionJournal/setAside(session:fromSequence:reason:)``:
    /// kept in the journal's storage, out of what is replayed), the failure is logged at
    /// `error`, and the session is restored up to it, with ``SessionRecord/restoreNote`` saying
    /// so in `session/state`. Every other session is restored.
    ///
    /// Call it once, on a server with no sessions, before the first request. Sessions restored
    /// are restored even beyond `--max-sessions` and the other limits; new ones are refused
    /// until enough are closed.
    ///
    /// - Parameter journal: Where the operations are, and where the later ones will go.
    /// - Returns: The number of sessions restored.
    /// - Throws: ``JournalError`` when the journal cannot be read, or records cannot be set
    ///   aside; the server is then left as it was.
    public mutating func restore(from journal: any SessionJournal) throws(JournalError) -> Int {
        let contents = try journal.load()
        var restored = self
        restored.journal = nil
        restored.restoring = true
        // Per session that cannot be restored whole: its first record that fails, and why.
        var failures: [String: (sequence: Int, reason: String)] = [:]
        for record in contents.unreadable where record.sequence < (failures[record.session]?.sequence ?? Int.max) {
            failures[record.session] = (record.sequence, "record #\(record.sequence) of session \"\(record.session)\" cannot be read: \(record.reason)")
        }
        for (index, operation) in contents.operations.enumerated() {
            if let failure = failures[operation.session], operation.sequence >= failure.sequence { continue }
            do {
                try restored.replay(operation, number: index + 1)
            } catch {
                failures[operation.session] = (operation.sequence, error.message)
            }
        }
        let setAside = failures.map { session, failure in
            let count = contents.operations.count { $0.session == session && $0.sequence >= failure.sequence }
                + contents.unreadable.count { $0.session == session && $0.sequence >= failure.sequence }
            return (session: session, sequence: failure.sequence, reason: failure.reason, count: count)
        }
        for aside in setAside.sorted(by: { $0.session < $1.session }) {
            let session = aside.session
            try journal.setAside(session: session, fromSequence: aside.sequence, reason: aside.reason)
            restored.sessions[session]?.restoreNote = SessionRecord.RestoreNote(setAside: aside.count, error: aside.reason)
            logger.event(.error, "operations_set_aside", [
                ("session", .text(session)), ("sequence", .int(aside.sequence)), ("setAside", .int(aside.count)),
                ("restored", .bool(restored.sessions[session] != nil)), ("error", .text(aside.reason)),
            ])
        }
        restored.restoring = false
        restored.resumeAfter = contents.operations.map(\.time).max()
        restored.nextSessionNumber = max(restored.nextSessionNumber, contents.nextSessionNumber)
        restored.journal = journal
        self = restored
        logger.event(.info, "sessions_restored", [("sessions", .int(sessions.count)), ("operations", .int(contents.operations.count))])
        return sessions.count
    }

    /// Replays one recorded operation at its recorded time.
    private mutating func replay(_ operation: JournalOperation, number: Int) throws(JournalError) {
        func failure(_ reason: JournalError.ReplayFailure) -> JournalError {
            .unreplayable(number: number, kind: operation.kind, sequence: operation.sequence, session: operation.session, reason: reason)
        }
        let expected = sessions[operation.session]?.nextSequence ?? 0
        guard operation.sequence == expected else {
            throw failure(.outOfSequence(expected: expected))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(operation.params.utf8), maxDepth: max(limits.maxDepth, JSONParser.defaultMaxDepth))
        } catch {
            throw failure(.paramsNotJSON(error.message))
        }
        guard case .object(var object) = value else { throw failure(.paramsNotObject(value.typeName)) }
        object["session"] = .text(operation.session)
        now = operation.time
        var scratch = JSONWriter()
        do {
            let method = Method(journalKind: operation.kind)
            try perform(method, Params(.object(object), of: method), into: &scratch)
        } catch {
            throw failure(.refused(error.rpcError.message))
        }
    }

    /// The server's time for a line that arrived at `time` on the caller's clock.
    ///
    /// A restarted process's clock starts again (the transport counts from its own start), so
    /// the first line after ``restore(from:)`` that arrives before the last recorded time fixes
    /// ``timeBase`` to carry the clock on from that time: ages and timelines never go backwards
    /// (the time the process was down is not counted). A caller whose clock went on (one
    /// process, or a clock that survives restarts) gets its times unchanged.
    mutating func resumedTime(_ time: UInt64) -> UInt64 {
        if let last = resumeAfter {
            timeBase = time < last ? last - time : 0
            resumeAfter = nil
        }
        return timeBase &+ time
    }

    /// Records a checked, state-changing request just before it is applied: in the journal,
    /// when there is one, and in the session's own log, for `session/export`.
    ///
    /// Call it once everything that can make the request fail has been checked, and apply the
    /// request right after it returns: applying cannot fail, so a request is either recorded
    /// and applied, or (when this throws) neither.
    /// - Parameters:
    ///   - kind: What the request is.
    ///   - id: The session it changes (for `open` and `import`, the one it creates).
    ///   - params: The request's params, as accepted.
    ///   - nextSessionNumber: For `open`, the server's counter of made ids after it.
    /// - Returns: For `open`, the operation as the session's log keeps it, for the caller to
    ///   keep; `nil` otherwise (for `submit` and `cancel` it is appended to the log already).
    /// - Throws: ``ServerError/unknownSession(_:)`` when `id` is not open (`submit`, `cancel`,
    ///   `close`); ``ServerError/storageFailed(_:)`` when the journal failed.
    @discardableResult
    mutating func recordOperation(
        _ kind: JournalOperation.Kind, session id: String, _ params: Params, nextSessionNumber: Int? = nil
    ) throws(ServerError) -> SessionRecord.Operation? {
        let index = sessions.index(forKey: id)
        switch kind {
        case .open, .import: break
        case .submit, .cancel, .close, .rewind, .replace: guard index != nil else { throw .unknownSession(id) }
        }
        return try recordOperation(kind, session: id, at: index, params, nextSessionNumber: nextSessionNumber)
    }

    /// ``recordOperation(_:session:_:nextSessionNumber:)`` for a caller that has looked up the
    /// session already: `index` is where `id` is in ``sessions``, or `nil` if it is not open.
    @discardableResult
    mutating func recordOperation(
        _ kind: JournalOperation.Kind, session id: String, at index: Dictionary<String, SessionRecord>.Index?,
        _ params: Params, nextSessionNumber: Int? = nil
    ) throws(ServerError) -> SessionRecord.Operation? {
        if let journal {
            var text = JSONWriter()
            text.write(params.object)
            let operation = JournalOperation(
                session: id, sequence: index.map { withSession(at: $0) { $0.nextSequence } } ?? 0, kind: kind,
                params: String(decoding: text.bytes, as: UTF8.self), time: now,
                nextSessionNumber: nextSessionNumber ?? self.nextSessionNumber)
            do {
                try journal.record(operation)
            } catch {
                logger.event(.error, "storage_failed", [("session", .text(id)), ("operation", .text(kind.rawValue)), ("error", .text(error.message))])
                throw .storageFailed(error.message)
            }
        }
        let time = now
        switch kind {
        case .open:
            return SessionRecord.Operation(kind: kind, params: params.object, time: time)
        case .close, .import:
            return nil  // the session's log ends, or is the imported one
        case .submit, .cancel, .rewind, .replace:
            guard let index else { return nil }
            withSession(at: index) { record in
                record.operations.append(SessionRecord.Operation(kind: kind, params: params.object, time: time &+ record.clockOffset))
                record.nextSequence += 1
            }
            return nil
        }
    }
}

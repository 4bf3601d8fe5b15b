import SequencerCore

extension Server {
    /// The reasons `session/cancel` accepts (`lost` is for whole histories, not for hosts).
    private static let cancelReasons: [CancelReason] = [.interrupted, .failed, .timeout]

    /// `session/open`.
    mutating func openSession(_ params: Params) throws(ServerError) -> SessionOpenResult {
        var id = try params.string("session")
        if id?.isEmpty == true { throw .invalidValue(path: "params.session", reason: "must not be empty") }
        let options = try params.nested("options", allowed: Method.openOptions)
        let texts = try options?.syntheticOutputs("syntheticOutputs") ?? .defaults
        let format = try options?.choice("format", among: Format.self) ?? .responses
        // The process's declarations first, then the session's: the open is recorded with both,
        // so that it replays with the same table whatever the process declares later.
        let sessionKinds = try params.callKinds("callKinds", addedTo: kinds)
        var params = params
        if !kindDeclarations.isEmpty {
            params = try params.replacing("callKinds", with: .array(kindDeclarations + sessionKinds.declarations))
        }
        if let id, sessions[id] != nil { throw .sessionExists(id) }
        guard restoring || sessions.count < limits.maxSessions else { throw .tooManySessions(limit: limits.maxSessions) }
        var number = nextSessionNumber
        if id == nil {
            while sessions["s\(number)"] != nil { number += 1 }
            id = "s\(number)"
            number += 1
        }
        let sessionId = id ?? ""
        let operation = try recordOperation(.open, session: sessionId, params, nextSessionNumber: number)
        nextSessionNumber = number
        sessions[sessionId] = SessionRecord(session: Session(syntheticOutputs: texts, kinds: sessionKinds.table), format: format, openedAt: now, operations: operation.map { [$0] } ?? [])
        logger.event(.debug, "session_opened", [("session", .text(sessionId))])
        return SessionOpenResult(session: sessionId)
    }

    /// `session/submit`.
    mutating func submit(_ params: Params) throws(ServerError) -> SessionProgress {
        let id = try requireSession(params)
        let items = try params.requiredArray("items")
        // One lookup: every step below works on the record in place, at this index.
        guard let index = sessions.index(forKey: id) else { throw .unknownSession(id) }
        let size = items.reduce(0) { $0 + $1.serializedCount }
        try checkLimits(of: id, at: index, adding: size, path: params.path("items"))
        try recordOperation(.submit, session: id, at: index, params)
        let (now, logger) = (self.now, self.logger)
        totalBytes += size
        return withSession(at: index) { record in
            record.bytes += size
            let base = record.session.submittedCount
            let outcome = record.session.submit(items, bytes: size, at: now &+ record.clockOffset)
            record.reportedCount += outcome.reports.count
            Server.logDecisions(logger, session: id, record.session, committedSince: record.session.revision - outcome.committed,
                                submittedSince: base, reports: outcome.reports)
            return SessionProgress(record.session, committed: outcome.committed,
                                   reported: outcome.reports.map { $0.json(base: base) },
                                   repairs: outcome.conversions.map { $0.json(base: base) },
                                   warnings: outcome.warnings.map { $0.json(base: base) })
        }
    }

    /// `session/cancel`.
    mutating func cancel(_ params: Params) throws(ServerError) -> SessionCancelResult {
        let id = try requireSession(params)
        let callIds = try params.stringArray("callIds")
        let reason = try params.string("reason").map { (raw: String) throws(ServerError) -> CancelReason in
            guard let reason = CancelReason(rawValue: raw), Server.cancelReasons.contains(reason) else {
                throw .invalidChoice(path: params.path("reason"), got: raw, allowed: Server.cancelReasons.map(\.rawValue))
            }
            return reason
        } ?? .interrupted
        try recordOperation(.cancel, session: id, params)
        let (now, logger) = (self.now, self.logger)
        return try withSession(id) { record in
            let outcome = record.session.cancel(callIds, reason: reason, at: now &+ record.clockOffset)
            record.reportedCount += outcome.reports.count
            Server.logDecisions(logger, session: id, record.session, committedSince: record.session.revision - outcome.committed,
                                submittedSince: record.session.submittedCount, reports: outcome.reports)
            let base = record.session.submittedCount
            return SessionCancelResult(
                cancelled: outcome.cancelled, dropped: outcome.dropped, notPending: outcome.notPending,
                progress: SessionProgress(record.session, committed: outcome.committed,
                                          reported: outcome.reports.map { $0.json(base: base) },
                                          repairs: outcome.conversions.map { $0.json(base: base) }))
        }
    }

    /// `session/messages`.
    mutating func messages(_ params: Params) throws(ServerError) -> SessionMessagesResult {
        let id = try requireSession(params)
        guard let record = sessions[id] else { throw .unknownSession(id) }
        let format = try params.choice("format", among: Format.self) ?? record.format
        let requestedSince = try params.nonNegativeInt("since")
        let epoch = try params.nonNegativeInt("epoch")
        let options = try params.renderOptions()
        let session = record.session
        // A host whose copy is from another epoch gets the whole array, whatever its `since`.
        let reset = epoch.map { $0 != session.epoch } ?? false
        var since = 0
        if let requested = requestedSince, !reset {
            guard format == .responses || format == .chat else {
                throw .invalidValue(path: "params.since", reason: "works only with the responses and chat formats, not \(format.rawValue)")
            }
            guard requested <= session.revision else {
                throw .invalidValue(path: "params.since", reason: "is \(requested), past the session's revision \(session.revision)")
            }
            guard session.isCommitBoundary(requested) else {
                throw .invalidValue(path: "params.since", reason: "is \(requested), inside a committed model response; pass a revision this session returned")
            }
            since = requested
        }
        return SessionMessagesResult(
            revision: session.revision, epoch: session.epoch, reset: reset,
            messages: RenderedItems(items: session.committed[since...], format: format, options: options),
            pending: session.pendingCallIds, held: session.heldCount)
    }

    /// `session/state`.
    mutating func state(_ params: Params) throws(ServerError) -> SessionStateResult {
        let id = try requireSession(params)
        guard let record = sessions[id] else { throw .unknownSession(id) }
        let session = record.session
        let now = self.now &+ record.clockOffset
        func ageMs(_ time: UInt64) -> Int { Int((now > time ? now - time : 0) / 1_000_000) }
        let batch = session.batch.map { open in
            SessionStateResult.Batch(
                ageMs: ageMs(open.openedAt),
                items: open.items.map(\.value),
                calls: open.calls.map { call in
                    SessionStateResult.Call(callId: call.callId, kind: call.kind.rawValue, name: call.name,
                                            ageMs: ageMs(call.submittedAt), hasOutput: call.hasOutput)
                },
                outputs: open.outputs.map(\.value))
        }
        let waiting = { (item: Session.Waiting) in SessionStateResult.Waiting(item: item.item.value, ageMs: ageMs(item.since)) }
        return SessionStateResult(
            session: id,
            revision: session.revision,
            epoch: session.epoch,
            format: record.format.rawValue,
            batch: batch,
            pending: session.pendingCallIds,
            held: session.held.map(waiting),
            early: session.early.map(waiting),
            timeline: TimelineEncoding.json(session.timeline, origin: record.openedAt),
            counts: .init(submitted: session.submittedCount, committed: session.revision, pending: session.pendingCallIds.count,
                          held: session.heldCount, early: session.earlyCount, reported: record.reportedCount),
            restore: record.restoreNote)
    }

    /// `session/close`.
    mutating func closeSession(_ params: Params) throws(ServerError) -> SessionCloseResult {
        let id = try requireSession(params)
        try recordOperation(.close, session: id, params)
        guard var record = sessions.removeValue(forKey: id) else { throw .unknownSession(id) }
        totalBytes -= record.bytes
        let outcome = record.session.close()
        logger.event(.debug, "session_closed", [
            ("session", .text(id)), ("orphans", .int(outcome.orphans.count)),
            ("pending", .int(outcome.pending.count)), ("held", .int(outcome.held.count)),
        ])
        return SessionCloseResult(orphans: outcome.orphans.map(\.value), pending: outcome.pending, held: outcome.held.map(\.value))
    }

    /// At `debug`, one event per sequencing decision a submit or cancel made: items held,
    /// held items flushed, synthetic outputs inserted, items reported.
    private static func logDecisions(
        _ logger: Logger, session id: String, _ session: Session, committedSince: Int, submittedSince: Int, reports: [Report]
    ) {
        guard logger.isEnabled(.debug) else { return }
        for held in session.held where held.arrival >= submittedSince {
            logger.event(.debug, "held", [("session", .text(id)), ("arrival", .int(held.arrival)), ("item", .text(held.item.type)),
                                          ("behind", .array(session.pendingCallIds.map { .text($0) }))])
        }
        for index in committedSince..<session.revision {
            let origin = session.provenance[index]
            if let reason = origin.synthetic {
                logger.event(.debug, "synthetic_output", [("session", .text(id)), ("callId", .text(origin.callId ?? "")),
                                                          ("reason", .text(reason.rawValue)), ("revision", .int(index))])
            } else if origin.wasHeld {
                logger.event(.debug, "flushed", [("session", .text(id)), ("arrival", .int(origin.arrival ?? -1)),
                                                 ("item", .text(session.committed[index].type)), ("revision", .int(index))])
            }
        }
        for report in reports {
            var fields: [(String, JSONValue)] = [("session", .text(id)), ("arrival", .int(report.arrival)), ("reason", .text(report.reason.rawValue))]
            if let callId = report.callId { fields.append(("callId", .text(callId))) }
            fields.append(("message", .text(report.message)))
            logger.event(.debug, "reported", fields)
        }
    }

    /// Refuses a submit of `size` bytes (the items at `path`, a path made only for the error) to
    /// a session at its limits (not while restoring, so that a restart with lower limits still
    /// brings every session back: the caller checks that).
    static func checkLimits(
        _ limits: ServerLimits, of id: String, adding size: Int, to record: borrowing SessionRecord, path: () -> String,
        waiting countsWaiting: Bool = true
    ) throws(ServerError) {
        let waiting = record.session.heldCount + record.session.earlyCount
        if countsWaiting && waiting >= limits.maxHeld {
            throw .sessionLimit(path: path(), session: id, limit: .maxHeld, max: limits.maxHeld, current: waiting)
        }
        let bytes = record.bytes + size
        if bytes > limits.maxSessionBytes {
            throw .sessionLimit(path: path(), session: id, limit: .maxSessionBytes, max: limits.maxSessionBytes, current: bytes)
        }
    }

    /// Refuses adding `size` bytes of items to the session `id` (at `index`) when it would pass
    /// any limit: the session's (`--max-held` when `waiting`, `--max-session-bytes`) or the
    /// process's (`--max-total-bytes`). Not while restoring, so that a restart with lower limits
    /// still brings every session back.
    mutating func checkLimits(
        of id: String, at index: Dictionary<String, SessionRecord>.Index, adding size: Int, path: @autoclosure () -> String,
        waiting: Bool = true
    ) throws(ServerError) {
        guard !restoring else { return }
        let limits = self.limits
        // In place: the dictionary's getter would copy the record, and retain all it holds.
        try withSession(at: index) { (record: inout SessionRecord) throws(ServerError) in
            try Server.checkLimits(limits, of: id, adding: size, to: record, path: path, waiting: waiting)
        }
        let total = bytesElsewhere + totalBytes + size
        if total > limits.maxTotalBytes {
            throw .totalLimit(path: path(), max: limits.maxTotalBytes, current: total)
        }
    }

    /// Runs `body` on the open session `id` in place, without copying its state (reading a
    /// record through the dictionary's getter would copy it, and retain everything it holds).
    mutating func withSession<Result>(
        _ id: String, _ body: (inout SessionRecord) throws(ServerError) -> Result
    ) throws(ServerError) -> Result {
        guard let index = sessions.index(forKey: id) else { throw .unknownSession(id) }
        return try withSession(at: index, body)
    }

    /// Runs `body` in place on the session at `index` in ``sessions``, for a caller that has
    /// looked it up already.
    mutating func withSession<Result, Failure: Error>(
        at index: Dictionary<String, SessionRecord>.Index, _ body: (inout SessionRecord) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(&sessions.values[index])
    }

    func requireSession(_ params: Params) throws(ServerError) -> String {
        try params.requiredString("session")
    }
}

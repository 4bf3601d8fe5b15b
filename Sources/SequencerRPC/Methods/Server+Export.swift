import SequencerCore

// MARK: - session/export and session/import

extension Server {
    /// The version of the shape `session/export` returns and `session/import` reads.
    static let exportVersion = 1

    /// `session/export`: the session's whole state, as the operations that made it.
    ///
    /// The result is `{"version": 1, "session", "format", "revision", "exportedAt",
    /// "operations": [{"kind", "time", "params"}]}`: the `open` that began the session, then
    /// every `submit` and `cancel` it accepted, each with its params as accepted (without
    /// `session`) and the time it was applied on the session's clock. Replaying them at those
    /// times rebuilds the session exactly; `exportedAt` is the session's clock now.
    mutating func exportSession(_ params: Params) throws(ServerError) -> SessionExportResult {
        let id = try params.requiredString("session")
        guard let record = sessions[id] else { throw .unknownSession(id) }
        return SessionExportResult(
            version: Server.exportVersion, session: id, format: record.format.rawValue, revision: record.session.revision,
            exportedAt: Nanoseconds(value: now &+ record.clockOffset), operations: record.operations)
    }

    /// `session/import`: opens a session rebuilt from what `session/export` returned.
    ///
    /// Params: `state` (the exported object) and `session?` (the id to give the session;
    /// `state.session` by default). The session's clock goes on from `state.exportedAt`, so
    /// that ages and the timeline read as they did at the export. Everything is checked, and
    /// the session rebuilt aside, before anything is recorded or changed.
    mutating func importSession(_ params: Params) throws(ServerError) -> SessionImportResult {
        guard let state = try params.nested("state", allowed: Method.importState) else { throw .missingParam(path: params.path("state")) }
        guard let version = try state.nonNegativeInt("version") else { throw .missingParam(path: state.path("version")) }
        guard version == Server.exportVersion else {
            throw .invalidValue(path: state.path("version"), reason: "is \(version); this server reads version \(Server.exportVersion)")
        }
        let id = try Server.importedId(params, state: state)
        let operations = try state.requiredArray("operations")
        let revision = try state.nonNegativeInt("revision")
        let format = try state.choice("format", among: Format.self)
        let exportedAt = try state.time("exportedAt")
        if sessions[id] != nil { throw .sessionExists(id) }
        guard restoring || sessions.count < limits.maxSessions else { throw .tooManySessions(limit: limits.maxSessions) }

        var record = try rebuild(id, from: operations, in: state)
        if let revision, revision != record.session.revision {
            throw .invalidValue(path: state.path("revision"), reason: "is \(revision), but the operations give revision \(record.session.revision)")
        }
        if let format, format != record.format {
            throw .invalidValue(path: state.path("format"), reason: "is \"\(format.rawValue)\", but the operations give \"\(record.format.rawValue)\"")
        }
        let lastTime = record.operations.map(\.time).max() ?? 0
        if let exportedAt, exportedAt < lastTime {
            throw .invalidValue(path: state.path("exportedAt"), reason: "is \(exportedAt), earlier than an operation's time \(lastTime)")
        }

        try recordOperation(.import, session: id, params)
        record.clockOffset = (exportedAt ?? lastTime) &- now
        record.nextSequence = 1
        totalBytes += record.bytes
        sessions[id] = record
        logger.event(.debug, "session_imported", [("session", .text(id)), ("operations", .int(operations.count))])
        return SessionImportResult(session: id, revision: record.session.revision, epoch: record.session.epoch)
    }

    /// The id an imported session gets: `params.session`, else `params.state.session`.
    private static func importedId(_ params: Params, state: Params) throws(ServerError) -> String {
        var source = params
        var id = try params.string("session")
        if id == nil {
            source = state
            id = try state.requiredString("session")
        }
        let given = id ?? ""
        guard !given.isEmpty else { throw .invalidValue(path: source.path("session"), reason: "must not be empty") }
        return given
    }

    /// The kinds of operation an export lists.
    private enum ExportedKind: String, CaseIterable {
        case open, submit, cancel, rewind, replace

        /// The method that accepted an operation of this kind.
        var method: Method {
            switch self {
            case .open: .sessionOpen
            case .submit: .sessionSubmit
            case .cancel: .sessionCancel
            case .rewind: .sessionRewind
            case .replace: .sessionReplace
            }
        }
    }

    /// Replays exported operations on a scratch server and returns the session they make.
    ///
    /// Each operation goes through the handler that accepted it, with params read at their
    /// path in the import request, so that a bad one is `-32602` naming where it is. Every
    /// limit applies as it would have to the requests replayed (`--max-held`,
    /// `--max-session-bytes`, and `--max-total-bytes` counting the sessions open here), except
    /// while this server is itself restoring its journal.
    private func rebuild(_ id: String, from operations: [JSONValue], in state: Params) throws(ServerError) -> SessionRecord {
        let path = state.path("operations")
        guard !operations.isEmpty else {
            throw .invalidValue(path: path, reason: "is empty; an export begins with the session's \"open\" operation")
        }
        var scratch = Server(limits: limits, clock: clock, logger: .silent)
        scratch.restoring = restoring
        scratch.bytesElsewhere = bytesElsewhere + totalBytes
        var sink = JSONWriter()
        for (index, value) in operations.enumerated() {
            let operation = try state.element(value, at: index, of: "operations", allowed: Method.exportedOperation)
            guard let kind = try operation.choice("kind", among: ExportedKind.self) else { throw .missingParam(path: operation.path("kind")) }
            guard (index == 0) == (kind == .open) else {
                let allowed = index == 0 ? ["open"] : ["submit", "cancel", "rewind", "replace"]
                throw .invalidChoice(path: operation.path("kind"), got: kind.rawValue, allowed: allowed)
            }
            guard let time = try operation.time("time") else { throw .missingParam(path: operation.path("time")) }
            var inner = try operation.object("params") ?? JSONObject()
            inner["session"] = .text(id)
            let params = try Params(.object(inner), of: kind.method, path: operation.path("params"))
            scratch.now = time
            sink.removeAll()
            try scratch.perform(kind.method, params, into: &sink)
        }
        guard let record = scratch.sessions[id] else { throw .invalidValue(path: path, reason: "did not open a session") }
        return record
    }
}

extension Params {
    /// A time in nanoseconds: a non-negative integer.
    func time(_ key: String) throws(ServerError) -> UInt64? {
        guard let value = self[key] else { return nil }
        guard let number = value.numberValue, let time = UInt64(number.text) else {
            throw .invalidParam(path: path(key), expected: "a non-negative integer (nanoseconds)", got: value.numberValue?.text ?? value.typeName)
        }
        return time
    }
}

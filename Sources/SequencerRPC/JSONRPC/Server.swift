import SequencerCore

/// The JSON-RPC 2.0 server: answers one line at a time, and owns every session.
///
/// It knows nothing of file descriptors: the caller feeds it lines (see ``LineFramer``) and
/// writes what it returns, followed by `\n`. Bad input never stops it: every line gets its
/// answer (or none, for a notification) and the next line is served as usual.
///
/// Not thread-safe by design: one owner drives it, one line after another.
public struct Server: Sendable {
    /// The limits in force.
    public let limits: ServerLimits
    /// Whether `shutdown` was answered: the owner should flush and exit.
    public internal(set) var isShutDown = false

    let clock: @Sendable () -> UInt64
    let logger: Logger
    /// The arrival time of the line being handled: every time a request records is this one,
    /// so that replaying a line at its recorded time reproduces its answer exactly.
    var now: UInt64 = 0
    var initialized = false
    /// The call kinds of the process: the built-in table with what `initialize` declared.
    var kinds: CallKindTable = .builtIn
    /// What `initialize` declared (its `callKinds`), recorded with every `session/open` so that a
    /// session replays with the same table whatever the process declares later.
    var kindDeclarations: [JSONValue] = []
    var sessions: [String: SessionRecord] = [:]
    /// The bytes of items of every open session (see `--max-total-bytes`).
    ///
    /// Invariant, checked in debug builds after every state-changing request: the sum of the
    /// open sessions' ``SessionRecord/bytes``.
    var totalBytes = 0
    /// Bytes of items held outside this server that count towards `--max-total-bytes`: for
    /// the scratch server that rebuilds a `session/import`, the sessions of the importing one.
    var bytesElsewhere = 0
    var nextSessionNumber = 1
    /// Where accepted state-changing requests are recorded before they are applied, if anywhere
    /// (see ``restore(from:)``).
    var journal: (any SessionJournal)?
    /// Added to every arrival time, so that the clock of a restarted server goes on from where
    /// its journal left off (see ``resumedTime(_:)``).
    var timeBase: UInt64 = 0
    /// After ``restore(from:)``, the last recorded time, until the first line sets ``timeBase``.
    var resumeAfter: UInt64?
    /// Whether recorded operations are being replayed: limits on new sessions do not apply.
    var restoring = false

    /// The version of this server, reported by `initialize`.
    public static let version = "0.2.0"
    /// The protocol version this server speaks.
    public static let protocolVersion = 2

    /// A server with no sessions.
    /// - Parameters:
    ///   - limits: The limits to enforce.
    ///   - clock: A monotonic clock in nanoseconds, for the durations in logs (arrival times
    ///     come with each line: see ``handle(_:at:)``).
    ///   - logger: Where diagnostics go.
    public init(limits: ServerLimits = .defaults, clock: @escaping @Sendable () -> UInt64 = { 0 }, logger: Logger = .silent) {
        self.limits = limits
        self.clock = clock
        self.logger = logger
    }

    /// The answer to one framing event: the server's one entry point.
    ///
    /// - Parameters:
    ///   - event: A line (without its `\n`) holding one JSON-RPC message or batch, or the
    ///     report of a line over the length limit (see ``LineFramer``).
    ///   - time: When the line arrived, in nanoseconds on the caller's clock. Every time the
    ///     request records (ages, timelines, the journal) is this one, so that handling the same
    ///     lines at the same times gives the same answers.
    /// - Returns: The response line (without `\n`) in the writer that wrote it, to be read in
    ///   place (``JSONWriter/withUnsafeBytes(_:)``): a large answer is never copied. `nil` when
    ///   none is due (notifications, and batches of notifications). Bad input never stops the
    ///   server: every line gets its answer and the next line is served as usual.
    public mutating func answer(_ event: LineFramer.Event, at time: UInt64) -> JSONWriter? {
        let tracing = logger.isEnabled(.trace)
        if tracing, case .line(let line) = event {
            logger.event(.trace, "in", [("line", .text(String(decoding: line, as: UTF8.self)))])
        }
        let response = respond(to: event, at: time)
        if tracing, let response {
            logger.event(.trace, "out", [("line", .text(response.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }))])
        }
        return response
    }

    /// ``answer(_:at:)``'s response line as bytes of its own (a copy), or `nil` when none is due.
    public mutating func handle(_ event: LineFramer.Event, at time: UInt64) -> [UInt8]? {
        answer(event, at: time)?.bytes
    }

    private mutating func respond(to event: LineFramer.Event, at time: UInt64) -> JSONWriter? {
        switch event {
        case .line(let line):
            return respond(toLine: line, at: time)
        case .tooLong(let length):
            logger.event(.warn, "line_too_long", [("bytes", .int(length)), ("limit", .int(limits.maxLineBytes))])
            return Server.errorLine(id: .null, ServerError.lineTooLong(length: length, limit: limits.maxLineBytes).rpcError)
        }
    }

    /// The answer to one line that arrived at `time` (nanoseconds on the caller's clock).
    private mutating func respond(toLine line: [UInt8], at time: UInt64) -> JSONWriter? {
        now = resumedTime(time)
        let value: JSONValue
        do {
            value = try JSONParser.parseRequest(line, maxDepth: limits.maxDepth)
        } catch {
            logger.event(.warn, "parse_error", [("offset", .int(error.offset)), ("error", .text(error.reason))])
            return Server.errorLine(id: .null, ServerError.parse(error).rpcError)
        }
        // Answers are about as large as requests (a `sequence` answer adds its synthetic outputs
        // and repairs) or much smaller: room for both in one allocation, so that a large answer
        // is never moved to a buffer twice its size halfway through.
        var writer = JSONWriter(capacity: line.count + line.count / 8 + 512)
        if case .array(let messages) = value {
            guard !messages.isEmpty else {
                return Server.errorLine(id: .null, ServerError.invalidRequest("an empty batch", member: nil).rpcError)
            }
            writer.raw("[")
            var answered = 0
            for message in messages {
                let mark = writer.count
                if answered > 0 { writer.raw(",") }
                if handleMessage(message, into: &writer) {
                    answered += 1
                } else {
                    writer.truncate(to: mark)
                }
            }
            guard answered > 0 else { return nil }
            writer.raw("]")
            return writer
        }
        return handleMessage(value, into: &writer) ? writer : nil
    }

    /// Writes the response to one message; `false` when none is due (a notification).
    mutating func handleMessage(_ message: JSONValue, into writer: inout JSONWriter) -> Bool {
        let request: Request
        do {
            request = try Request(message)
        } catch {
            logger.event(.warn, "invalid_request", [("id", error.id), ("error", .text(error.error.rpcError.message))])
            Server.writeError(id: error.id, error.error.rpcError, into: &writer)
            return true
        }
        let start = clock()
        guard let id = request.id else {
            var scratch = JSONWriter()
            do {
                try dispatch(request, into: &scratch)
            } catch {
                logger.event(.warn, "notification", [("method", .text(request.method)), ("code", .int(error.rpcError.code.rawValue)), ("error", .text(error.rpcError.message))])
            }
            return false
        }
        let mark = writer.count
        writer.raw(#"{"jsonrpc":"2.0","id":"#)
        writer.write(id)
        writer.raw(#","result":"#)
        do {
            try dispatch(request, into: &writer)
            writer.raw("}")
            logRequest(request, id: id, start: start, error: nil)
        } catch {
            writer.truncate(to: mark)
            Server.writeError(id: id, error.rpcError, into: &writer)
            logRequest(request, id: id, start: start, error: error.rpcError)
        }
        return true
    }

    /// One line per request: at `info` when it succeeded, at `warn` when it failed.
    private func logRequest(_ request: Request, id: JSONValue, start: UInt64, error: RPCError?) {
        let level: Logger.Level = error == nil ? .info : .warn
        guard logger.isEnabled(level) else { return }
        var fields: [(String, JSONValue)] = [("method", .text(request.method)), ("id", id)]
        if let session = request.params?["session"]?.stringValue { fields.append(("session", .text(session))) }
        fields.append(("us", .int(Int((clock() &- start) / 1000))))
        if let error {
            fields.append(("code", .int(error.code.rawValue)))
            fields.append(("error", .text(error.message)))
        }
        logger.event(level, "request", fields)
    }

    /// Runs the method named in `request`, writing its result.
    mutating func dispatch(_ request: Request, into writer: inout JSONWriter) throws(ServerError) {
        guard let method = Method(named: request.methodName) else { throw .methodNotFound(request.method) }
        let params = try Params(request.params, of: method)
        try perform(method, params, into: &writer)
    }

    /// Runs `method` with `params`, writing its result: the one switch over ``Method``, used by
    /// requests, journal replay and `session/import` alike.
    mutating func perform(_ method: Method, _ params: Params, into writer: inout JSONWriter) throws(ServerError) {
        switch method {
        case .initialize: WireEncoder.encode(try initialize(params), into: &writer)
        case .sequence: WireEncoder.encode(try sequence(params), into: &writer)
        case .validate: WireEncoder.encode(try validate(params), into: &writer)
        case .sessionOpen: WireEncoder.encode(try openSession(params), into: &writer)
        case .sessionSubmit: WireEncoder.encode(try submit(params), into: &writer)
        case .sessionCancel: WireEncoder.encode(try cancel(params), into: &writer)
        case .sessionMessages: WireEncoder.encode(try messages(params), into: &writer)
        case .sessionState: WireEncoder.encode(try state(params), into: &writer)
        case .sessionClose: WireEncoder.encode(try closeSession(params), into: &writer)
        case .sessionExport: WireEncoder.encode(try exportSession(params), into: &writer)
        case .sessionImport: WireEncoder.encode(try importSession(params), into: &writer)
        case .sessionRewind: WireEncoder.encode(try rewind(params), into: &writer)
        case .sessionReplace: WireEncoder.encode(try replace(params), into: &writer)
        case .initialized, .ping, .cancelRequest: WireEncoder.encode(EmptyResult(), into: &writer)
        case .shutdown: WireEncoder.encode(shutdown(params), into: &writer)
        }
        if method.isJournaled {
            assert(totalBytes == sessions.values.reduce(0) { $0 + $1.bytes }, "totalBytes is not the sum of the sessions' bytes")
        }
    }

    static func writeError(id: JSONValue, _ error: RPCError, into writer: inout JSONWriter) {
        writer.raw(#"{"jsonrpc":"2.0","id":"#)
        writer.write(id)
        writer.raw(#","error":{"code":"#)
        writer.writeInt(error.code.rawValue)
        writer.raw(#","message":"#)
        writer.writeString(error.message)
        if let data = error.data {
            writer.raw(#","data":"#)
            writer.write(data)
        }
        writer.raw("}}")
    }

    static func errorLine(id: JSONValue, _ error: RPCError) -> JSONWriter {
        var writer = JSONWriter()
        writeError(id: id, error, into: &writer)
        return writer
    }
}

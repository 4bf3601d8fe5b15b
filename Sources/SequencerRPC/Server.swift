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
    var sessions: [String: SessionRecord] = [:]
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
    public static let version = "0.1.0"
    /// The protocol version this server speaks.
    public static let protocolVersion = 1

    /// A server with no sessions.
    /// - Parameters:
    ///   - limits: The limits to enforce.
    ///   - clock: A monotonic clock in nanoseconds: the arrival time of lines handled without an
    ///     explicit time, and the clock for durations in logs.
    ///   - logger: Where diagnostics go.
    public init(limits: ServerLimits = .defaults, clock: @escaping @Sendable () -> UInt64 = { 0 }, logger: Logger = .silent) {
        self.limits = limits
        self.clock = clock
        self.logger = logger
    }

    /// The answer to one framing event: a response line (without `\n`), or `nil` when the line
    /// needs none (notifications, and batches of notifications).
    public mutating func handle(_ event: LineFramer.Event) -> [UInt8]? {
        handle(event, at: clock())
    }

    /// The answer to one framing event that arrived at `time` (nanoseconds on the server's clock).
    public mutating func handle(_ event: LineFramer.Event, at time: UInt64) -> [UInt8]? {
        let tracing = logger.isEnabled(.trace)
        if tracing, case .line(let line) = event {
            logger.event(.trace, "in", [("line", .text(String(decoding: line, as: UTF8.self)))])
        }
        let response = respond(to: event, at: time)
        if tracing {
            if let response {
                logger.event(.trace, "out", [("line", .text(String(decoding: response, as: UTF8.self)))])
            }
        }
        return response
    }

    private mutating func respond(to event: LineFramer.Event, at time: UInt64) -> [UInt8]? {
        switch event {
        case .line(let line):
            return handle(line: line, at: time)
        case .tooLong(let length):
            logger.event(.warn, "line_too_long", [("bytes", .int(length)), ("limit", .int(limits.maxLineBytes))])
            return Server.errorLine(id: .null, ServerError.lineTooLong(length: length, limit: limits.maxLineBytes).rpcError)
        }
    }

    /// The answer to one line holding one JSON-RPC message or batch, or `nil` if none is due.
    public mutating func handle(line: [UInt8]) -> [UInt8]? {
        handle(line: line, at: clock())
    }

    /// The answer to one line that arrived at `time` (nanoseconds on the server's clock).
    public mutating func handle(line: [UInt8], at time: UInt64) -> [UInt8]? {
        now = resumedTime(time)
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, maxDepth: limits.maxDepth)
        } catch {
            logger.event(.warn, "parse_error", [("offset", .int(error.offset)), ("error", .text(error.reason))])
            return Server.errorLine(id: .null, ServerError.parse(error).rpcError)
        }
        // Answers are about as large as requests (sequence) or much smaller: one allocation.
        var writer = JSONWriter(capacity: line.count + 512)
        if case .array(let messages) = value {
            guard !messages.isEmpty else {
                return Server.errorLine(id: .null, ServerError.invalidRequest("an empty batch", member: nil).rpcError)
            }
            writer.raw("[")
            var answered = 0
            for message in messages {
                let mark = writer.bytes.count
                if answered > 0 { writer.raw(",") }
                if handleMessage(message, into: &writer) {
                    answered += 1
                } else {
                    writer.bytes.removeSubrange(mark...)
                }
            }
            guard answered > 0 else { return nil }
            writer.raw("]")
            return writer.bytes
        }
        return handleMessage(value, into: &writer) ? writer.bytes : nil
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
        let mark = writer.bytes.count
        writer.raw(#"{"jsonrpc":"2.0","id":"#)
        writer.write(id)
        writer.raw(#","result":"#)
        do {
            try dispatch(request, into: &writer)
            writer.raw("}")
            logRequest(request, id: id, start: start, error: nil)
        } catch {
            writer.bytes.removeSubrange(mark...)
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
        guard let method = Method(name: request.method) else { throw .methodNotFound(request.method) }
        let params = try Params(request.params)
        try perform(method, params, into: &writer)
    }

    /// Runs `method` with `params`, writing its result: the one switch over ``Method``, used by
    /// requests, journal replay and `session/import` alike.
    mutating func perform(_ method: Method, _ params: Params, into writer: inout JSONWriter) throws(ServerError) {
        switch method {
        case .initialize: try initialize(params, into: &writer)
        case .sequence: try sequence(params, into: &writer)
        case .validate: try validate(params, into: &writer)
        case .sessionOpen: try openSession(params, into: &writer)
        case .sessionSubmit: try submit(params, into: &writer)
        case .sessionCancel: try cancel(params, into: &writer)
        case .sessionMessages: try messages(params, into: &writer)
        case .sessionState: try state(params, into: &writer)
        case .sessionClose: try closeSession(params, into: &writer)
        case .sessionExport: try exportSession(params, into: &writer)
        case .sessionImport: try importSession(params, into: &writer)
        case .shutdown: try shutdown(params, into: &writer)
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

    static func errorLine(id: JSONValue, _ error: RPCError) -> [UInt8] {
        var writer = JSONWriter()
        writeError(id: id, error, into: &writer)
        return writer.bytes
    }
}

/// A well-formed request: a method, its params, and its id (`nil` for a notification).
struct Request {
    /// Why a message is not a request, and the id to answer with.
    struct Invalid: Error {
        let id: JSONValue
        let error: ServerError
    }

    let method: String
    let params: JSONValue?
    let id: JSONValue?

    init(_ message: JSONValue) throws(Invalid) {
        guard case .object(let object) = message else {
            throw Invalid(id: .null, error: .invalidRequest("a request must be a JSON object, not \(message.typeName)", member: nil))
        }
        // One pass over the members, the last of each name winning, as lookups by key do.
        var idMember: JSONValue?
        var version: JSONValue?
        var methodValue: JSONValue?
        var params: JSONValue?
        for member in object.members {
            switch Request.envelopeKey(member.key) {
            case .id: idMember = member.value
            case .jsonrpc: version = member.value
            case .method: methodValue = member.value
            case .params: params = member.value
            case nil: break
            }
        }
        var id: JSONValue?
        if let value = idMember {
            switch value {
            case .string, .number, .null: id = value
            default:
                throw Invalid(id: .null, error: .invalidRequest("\"id\" must be a string, a number or null, not \(value.typeName)", member: "id"))
            }
        }
        let answerId = id ?? .null
        if let version, !(version.jsonString?.equals("2.0") ?? false) {
            throw Invalid(id: answerId, error: .invalidRequest("\"jsonrpc\" must be \"2.0\"", member: "jsonrpc"))
        }
        guard let methodValue else {
            throw Invalid(id: answerId, error: .invalidRequest("\"method\" is missing", member: "method"))
        }
        guard let method = methodValue.stringValue else {
            throw Invalid(id: answerId, error: .invalidRequest("\"method\" must be a string, not \(methodValue.typeName)", member: "method"))
        }
        if let params {
            switch params {
            case .object, .array, .null: break  // null: as if absent, which some clients send
            default:
                throw Invalid(id: answerId, error: .invalidRequest("\"params\" must be an object or an array, not \(params.typeName)", member: "params"))
            }
        }
        self.method = method
        self.params = params
        self.id = id
    }

    /// The members of a request object.
    private enum EnvelopeKey {
        case id, jsonrpc, method, params
    }

    /// Which envelope member `key` names, whatever escapes spell it.
    private static func envelopeKey(_ key: JSONString) -> EnvelopeKey? {
        key.resolvingEscapes { key in
            switch key.escapedCount {
            case 2: key.matches("id") ? .id : nil
            case 6: key.matches("method") ? .method : key.matches("params") ? .params : nil
            case 7: key.matches("jsonrpc") ? .jsonrpc : nil
            default: nil
            }
        }
    }
}

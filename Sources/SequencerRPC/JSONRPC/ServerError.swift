import SequencerCore

/// Every way a request can fail, each mapped to its JSON-RPC error in one place (``rpcError``).
enum ServerError: Error, Sendable {
    /// The line is not JSON.
    case parse(JSONParseError)
    /// The line is longer than the limit.
    case lineTooLong(length: Int, limit: Int)
    /// The JSON is not a request; `member` is the offending member, if one is to blame.
    case invalidRequest(String, member: String?)
    /// No such method.
    case methodNotFound(String)
    /// A required param is absent.
    case missingParam(path: String)
    /// A member of `params` (or of an object inside it) that is not one of its params.
    /// `owner` names whose params they are (`session/cancel`, `session/open's options`).
    case unknownParam(path: String, param: String, owner: String, allowed: [String])
    /// A param has the wrong JSON type or value.
    case invalidParam(path: String, expected: String, got: String)
    /// A string param is not one of the allowed values.
    case invalidChoice(path: String, got: String, allowed: [String])
    /// A param has a valid type but a value the request cannot use.
    case invalidValue(path: String, reason: String)
    /// No open session has this id.
    case unknownSession(String)
    /// A session with this id is already open.
    case sessionExists(String)
    /// Opening another session would exceed the limit.
    case tooManySessions(limit: Int)
    /// `sequence` found calls with no output under `missingOutput: "error"`.
    case unansweredCalls([Problem])
    /// `initialize` came a second time.
    case alreadyInitialized
    /// `initialize` asked for a protocol version other than ``Server/protocolVersion``.
    case unsupportedProtocolVersion(requested: Int)
    /// A request would put the bytes of items of all open sessions past `--max-total-bytes`;
    /// `path` names the items refused.
    case totalLimit(path: String, max: Int, current: Int)
    /// A session is at its limit of items waiting, or would pass its limit of bytes; `path`
    /// names the items refused.
    case sessionLimit(path: String, session: String, limit: SessionLimit, max: Int, current: Int)

    /// The per-session limits.
    enum SessionLimit: String {
        case maxHeld, maxSessionBytes
    }
    /// The session journal could not store the request, which was therefore not applied.
    case storageFailed(String)

    /// The wire error.
    var rpcError: RPCError {
        switch self {
        case .parse(let error):
            if case .tooDeep(let limit) = error.kind {
                return RPCError(.parseError, "Parse error: \(error.message)",
                                data: ["offset": .number(JSONNumber(error.offset)), "limit": "maxDepth", "max": .number(JSONNumber(limit))])
            }
            return RPCError(.parseError, "Parse error: \(error.message)", data: ["offset": .number(JSONNumber(error.offset))])
        case .lineTooLong(let length, let limit):
            return RPCError(.lineTooLong, "Line too long: \(length) bytes exceeds the limit of \(limit) bytes; the line was skipped",
                            data: ["limit": "maxLineBytes", "max": .number(JSONNumber(limit)), "length": .number(JSONNumber(length))])
        case .invalidRequest(let reason, let member):
            // `path` names the offending member; "" is the message itself (not an object, an empty batch).
            return RPCError(.invalidRequest, "Invalid request: \(reason)", data: ["path": .string(JSONString(member ?? ""))])
        case .methodNotFound(let method):
            return RPCError(.methodNotFound, "Method not found: \(method)", data: ["method": .string(JSONString(method))])
        case .missingParam(let path):
            return RPCError(.invalidParams, "Invalid params: \(path) is required", data: ["path": .string(JSONString(path))])
        case .unknownParam(let path, let param, let owner, let allowed):
            let suggestion = ParamSuggestion.closest(to: param, among: allowed)
            var message = "Invalid params: \(path) is not a param of \(owner)"
            var data: [JSONObject.Member] = [
                .init(key: "path", value: .text(path)), .init(key: "param", value: .text(param)),
                .init(key: "allowed", value: .array(allowed.map { .text($0) })),
            ]
            if let suggestion {
                message += "; did you mean \"\(suggestion)\"?"
                data.append(.init(key: "didYouMean", value: .text(suggestion)))
            }
            return RPCError(.invalidParams, message, data: .object(JSONObject(data)))
        case .invalidParam(let path, let expected, let got):
            return RPCError(.invalidParams, "Invalid params: \(path) must be \(expected), not \(got)",
                            data: ["path": .string(JSONString(path))])
        case .invalidChoice(let path, let got, let allowed):
            return RPCError(.invalidParams,
                            "Invalid params: \(path) must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")), not \"\(got)\"",
                            data: ["path": .string(JSONString(path)), "allowed": .array(allowed.map { .string(JSONString($0)) })])
        case .invalidValue(let path, let reason):
            return RPCError(.invalidParams, "Invalid params: \(path) \(reason)", data: ["path": .string(JSONString(path))])
        case .unknownSession(let id):
            return RPCError(.unknownSession, "Unknown session: no open session has the id \"\(id)\"",
                            data: ["path": "params.session", "session": .string(JSONString(id))])
        case .sessionExists(let id):
            return RPCError(.sessionExists, "Session exists: a session with the id \"\(id)\" is already open",
                            data: ["path": "params.session", "session": .string(JSONString(id))])
        case .tooManySessions(let limit):
            return RPCError(.tooManySessions, "Too many sessions: \(limit) are open, the limit; close one first",
                            data: ["limit": "maxSessions", "max": .number(JSONNumber(limit))])
        case .unansweredCalls(let problems):
            return RPCError(.unansweredCalls,
                            "Unanswered calls: \(problems.count) call\(problems.count == 1 ? "" : "s") had no output (missingOutput is \"error\")",
                            data: ["problems": .array(problems.map(\.json))])
        case .sessionLimit(let path, let session, let limit, let max, let current):
            let message = switch limit {
            case .maxHeld:
                "Session limit: session \"\(session)\" already has \(current) items waiting (held or early), the limit (--max-held \(max)); cancel or answer its pending calls first"
            case .maxSessionBytes:
                "Session limit: session \"\(session)\" would hold \(current) bytes of items, over the limit (--max-session-bytes \(max)); close it and open another"
            }
            return RPCError(.sessionLimit, message, data: [
                "path": .text(path), "session": .string(JSONString(session)), "limit": .string(JSONString(limit.rawValue)),
                "max": .number(JSONNumber(max)), "current": .number(JSONNumber(current)),
            ])
        case .alreadyInitialized:
            return RPCError(.alreadyInitialized, "Already initialized: initialize may be called once per connection",
                            data: ["method": "initialize"])
        case .unsupportedProtocolVersion(let requested):
            return RPCError(.unsupportedProtocolVersion,
                            "Unsupported protocol version: this server speaks \(Server.protocolVersion), not \(requested)",
                            data: ["requested": .int(requested), "supported": [.int(Server.protocolVersion)]])
        case .totalLimit(let path, let max, let current):
            return RPCError(.totalLimit,
                            "Total limit: the open sessions would hold \(current) bytes of items, over the limit (--max-total-bytes \(max)); close a session first",
                            data: ["path": .text(path), "limit": "maxTotalBytes", "max": .int(max), "current": .int(current)])
        case .storageFailed(let reason):
            return RPCError(.storageFailed, "Storage failed: \(reason); the request was not applied",
                            data: ["error": .string(JSONString(reason))])
        }
    }
}

/// The JSON-RPC error codes the server answers with: the standard ones and this protocol's own.
///
/// This protocol's own codes are in -31001…-31099, outside the range JSON-RPC reserves
/// (-32768…-32000), where LSP, MCP and Codex's app-server give codes meanings of their own (a
/// host that retries `-32001` as Codex's "server overloaded" would retry a line that is too
/// long forever). `protocol/README.md` lists what each code means elsewhere.
public enum RPCErrorCode: Int, Sendable, CaseIterable {
    /// The line is not valid JSON (or nests deeper than the limit). `id` is null.
    case parseError = -32700
    /// The JSON is not a valid request object.
    case invalidRequest = -32600
    /// No method of that name.
    case methodNotFound = -32601
    /// A param is missing, unknown, of the wrong type, or out of range.
    case invalidParams = -32602
    /// A bug: the server could not answer. Please report it.
    case internalError = -32603
    /// The line is longer than the line limit; it was skipped unread. `id` is null.
    case lineTooLong = -31001
    /// No open session has that id.
    case unknownSession = -31002
    /// `session/open` or `session/import` named a session that is already open.
    case sessionExists = -31003
    /// `session/open` or `session/import` would exceed the limit on open sessions.
    case tooManySessions = -31004
    /// `sequence` with `missingOutput: "error"` found calls with no output.
    case unansweredCalls = -31005
    /// `initialize` was already called on this connection.
    case alreadyInitialized = -31006
    /// A request would put a session past one of its limits (`--max-held`, `--max-session-bytes`).
    case sessionLimit = -31007
    /// A request would put the open sessions past `--max-total-bytes`.
    case totalLimit = -31008
    /// `initialize` asked for a protocol version this server does not speak.
    case unsupportedProtocolVersion = -31009
    /// Storing a state-changing request durably (`--state-dir`) failed; the request was not applied.
    case storageFailed = -31010
}

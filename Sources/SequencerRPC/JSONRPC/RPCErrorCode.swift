/// The JSON-RPC error codes the server answers with: the standard ones and this protocol's own.
public enum RPCErrorCode: Int, Sendable, CaseIterable {
    /// The line is not valid JSON (or nests deeper than the limit). `id` is null.
    case parseError = -32700
    /// The JSON is not a valid request object.
    case invalidRequest = -32600
    /// No method of that name.
    case methodNotFound = -32601
    /// A param is missing, of the wrong type, or out of range.
    case invalidParams = -32602
    /// A bug: the server could not answer. Please report it.
    case internalError = -32603
    /// The line is longer than the line limit; it was skipped unread. `id` is null.
    case lineTooLong = -32001
    /// No open session has that id.
    case unknownSession = -32002
    /// `session/open` named a session that is already open.
    case sessionExists = -32003
    /// `session/open` would exceed the limit on open sessions.
    case tooManySessions = -32004
    /// `sequence` with `missingOutput: "error"` found calls with no output.
    case unansweredCalls = -32005
    /// `initialize` was already called on this connection.
    case alreadyInitialized = -32006
    /// `session/submit` to a session at one of its limits (`--max-held`, `--max-session-bytes`).
    case sessionLimit = -32007
    /// Storing a state-changing request durably (`--state-dir`) failed; the request was not applied.
    case storageFailed = -32010
}

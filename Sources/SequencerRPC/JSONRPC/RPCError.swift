import SequencerCore

/// A JSON-RPC error object: a code, a message naming the problem, and data saying where.
public struct RPCError: Error, Sendable, Equatable {
    /// The error code.
    public var code: RPCErrorCode
    /// A sentence naming the problem.
    public var message: String
    /// Where the problem is (a param path, a byte offset, a limit), as a JSON object.
    public var data: JSONValue?

    /// An error with every field given.
    public init(_ code: RPCErrorCode, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }
}

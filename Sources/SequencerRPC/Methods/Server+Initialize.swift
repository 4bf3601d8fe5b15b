import SequencerCore

extension Server {
    /// `initialize`: optional, once per connection; describes the server.
    mutating func initialize(_ params: Params) throws(ServerError) -> InitializeResult {
        _ = try params.object("clientInfo")
        if let version = params["protocolVersion"], version.numberValue == nil, version.stringValue == nil {
            throw .invalidParam(path: "params.protocolVersion", expected: "a number or a string", got: version.typeName)
        }
        guard !initialized else { throw .alreadyInitialized }
        initialized = true
        return InitializeResult(
            serverInfo: .init(name: "tool-sequencer", version: Server.version),
            protocolVersion: Server.protocolVersion,
            capabilities: .init(formats: Format.allCases.map(\.rawValue), methods: Method.allCases.map(\.name)),
            limits: limits)
    }

    /// `shutdown`: answers `{}`; the owner then flushes and exits.
    mutating func shutdown(_ params: Params) -> EmptyResult {
        isShutDown = true
        return EmptyResult()
    }
}

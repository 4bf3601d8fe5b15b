import SequencerCore

extension Server {
    /// `initialize`: optional, once per connection; negotiates the protocol version and
    /// describes the server.
    ///
    /// `protocolVersion`, when given, must be an integer, and one this server speaks
    /// (``Server/protocolVersion``), else `-31009` listing the versions it speaks. Params are
    /// checked before the once-per-connection rule: a refused call does not count.
    mutating func initialize(_ params: Params) throws(ServerError) -> InitializeResult {
        _ = try params.object("clientInfo")
        if let version = params["protocolVersion"] {
            guard let number = version.numberValue, let requested = number.intValue else {
                throw .invalidParam(path: params.path("protocolVersion"), expected: "an integer",
                                    got: version.numberValue?.text ?? version.typeName)
            }
            guard requested == Server.protocolVersion else { throw .unsupportedProtocolVersion(requested: requested) }
        }
        let declared = try params.callKinds("callKinds", addedTo: .builtIn)
        guard !initialized else { throw .alreadyInitialized }
        initialized = true
        kinds = declared.table
        kindDeclarations = declared.declarations
        return InitializeResult(
            serverInfo: .init(name: "tool-sequencer", version: Server.version),
            protocolVersion: Server.protocolVersion,
            capabilities: .init(formats: Format.allCases.map(\.rawValue), methods: Method.allCases.map(\.name),
                                callKinds: kinds.callKinds.map(\.type)),
            limits: limits)
    }

    /// `shutdown`: answers `{}`; the owner then flushes and exits.
    mutating func shutdown(_ params: Params) -> EmptyResult {
        isShutDown = true
        return EmptyResult()
    }
}

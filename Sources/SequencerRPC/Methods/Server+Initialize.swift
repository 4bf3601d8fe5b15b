import SequencerCore

extension Server {
    /// `initialize`: optional, once per connection; describes the server.
    mutating func initialize(_ params: Params, into writer: inout JSONWriter) throws(ServerError) {
        _ = try params.object("clientInfo")
        if let version = params["protocolVersion"], version.numberValue == nil, version.stringValue == nil {
            throw .invalidParam(path: "params.protocolVersion", expected: "a number or a string", got: version.typeName)
        }
        guard !initialized else { throw .alreadyInitialized }
        initialized = true
        let result: JSONValue = [
            "serverInfo": ["name": "tool-sequencer", "version": .text(Server.version)],
            "protocolVersion": .int(Server.protocolVersion),
            "capabilities": [
                "formats": .array(Format.allCases.map { .text($0.rawValue) }),
                "methods": .array(Method.allCases.map { .text($0.name) }),
            ],
            "limits": [
                "maxLineBytes": .int(limits.maxLineBytes),
                "maxDepth": .int(limits.maxDepth),
                "maxSessions": .int(limits.maxSessions),
                "maxHeld": .int(limits.maxHeld),
                "maxSessionBytes": .int(limits.maxSessionBytes),
            ],
        ]
        writer.write(result)
    }

    /// `shutdown`: answers `{}`; the owner then flushes and exits.
    mutating func shutdown(_ params: Params, into writer: inout JSONWriter) throws(ServerError) {
        isShutDown = true
        writer.raw("{}")
    }
}

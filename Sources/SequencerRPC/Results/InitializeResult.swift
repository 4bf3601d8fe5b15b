import SequencerCore

/// The result of `initialize`: who the server is, what it speaks, and the limits in force.
struct InitializeResult: WireObject {
    /// `{name, version}`.
    struct ServerInfo: WireObject {
        var name: String
        var version: String

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("name", name)
            encoder.member("version", version)
        }
    }

    /// `{formats, methods, callKinds}`.
    struct Capabilities: WireObject {
        var formats: [String]
        var methods: [String]
        /// The call types the process answers: the built-in ones and those `initialize` declared.
        var callKinds: [String]

        func encodeMembers(to encoder: inout WireEncoder) {
            encoder.member("formats", formats)
            encoder.member("methods", methods)
            encoder.member("callKinds", callKinds)
        }
    }

    var serverInfo: ServerInfo
    var protocolVersion: Int
    var capabilities: Capabilities
    var limits: ServerLimits

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("serverInfo", serverInfo)
        encoder.member("protocolVersion", protocolVersion)
        encoder.member("capabilities", capabilities)
        encoder.member("limits", limits)
    }
}

extension ServerLimits: WireObject {
    /// `{maxLineBytes, maxDepth, maxSessions, maxHeld, maxSessionBytes, maxTotalBytes}`, as `initialize` lists them.
    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("maxLineBytes", maxLineBytes)
        encoder.member("maxDepth", maxDepth)
        encoder.member("maxSessions", maxSessions)
        encoder.member("maxHeld", maxHeld)
        encoder.member("maxSessionBytes", maxSessionBytes)
        encoder.member("maxTotalBytes", maxTotalBytes)
    }
}

/// The role of a `message` item.
public enum MessageRole: String, Sendable, CaseIterable {
    /// The person driving the agent.
    case user
    /// The model.
    case assistant
    /// The host's instructions.
    case developer
    /// System instructions.
    case system

    /// Whether messages of this role come from the model (only `assistant` does).
    public var isModelSide: Bool { self == .assistant }
}

/// What an item is, as far as sequencing cares.
public enum ItemKind: Sendable, Equatable {
    /// A `message` with its role.
    case message(MessageRole)
    /// A `reasoning` item.
    case reasoning
    /// A call the host runs (see ``CallKindTable``).
    case call(CallKind)
    /// An output answering a host-run call.
    case output(OutputKind)
    /// A call the API ran itself (`web_search_call`, `mcp_call`, a server-side tool search, …):
    /// it needs no output.
    case apiRun(String)
    /// Any other `type` (`item_reference`, `compaction`, `ghost_snapshot`, unknown ones): passed
    /// through untouched. `hostSide` is true for types that come from the host
    /// (`additional_tools`, whose role is `developer`).
    case other(String, hostSide: Bool)

    /// Whether the item comes from the model: assistant messages, reasoning, calls, API-run
    /// calls and other types not from the host. Model-side items of one response travel together.
    public var isModelSide: Bool {
        switch self {
        case .message(let role): role.isModelSide
        case .reasoning, .call, .apiRun: true
        case .other(_, let hostSide): !hostSide
        case .output: false
        }
    }

    /// Whether the item comes from the host: user, developer and system messages, and host-side
    /// pass-through types.
    public var isHostSide: Bool {
        switch self {
        case .message(let role): !role.isModelSide
        case .other(_, let hostSide): hostSide
        default: false
        }
    }
}

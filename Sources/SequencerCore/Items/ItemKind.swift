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

/// The three kinds of tool call, named by their wire `type`.
public enum CallKind: String, Sendable, CaseIterable {
    /// `function_call`: a named function with a JSON-string `arguments`.
    case function = "function_call"
    /// `local_shell_call`: a shell command described by `action`.
    case localShell = "local_shell_call"
    /// `custom_tool_call`: a named tool with free-form `input`.
    case custom = "custom_tool_call"

    /// The only output kind that answers calls of this kind.
    public var outputKind: OutputKind {
        self == .custom ? .custom : .function
    }

    /// How the provider APIs name this kind in error texts (`"function call"`, ...).
    public var displayName: String {
        switch self {
        case .function: "function call"
        case .localShell: "local shell call"
        case .custom: "custom tool call"
        }
    }
}

/// The two kinds of tool output, named by their wire `type`.
public enum OutputKind: String, Sendable, CaseIterable {
    /// `function_call_output`: answers `function_call` and `local_shell_call`.
    case function = "function_call_output"
    /// `custom_tool_call_output`: answers `custom_tool_call`.
    case custom = "custom_tool_call_output"

    /// How the provider APIs name this kind in error texts (`"function call output"`, ...).
    public var displayName: String {
        switch self {
        case .function: "function call output"
        case .custom: "custom tool call output"
        }
    }
}

/// What an item is, as far as sequencing cares.
public enum ItemKind: Sendable, Equatable {
    /// A `message` with its role.
    case message(MessageRole)
    /// A `reasoning` item.
    case reasoning
    /// A tool call.
    case call(CallKind)
    /// A tool output.
    case output(OutputKind)
    /// A `web_search_call`: run by the provider, so it needs no output.
    case webSearchCall
    /// Any other `type` (`ghost_snapshot`, `compaction`, newer ones): passed through untouched.
    case other(String)

    /// Whether the item comes from the model: assistant messages, reasoning, calls,
    /// `web_search_call` and unknown types. Model-side items of one response travel together.
    public var isModelSide: Bool {
        switch self {
        case .message(let role): role.isModelSide
        case .reasoning, .call, .webSearchCall, .other: true
        case .output: false
        }
    }

    /// Whether the item comes from the host: user, developer and system messages.
    public var isHostSide: Bool {
        if case .message(let role) = self { return !role.isModelSide }
        return false
    }
}

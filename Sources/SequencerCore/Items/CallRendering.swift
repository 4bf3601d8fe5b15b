/// How a call of one kind reads where a provider knows only function calls (Chat Completions,
/// Anthropic Messages, Gemini): the function's name and its arguments.
public struct CallRendering: Sendable, Equatable {
    /// Where the function's name comes from.
    public enum Name: Sendable, Equatable {
        /// The call's string member of that name (`name`), or `fallback` when it has none.
        case member(String, fallback: String)
        /// Always this name (`shell` for `local_shell_call` and `shell_call`).
        case fixed(String)
    }

    /// Where the function's arguments come from.
    public enum Arguments: Sendable, Equatable {
        /// A member holding the arguments as JSON text (`function_call`'s `arguments`): carried as
        /// it is to Chat, parsed into an object for Anthropic and Gemini (`{"arguments": <text>}`
        /// when it is not a JSON object).
        case jsonText(String)
        /// A member holding the arguments as an object (`local_shell_call`'s `action`); a value
        /// that is not an object is wrapped as `{<member>: <value>}`.
        case object(String)
        /// An object of these members, those the call has, in this order
        /// (`custom_tool_call`: `{"input": …}`, with `""` for a missing `input`).
        case members([String])
        /// An object of every member of the call but these (declared kinds).
        case allMembersExcept([String])
    }

    /// The name.
    public let name: Name
    /// The arguments.
    public let arguments: Arguments

    /// A rendering.
    public init(name: Name, arguments: Arguments) {
        self.name = name
        self.arguments = arguments
    }
}

/// How an output of one type reads as the text or content of a tool result.
public enum OutputRendering: Sendable, Equatable {
    /// `output` is a string or an array of content parts (`function_call_output`).
    case output
    /// `output` is an array of `{stdout, stderr, outcome}` (`shell_call_output`): each entry's
    /// non-empty `stdout` and `stderr`, then `exit code <n>` or `timed out`, joined with `"\n"`.
    case shellEntries
    /// `status` and an optional `output` text (`apply_patch_call_output`): `<status>: <output>`,
    /// or `<status>` alone.
    case statusAndOutput
    /// `output` is a screenshot object `{type, image_url?, file_id?}` (`computer_call_output`):
    /// one image part when it has an `image_url`.
    case screenshot
    /// A string member holding the result (`program_output`'s `result`).
    case stringMember(String)
    /// The JSON text of an object of every member but `type`, `id` and the key
    /// (`tool_search_output`, `mcp_approval_response`, declared kinds without a string `output`).
    case remainingMembers
}

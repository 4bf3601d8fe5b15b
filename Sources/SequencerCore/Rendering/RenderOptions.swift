/// How the renderers settle what the providers disagree on.
///
/// The defaults are what the strictest provider accepts, so a host that passes nothing gets a
/// body no provider rejects for these reasons:
/// - ``reasoning`` is ``ChatReasoning/omit``: OpenAI rejects members outside a message's schema
///   (`Additional properties are not allowed ('reasoning' was unexpected) - 'messages.1'`), and
///   strict OpenAI-compatible servers reject `reasoning_content`.
/// - ``ids`` is ``ResponsesIDs/strip``: with `store: false` (what Codex and most agents send) the
///   API rejects an item id it did not persist.
///
/// The validator reads the same options (``Validator/validate(_:format:kinds:options:)``), so a
/// member an option adds is not reported as unknown.
public struct RenderOptions: Sendable, Equatable {
    /// Where Chat Completions carries the model's reasoning.
    public enum ChatReasoning: String, Sendable, CaseIterable {
        /// Left out (the default): OpenAI's schema has no member for it.
        case omit
        /// A `reasoning_content` string on the assistant message (DeepSeek's thinking mode
        /// requires it back on assistant messages with tool calls; vLLM and others read it).
        case reasoningContent = "reasoning_content"
        /// A `reasoning` string on the assistant message (OpenRouter's and LiteLLM's extension).
        case reasoning
    }

    /// What the Responses renderer does with a top-level server `id`.
    public enum ResponsesIDs: String, Sendable, CaseIterable {
        /// Left out (the default), as `store: false` needs. Ids that are content (an
        /// `item_reference`'s, an `mcp_approval_request`'s) are kept all the same.
        case strip
        /// Kept: every member as it came (for hosts that send with `store: true`).
        case keep
    }

    /// Chat only: where reasoning goes.
    public var reasoning: ChatReasoning
    /// Responses only: whether server ids are kept.
    public var ids: ResponsesIDs

    /// Options with the given choices; the defaults are the strictest provider's.
    public init(reasoning: ChatReasoning = .omit, ids: ResponsesIDs = .strip) {
        self.reasoning = reasoning
        self.ids = ids
    }
}

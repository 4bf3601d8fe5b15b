/// The stable names of the rules a checked array can break. Hosts may match on the raw values.
public enum ProblemCode: String, Sendable, CaseIterable {
    // MARK: Any format

    /// The array or one of its entries does not have the shape the format requires.
    case invalidShape = "invalid_shape"

    // MARK: Responses

    /// A call has no output after it (error).
    case missingOutput = "missing_output"
    /// An output has no call with its `call_id` before it (error).
    case orphanOutput = "orphan_output"
    /// A `local_shell_call` whose `call_id` is null: nothing can answer it (error).
    case nullCallId = "null_call_id"
    /// A reasoning item sent with its server id has no item after it (error).
    case reasoningWithoutFollowingItem = "reasoning_without_following_item"
    /// A message sits between a call and its output (warning: Chat and Anthropic reject it).
    case messageBeforeOutput = "message_before_output"
    /// A second output for a call that already has one (warning).
    case duplicateOutput = "duplicate_output"
    /// A second call with a `call_id` already used (warning).
    case duplicateCall = "duplicate_call"
    /// An item has a top-level member its type's schema does not declare (error:
    /// `Unknown parameter: 'input[N].x'.`).
    case unknownParameter = "unknown_parameter"
    /// An item's `type` is not one the call-kind table knows (warning: it passes through
    /// unchecked, and the API may reject it).
    case unknownType = "unknown_type"

    // MARK: Chat Completions

    /// An assistant message's `tool_calls` are not all answered by the tool messages right after it (error).
    case toolCallsUnanswered = "tool_calls_unanswered"
    /// A tool message answers no tool call of the assistant message right before its run (error).
    case toolMessageWithoutCall = "tool_message_without_call"
    /// A message has members its role's schema does not declare (error:
    /// `Additional properties are not allowed ('x' was unexpected) - 'messages.N'`).
    case additionalProperties = "additional_properties"

    // MARK: Anthropic

    /// A `tool_use` block has no `tool_result` block in the next message (error).
    case toolUseWithoutResult = "tool_use_without_result"
    /// The first message is not the user's (error: `messages: first message must use the "user" role`).
    case firstMessageNotUser = "first_message_not_user"
    /// A `tool_result` block answers no `tool_use` of the previous message (error).
    case toolResultWithoutUse = "tool_result_without_use"
    /// Every `tool_use` of an assistant message is answered in the next message, but not all of the
    /// `tool_result` blocks come first in it (error: the API reports the ids as unanswered, with the
    /// `tool_use_without_result` text).
    case toolResultNotFirst = "tool_result_not_first"
    /// A `tool_use` block's `id` or a `tool_result` block's `tool_use_id` is missing, not a string,
    /// or does not match `^[a-zA-Z0-9_-]+$` (error).
    case invalidToolId = "invalid_tool_id"
    /// A `tool_use` block's `input` is missing or not a JSON object (error).
    case invalidToolInput = "invalid_tool_input"
    /// A message's `content` is empty (`[]` or `""`) and it is not the final assistant message
    /// (error: `messages.N: all messages must have non-empty content except for the optional
    /// final assistant message`).
    case emptyContent = "empty_content"
    /// A text block is empty (error: `messages: text content blocks must be non-empty`).
    case emptyText = "empty_text"
    /// A message's text blocks hold only whitespace (error:
    /// `messages: text content blocks must contain non-whitespace text`).
    case whitespaceText = "whitespace_text"
    /// The final message is the assistant's and its last text ends with whitespace (error:
    /// `messages: final assistant content cannot end with trailing whitespace`).
    case trailingWhitespace = "trailing_whitespace"
    /// A base64 image's `media_type` is not `image/jpeg`, `image/png`, `image/gif` or
    /// `image/webp` (error).
    case unsupportedImageType = "unsupported_image_type"

    // MARK: Gemini

    /// A function-call turn is not followed by a turn with as many function responses (error).
    case functionResponseCountMismatch = "function_response_count_mismatch"
    /// A turn with function responses does not come right after a function-call turn (error).
    case functionResponseWithoutCall = "function_response_without_call"
    /// A function-call turn comes first, or right after another `model` turn, instead of right
    /// after a `user` turn (error).
    case functionCallTurnMisplaced = "function_call_turn_misplaced"
    /// A function response is not named like the function call at its position in the call turn
    /// (warning: Gemini pairs responses with calls by position and name, so the model may misread it).
    case functionResponseNameMismatch = "function_response_name_mismatch"
    /// In the turn answering a function-call turn, another part comes before a function response
    /// (warning: the responses belong first, before any text).
    case functionResponseNotFirst = "function_response_not_first"
    /// A step (model turn with function calls) of the current turn has no thought signature on
    /// its first function call (error with Gemini 3 models).
    case missingThoughtSignature = "missing_thought_signature"
}

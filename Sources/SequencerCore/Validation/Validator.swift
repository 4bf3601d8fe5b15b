/// Checks an array rendered for a provider against the rules that provider's API enforces,
/// before anything is sent.
///
/// Guarantees, for every format:
/// - It never throws and never traps: a value of the wrong shape is reported as a problem with
///   code ``ProblemCode/invalidShape`` and severity ``Problem/Severity/error``.
/// - A problem of severity ``Problem/Severity/error`` means the provider's API rejects the value
///   with a `400`. Its `message` is the exact text the API answers with, ids and indices filled in,
///   the API's own spelling kept. The one exception is ``ProblemCode/invalidShape``: its message
///   uses the API's wording where that is known (OpenAI's `Missing required parameter: '…'.` and
///   `Invalid type for '…': …` forms) and is otherwise our own sentence naming the path.
/// - A problem of severity ``Problem/Severity/warning`` means the API accepts the value but it breaks
///   an order this project keeps stricter; its message is our own sentence.
/// - `index` is the index in the checked array: the Responses items, the Chat messages, the
///   Anthropic `messages`, the Gemini `contents`. A problem with the value as a whole (not an
///   array, no `messages`, a bad `system`) has index `0`.
/// - Problems come in order of index; at one index errors come before warnings; otherwise they
///   come in the order the rules are checked. Every problem is reported, not only the first one the
///   API would name.
///
/// Example:
/// ```swift
/// let input = try JSONParser.parse(#"[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}]"#)
/// let problems = Validator.validate(input, format: .responses)
/// // [Problem(code: .missingOutput, severity: .error, index: 0, callId: "c1",
/// //          message: "No tool output found for function call c1.")]
/// ```
///
/// - Complexity: O(n) in the total number of items, content blocks and parts, plus the number of
///   problems reported.
public enum Validator {
    /// Every problem of `messages` rendered as `format`, in order of index.
    ///
    /// - Parameters:
    ///   - messages: For ``Format/responses``, the `input` array of items (a plain string, which the
    ///     API also takes, has no problems); for ``Format/chat``, the `messages` array; for
    ///     ``Format/anthropic``, the object `{"system"?, "messages"}`; for ``Format/gemini``, the
    ///     object `{"systemInstruction"?, "contents"}`.
    ///   - format: The API the value is meant for.
    ///   - kinds: The call kinds to pair Responses items by (a host's declared kinds included).
    ///   - options: The options the value was rendered with: a member an option adds (Chat's
    ///     `reasoning_content` or `reasoning` on assistant messages) is then not unknown.
    /// - Returns: The problems, empty when the API accepts the value and it keeps our order.
    public static func validate(
        _ messages: JSONValue, format: Format, kinds: CallKindTable = .builtIn, options: RenderOptions = .init()
    ) -> [Problem] {
        switch format {
        case .responses: ResponsesValidator.validate(messages, kinds: kinds)
        case .chat: ChatValidator.validate(messages, reasoning: options.reasoning)
        case .anthropic: AnthropicValidator.validate(messages)
        case .gemini: GeminiValidator.validate(messages)
        }
    }
}

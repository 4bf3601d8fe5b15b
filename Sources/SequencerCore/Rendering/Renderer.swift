/// Renders committed items in the request shape of one provider API.
///
/// Rendering never fails and never reorders the conversation beyond what the target format
/// requires; each format's rules are documented on its renderer:
/// ``ResponsesRenderer``, ``ChatRenderer``, ``AnthropicRenderer``, ``GeminiRenderer``.
///
/// ```swift
/// let items = try values.map { value throws(ItemError) in try Item(value) }
/// let body = Renderer.render(items[alreadySent...], as: .anthropic)
/// let bytes = body.serialized   // {"system":"…","messages":[…]}
/// ```
public enum Renderer {
    /// The text of the user turn that ``AnthropicRenderer`` and ``GeminiRenderer`` put first
    /// when the items open with the model's turn (a history trimmed from the front, or a slice):
    /// both APIs require the conversation to open with the user.
    public static let omittedHistoryText = "(earlier conversation omitted)"

    /// Renders committed items (an array that is already valid: every call followed by its
    /// outputs right after its model response) as `format`.
    ///
    /// - Parameters:
    ///   - items: The items, in order: a whole array or any slice of one (such as the items
    ///     committed after some revision).
    ///   - format: The request shape to produce.
    /// - Returns: For ``Format/responses`` and ``Format/chat``, `.array([...])` (the `input` or
    ///   `messages` array); for ``Format/anthropic``, `.object` `{"system"?, "messages"}`; for
    ///   ``Format/gemini``, `.object` `{"systemInstruction"?, "contents"}`.
    /// - Complexity: O(n) in the total size of the items.
    public static func render(_ items: some Collection<Item>, as format: Format) -> JSONValue {
        switch format {
        case .responses: ResponsesRenderer.render(items)
        case .chat: ChatRenderer.render(items)
        case .anthropic: AnthropicRenderer.render(items)
        case .gemini: GeminiRenderer.render(items)
        }
    }

    /// Writes `items` rendered as `format`: the same bytes as writing
    /// ``render(_:as:)``'s result, without building it first for the Responses format, whose
    /// elements are the items' own objects.
    public static func write(_ items: some Collection<Item>, as format: Format, into writer: inout JSONWriter) {
        guard format == .responses else { return writer.write(render(items, as: format)) }
        ResponsesRenderer.write(items, into: &writer)
    }
}

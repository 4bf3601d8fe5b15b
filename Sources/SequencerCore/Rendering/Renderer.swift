/// Renders committed items in the request shape of one provider API.
///
/// Rendering never fails and never reorders the conversation beyond what the target format
/// requires; each format's rules are documented on its renderer:
/// ``ResponsesRenderer``, ``ChatRenderer``, ``AnthropicRenderer``, ``GeminiRenderer``. Where
/// providers disagree, ``RenderOptions`` chooses (the defaults suit the strictest); where the
/// items hold something the provider rejects, the renderer adjusts it and says so with a
/// ``RenderNote`` (see ``rendered(_:as:options:)``).
///
/// ```swift
/// let items = try values.map { value throws(ItemError) in try Item(value) }
/// let result = Renderer.rendered(items[alreadySent...], as: .anthropic)
/// let bytes = result.body.serialized   // {"system":"…","messages":[…]}
/// for note in result.notes { log(note.code.rawValue, note.message) }
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
    ///   - options: Choices where providers disagree; the defaults suit the strictest.
    /// - Returns: For ``Format/responses`` and ``Format/chat``, `.array([...])` (the `input` or
    ///   `messages` array); for ``Format/anthropic``, `.object` `{"system"?, "messages"}`; for
    ///   ``Format/gemini``, `.object` `{"systemInstruction"?, "contents"}`.
    /// - Complexity: O(n) in the total size of the items.
    public static func render(_ items: some Collection<Item>, as format: Format, options: RenderOptions = .init()) -> JSONValue {
        rendered(items, as: format, options: options).body
    }

    /// Renders `items` as `format`, with a note for every adjustment made so the provider
    /// accepts the body (see ``RenderNote/Code``).
    ///
    /// - Returns: The body ``render(_:as:options:)`` returns, and the notes, in item order.
    /// - Complexity: O(n) in the total size of the items.
    public static func rendered(_ items: some Collection<Item>, as format: Format, options: RenderOptions = .init()) -> Rendered {
        switch format {
        case .responses: Rendered(body: ResponsesRenderer.render(items, ids: options.ids))
        case .chat: Rendered(body: ChatRenderer.render(items, reasoning: options.reasoning))
        case .anthropic: AnthropicRenderer.rendered(items)
        case .gemini: GeminiRenderer.rendered(items)
        }
    }

    /// Writes `items` rendered as `format`: the same bytes as writing
    /// ``render(_:as:options:)``'s result, without building it first for the Responses format,
    /// whose elements are the items' own objects.
    ///
    /// - Returns: The notes of ``rendered(_:as:options:)`` (none for Responses and Chat).
    @discardableResult
    public static func write(
        _ items: some Collection<Item>, as format: Format, options: RenderOptions = .init(), into writer: inout JSONWriter
    ) -> [RenderNote] {
        guard format == .responses else {
            let result = rendered(items, as: format, options: options)
            writer.write(result.body)
            return result.notes
        }
        ResponsesRenderer.write(items, ids: options.ids, into: &writer)
        return []
    }
}

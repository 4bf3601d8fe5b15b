/// Renders items as OpenAI Responses API `input`: the items themselves.
///
/// Guarantees:
/// - One array element per item, in order; nothing is added, dropped or reordered.
/// - The top-level `id` member (the server's item id, such as `fc_…` or `rs_…`) is removed,
///   every occurrence of it; every other member is kept as it came, in its order, byte for byte.
///   Nested `id` members (inside `action`, content parts and so on) are kept.
/// - An item with no top-level `id` is passed through as the very object it holds, without
///   being rebuilt: this is the hot path.
///
/// Example: `{"type":"function_call","id":"fc_1","name":"f","arguments":"{}","call_id":"c1"}`
/// renders as `{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}`.
public enum ResponsesRenderer {
    /// Renders `items` as a Responses `input` array.
    ///
    /// - Parameter items: Committed items, such as a session's array or a slice of it.
    /// - Returns: `.array` of the items' objects, server ids removed.
    /// - Complexity: O(n) in the number of items and their top-level members.
    public static func render(_ items: some Collection<Item>) -> JSONValue {
        var elements: [JSONValue] = []
        elements.reserveCapacity(items.count)
        for item in items {
            elements.append(render(item))
        }
        return .array(elements)
    }

    /// Writes `items` as a Responses `input` array: the same bytes as writing
    /// ``render(_:)-(some Collection<Item>)``'s result, without building it first.
    public static func write(_ items: some Collection<Item>, into writer: inout JSONWriter) {
        writer.raw("[")
        var first = true
        for item in items {
            if !first { writer.raw(",") }
            first = false
            if item.hasServerId {
                writer.write(render(item))
            } else {
                writer.write(item.json)
            }
        }
        writer.raw("]")
    }

    /// One item as a Responses input element: its object without the top-level `id`.
    public static func render(_ item: Item) -> JSONValue {
        guard item.hasServerId else { return item.value }
        var object = item.json
        object["id"] = nil
        return .object(object)
    }
}

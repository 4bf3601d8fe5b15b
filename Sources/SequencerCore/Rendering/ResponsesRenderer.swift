/// Renders items as OpenAI Responses API `input`: the items themselves.
///
/// Guarantees:
/// - One array element per item, in order; nothing is added or reordered. The one item left out
///   is a host's own record that no API knows (``Item/isHostLocal``: Codex's `ghost_snapshot`,
///   which Codex itself removes before every request, and the API refuses).
/// - With ``RenderOptions/ResponsesIDs/strip`` (the default), the top-level `id` member that is
///   the server's item id (`fc_…`, `rs_…`) is removed, every occurrence of it; every other
///   member is kept as it came, in its order, byte for byte. Nested `id` members (inside
///   `action`, content parts and so on) are kept, and so is an `id` that is content (an
///   `item_reference`'s, an `mcp_approval_request`'s, see ``Item/hasServerId``).
/// - With ``RenderOptions/ResponsesIDs/keep``, every item is its object as it came.
/// - An item with no server id is passed through as the very object it holds, without being
///   rebuilt: this is the hot path.
///
/// Example: `{"type":"function_call","id":"fc_1","name":"f","arguments":"{}","call_id":"c1"}`
/// renders as `{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}`.
public enum ResponsesRenderer {
    /// Renders `items` as a Responses `input` array.
    ///
    /// - Parameters:
    ///   - items: Committed items, such as a session's array or a slice of it.
    ///   - ids: Whether server ids are stripped (the default) or kept.
    /// - Returns: `.array` of the items' objects.
    /// - Complexity: O(n) in the number of items and their top-level members.
    public static func render(_ items: some Collection<Item>, ids: RenderOptions.ResponsesIDs = .strip) -> JSONValue {
        var elements: [JSONValue] = []
        elements.reserveCapacity(items.count)
        for item in items where !item.isHostLocal {
            elements.append(render(item, ids: ids))
        }
        return .array(elements)
    }

    /// Writes `items` as a Responses `input` array: the same bytes as writing
    /// ``render(_:ids:)-(some Collection<Item>,_)``'s result, without building it first.
    public static func write(_ items: some Collection<Item>, ids: RenderOptions.ResponsesIDs = .strip, into writer: inout JSONWriter) {
        // The items are read where they lie, by code made for them: iterating a collection of
        // a type this module does not see goes through the standard library's generic code,
        // which copies every item on the way. (Arrays and their slices are contiguous already.)
        if items.withContiguousStorageIfAvailable({ write(contiguous: $0, ids: ids, into: &writer) }) == nil {
            Array(items).withUnsafeBufferPointer { write(contiguous: $0, ids: ids, into: &writer) }
        }
    }

    /// ``write(_:ids:into:)`` for items in contiguous storage.
    private static func write(contiguous items: UnsafeBufferPointer<Item>, ids: RenderOptions.ResponsesIDs, into writer: inout JSONWriter) {
        writer.raw("[")
        var first = true
        for index in items.indices where !items[index].isHostLocal {
            if !first { writer.raw(",") }
            first = false
            if items[index].hasServerId && ids == .strip {
                writer.write(render(items[index], ids: ids))
            } else {
                writer.write(items[index].json)
            }
        }
        writer.raw("]")
    }

    /// One item as a Responses input element: its object, without the top-level server `id`
    /// unless `ids` is ``RenderOptions/ResponsesIDs/keep``.
    public static func render(_ item: Item, ids: RenderOptions.ResponsesIDs = .strip) -> JSONValue {
        guard item.hasServerId && ids == .strip else { return item.value }
        var object = item.json
        object["id"] = nil
        return .object(object)
    }
}

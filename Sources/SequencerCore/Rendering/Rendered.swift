/// A rendered request body and the notes of what was adjusted to make it acceptable.
public struct Rendered: Sendable, Equatable {
    /// The body, as ``Renderer/render(_:as:options:)`` returns it.
    public var body: JSONValue
    /// Every adjustment, in order of `itemIndex` (then in the order made).
    public var notes: [RenderNote]

    /// A rendered body with its notes.
    public init(body: JSONValue, notes: [RenderNote] = []) {
        self.body = body
        self.notes = notes
    }
}

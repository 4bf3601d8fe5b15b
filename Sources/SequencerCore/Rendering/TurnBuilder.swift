/// Builds the alternating turns of Anthropic `messages` and Gemini `contents`.
///
/// Blocks (Anthropic) or parts (Gemini) are appended with the side they belong to; a block for
/// the side of the open turn joins it, a block for the other side closes the open turn and opens
/// a new one. So consecutive messages of one role merge into one turn, and a turn is only ever
/// opened by a block: no turn is empty.
///
/// Tool results are kept apart from the other blocks of a user turn and come first in it, sorted
/// by the `order` they were added with (ties keep the order they were added in), whatever came
/// between them: both providers want the answers to the calls before anything else.
struct TurnBuilder {
    /// The two sides of a conversation.
    enum Side {
        /// The host and the tools (Anthropic `user`, Gemini `user`).
        case user
        /// The model (Anthropic `assistant`, Gemini `model`).
        case model
    }

    private let contentKey: JSONString
    private let userRole: JSONValue
    private let modelRole: JSONValue
    private var side: Side?
    private var results: [(order: Int, block: JSONValue)] = []
    private var blocks: [JSONValue] = []
    /// The turns closed so far.
    private(set) var turns: [JSONValue] = []

    /// A builder writing turns as `{"role": <role>, <contentKey>: [blocks]}`.
    init(contentKey: String, userRole: String, modelRole: String) {
        self.contentKey = JSONString(contentKey)
        self.userRole = .string(JSONString(userRole))
        self.modelRole = .string(JSONString(modelRole))
    }

    /// Appends `block` to the turn of `side`.
    mutating func append(_ block: JSONValue, to side: Side) {
        open(side)
        blocks.append(block)
    }

    /// Appends a tool result to the user turn, ahead of its other blocks, at `order` among the
    /// turn's results.
    mutating func appendResult(_ block: JSONValue, order: Int) {
        open(.user)
        results.append((order, block))
    }

    /// Closes the open turn and returns every turn.
    mutating func finish() -> [JSONValue] {
        close()
        return turns
    }

    private mutating func open(_ newSide: Side) {
        if side != newSide {
            close()
            side = newSide
        }
    }

    private mutating func close() {
        defer {
            side = nil
            results.removeAll(keepingCapacity: true)
            blocks.removeAll(keepingCapacity: true)
        }
        guard let side, !(results.isEmpty && blocks.isEmpty) else { return }
        let sorted = results.enumerated()
            .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element.block)
        turns.append(
            .object(
                JSONObject([
                    .init(key: "role", value: side == .user ? userRole : modelRole),
                    .init(key: contentKey, value: .array(sorted + blocks)),
                ])))
    }
}

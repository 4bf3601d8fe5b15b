/// Something a renderer changed so that the provider accepts the body, told to the host.
///
/// Renderers never fail; where the items hold something the provider rejects (a whitespace-only
/// text block for Anthropic, an image type it does not take, a call with no thought signature
/// for Gemini), the renderer adjusts it and says so with a note.
public struct RenderNote: Sendable, Equatable {
    /// The stable names of the adjustments. Hosts may match on the raw values.
    public enum Code: String, Sendable, CaseIterable {
        /// Anthropic: whitespace-only (or empty) text blocks of an item were left out; the item
        /// still renders other blocks.
        case whitespaceTextDropped = "whitespace_text_dropped"
        /// Anthropic: every block of a message was whitespace-only text, so it renders nothing;
        /// the messages around it merge when they are of one side.
        case messageDropped = "message_dropped"
        /// Anthropic: the final assistant message's last text had its trailing whitespace removed.
        case trailingWhitespaceTrimmed = "trailing_whitespace_trimmed"
        /// Anthropic: a base64 image of a media type the API does not take became a text block.
        case imageReplaced = "image_replaced"
        /// Gemini: a step of the current turn had no thought signature on its first function
        /// call, which got Google's documented placeholder.
        case thoughtSignaturePlaceholder = "thought_signature_placeholder"
    }

    /// What was adjusted.
    public var code: Code
    /// The position, in the collection that was rendered (0 for its first item), of the item
    /// that was adjusted.
    public var itemIndex: Int
    /// A sentence saying what was adjusted and why.
    public var message: String

    /// A note with every field given.
    public init(code: Code, itemIndex: Int, message: String) {
        self.code = code
        self.itemIndex = itemIndex
        self.message = message
    }
}

extension [RenderNote] {
    /// The notes in order of `itemIndex`, notes of one item in the order they were made.
    var sortedByItem: [RenderNote] {
        enumerated().sorted { ($0.element.itemIndex, $0.offset) < ($1.element.itemIndex, $1.offset) }.map(\.element)
    }
}

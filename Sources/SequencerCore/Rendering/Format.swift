/// The request shapes the sequenced array can be rendered as.
public enum Format: String, Sendable, CaseIterable {
    /// OpenAI Responses `input`: an array of items.
    case responses
    /// OpenAI Chat Completions `messages`: an array of messages.
    case chat
    /// Anthropic Messages: an object `{"system"?, "messages"}`.
    case anthropic
    /// Google Gemini: an object `{"systemInstruction"?, "contents"}`.
    case gemini
}

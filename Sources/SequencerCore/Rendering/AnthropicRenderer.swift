/// Renders items as an Anthropic Messages request body's `system` and `messages`.
///
/// The result is `{"system": "…", "messages": [...]}`, with `system` left out when there is no
/// system text. Guarantees, rule by rule:
/// - **System text.** The Messages API has no system role inside `messages`; its documented
///   place for instructions is the top-level `system`. So every system and developer message,
///   wherever it stands (in mid-conversation too), is hoisted there: their text parts, in order,
///   joined with `"\n\n"`, as one string. Their images are left out.
/// - **Alternation.** Messages are `{"role": "user"|"assistant", "content": [blocks]}`, content
///   always an array. Consecutive items of one side merge into one message with several blocks,
///   so roles alternate (a hoisted system message does not separate two user messages).
/// - **Assistant blocks**, in item order: each text part is `{"type":"text","text"}`; each call
///   is `{"type":"tool_use","id","name","input"}`, where `input` is a JSON object: a
///   `function_call`'s `arguments` parsed when they hold a JSON object, otherwise
///   `{"arguments": <the string>}`; a `local_shell_call`'s `action` (named `shell`); a
///   `custom_tool_call`'s `{"input": <input>}`. Images in assistant messages are left out.
/// - **Tool results.** Each output is `{"type":"tool_result","tool_use_id","content"}`, where
///   `content` is the output string, or for an array output an array of text and image blocks.
///   Results come first in their user message, in the order of the outputs, before any other
///   block of it, even a user text merged into the same message.
/// - **Tool ids** match `^[a-zA-Z0-9_-]+$`: see ``toolID(forCallID:)``; `tool_use` and
///   `tool_result` use the same mapping.
/// - **User blocks**: text parts are text blocks; an image is
///   `{"type":"image","source":{"type":"base64","media_type","data"}}` for a base64 `data:` URL
///   (Anthropic does not fetch `data:` URLs), else `{"type":"image","source":{"type":"url","url"}}`.
///   A `data:` URL that is not base64 has no Anthropic form and becomes the text block `[image]`,
///   so the request is still accepted. The same holds for images in an array tool output.
/// - **Opening turn.** Anthropic requires the first message to be the user's; when the items
///   open with the model's turn, a user message with the text ``Renderer/omittedHistoryText``
///   is put first.
/// - **Empty text** parts are left out, since Anthropic rejects empty text blocks; a message
///   left with no block is left out.
/// - **Left out:** reasoning (Anthropic `thinking` blocks need the provider's signature, which
///   items from another provider do not have), `web_search_call` and unknown item types.
public enum AnthropicRenderer {
    /// Renders `items` as `{"system"?: String, "messages": [...]}`.
    ///
    /// - Parameter items: Committed, valid items (every call followed by its outputs right after
    ///   its model response), such as a session's array or a slice of it.
    /// - Returns: `.object` with `system` (when there is system text) then `messages`.
    /// - Complexity: O(n) in the total size of the items, plus sorting each message's results.
    public static func render(_ items: some Collection<Item>) -> JSONValue {
        var turns = TurnBuilder(contentKey: "content", userRole: "user", modelRole: "assistant")
        var system: [JSONString] = []
        var resultCount = 0
        for item in items {
            switch item.kind {
            case .message(.system), .message(.developer):
                system.append(contentsOf: item.contentTexts.filter { !$0.escaped.isEmpty })
            case .message(.user):
                for block in item.contentParts.compactMap(block) {
                    turns.append(block, to: .user)
                }
            case .message(.assistant):
                for text in item.contentTexts where !text.escaped.isEmpty {
                    turns.append(textBlock(text), to: .model)
                }
            case .call:
                turns.append(toolUse(item), to: .model)
            case .output:
                turns.appendResult(toolResult(item), order: resultCount)
                resultCount += 1
            case .reasoning, .apiRun, .other:
                continue
            }
        }
        var body = JSONObject()
        if !system.isEmpty {
            body["system"] = .string(.joined(system, separator: "\n\n"))
        }
        var messages = turns.finish()
        if messages.first?["role"]?.stringValue == "assistant" {
            // Anthropic rejects a first message that is not the user's ("messages: first
            // message must use the \"user\" role"): say that what came before is not here.
            messages.insert(["role": "user", "content": [["type": "text", "text": .string(JSONString(Renderer.omittedHistoryText))]]], at: 0)
        }
        body["messages"] = .array(messages)
        return .object(body)
    }

    /// A `tool_use` block for a call.
    private static func toolUse(_ item: Item) -> JSONValue {
        [
            "type": "tool_use",
            "id": .string(toolID(of: item)),
            "name": .string(item.callName),
            "input": .object(item.inputObject),
        ]
    }

    /// A `tool_result` block for an output.
    private static func toolResult(_ item: Item) -> JSONValue {
        let content: JSONValue
        switch item.outputContent {
        case .text(let text): content = .string(text)
        case .parts(let parts): content = .array(parts.compactMap(block))
        }
        return ["type": "tool_result", "tool_use_id": .string(toolID(of: item)), "content": content]
    }

    /// The block for a content part, or `nil` for empty text.
    private static func block(_ part: ContentPart) -> JSONValue? {
        switch part {
        case .text(let text):
            // An `if`/`guard`, not `?:`: `nil` there would be typed `JSONValue` and mean `null`.
            guard !text.escaped.isEmpty else { return nil }
            return textBlock(text)
        case .image(let url, _):
            let source: JSONValue
            if let data = DataURL(url) {
                source = ["type": "base64", "media_type": .string(data.mediaType), "data": .string(data.data)]
            } else if DataURL.hasDataScheme(url) {
                return textBlock(ContentPart.imagePlaceholder(url: url))
            } else {
                source = ["type": "url", "url": .string(url)]
            }
            return ["type": "image", "source": source]
        }
    }

    private static func textBlock(_ text: JSONString) -> JSONValue {
        ["type": "text", "text": .string(text)]
    }
}

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
///   of every host-run kind is `{"type":"tool_use","id","name","input"}`, named by its kind's
///   ``CallRendering``, `input` being ``Item/inputObject``: a `function_call`'s `arguments`
///   parsed when they hold a JSON object, otherwise `{"arguments": <the string>}`; a
///   `local_shell_call`'s `action` (named `shell`); a `custom_tool_call`'s `{"input": <input>}`;
///   and so on. Images in assistant messages are left out.
/// - **Tool results.** Each output is `{"type":"tool_result","tool_use_id","content"}`, where
///   `content` is the output's text (by its type's ``OutputRendering``), or for an array output
///   (or a screenshot) an array of text and image blocks.
///   Results come first in their user message, in the order of the outputs, before any other
///   block of it, even a user text merged into the same message.
/// - **Tool ids** match `^[a-zA-Z0-9_-]+$`: see ``toolID(forCallID:)``; `tool_use` and
///   `tool_result` use the same mapping.
/// - **User blocks**: text parts are text blocks; an image is
///   `{"type":"image","source":{"type":"base64","media_type","data"}}` for a base64 `data:` URL
///   (Anthropic does not fetch `data:` URLs), else `{"type":"image","source":{"type":"url","url"}}`.
///   A `data:` URL that is not base64 has no Anthropic form and becomes the text block `[image]`,
///   so the request is still accepted. A base64 image whose media type is not one the API takes
///   (`image/jpeg`, `image/png`, `image/gif`, `image/webp`) becomes the text block
///   `[image omitted: <media type>]` (noted ``RenderNote/Code/imageReplaced``). The same holds
///   for images in an array tool output.
/// - **Opening turn.** Anthropic requires the first message to be the user's; when the items
///   open with the model's turn, a user message with the text ``Renderer/omittedHistoryText``
///   is put first.
/// - **Whitespace.** Anthropic rejects empty text blocks (`messages: text content blocks must be
///   non-empty`) and whitespace-only ones (`messages: text content blocks must contain
///   non-whitespace text`): every empty or whitespace-only text block is left out, in messages
///   and in tool results (noted ``RenderNote/Code/whitespaceTextDropped``); a message left with
///   no block is left out (noted ``RenderNote/Code/messageDropped``), so the messages around it
///   merge when they are of one side. So no message has empty `content`, which the API takes
///   only in a final assistant message (`messages.N: all messages must have non-empty content
///   except for the optional final assistant message`). The API also rejects a final assistant
///   message ending in whitespace (`messages: final assistant content cannot end with trailing
///   whitespace`): when the last message is the assistant's and its last block is text, that
///   text's trailing whitespace is removed (noted ``RenderNote/Code/trailingWhitespaceTrimmed``).
/// - **Left out:** reasoning (Anthropic `thinking` blocks need the provider's signature, which
///   items from another provider do not have), `web_search_call` and unknown item types.
public enum AnthropicRenderer {
    /// The media types of base64 images the Messages API takes.
    static let imageMediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"]

    /// Renders `items` as `{"system"?: String, "messages": [...]}`.
    ///
    /// - Parameter items: Committed, valid items (every call followed by its outputs right after
    ///   its model response), such as a session's array or a slice of it.
    /// - Returns: `.object` with `system` (when there is system text) then `messages`.
    /// - Complexity: O(n) in the total size of the items, plus sorting each message's results.
    public static func render(_ items: some Collection<Item>) -> JSONValue {
        rendered(items).body
    }

    /// Renders `items` as ``render(_:)`` does, with a note for every adjustment.
    public static func rendered(_ items: some Collection<Item>) -> Rendered {
        var state = State()
        var system: [JSONString] = []
        var resultCount = 0
        for (index, item) in items.enumerated() {
            state.startItem(index)
            switch item.kind {
            case .message(.system), .message(.developer):
                // Whitespace-only system text is refused too (`system: text content blocks must
                // contain non-whitespace text`): left out, and noted like any other.
                for text in item.contentTexts {
                    if !text.isWhitespaceOnly {
                        system.append(text)
                    } else if !text.escaped.isEmpty {
                        state.dropped += 1
                    }
                }
                state.finishItem(isMessage: false)
                continue
            case .message(.user):
                for part in item.contentParts {
                    if let block = state.block(part) { state.append(block, to: .user, isText: false) }
                }
            case .message(.assistant):
                for text in item.contentTexts {
                    if let block = state.textBlock(text) { state.append(block, to: .model, isText: true) }
                }
            case .call:
                state.append(toolUse(item), to: .model, isText: false)
            case .output:
                state.appendResult(state.toolResult(item), order: resultCount)
                resultCount += 1
            case .reasoning, .apiRun, .other:
                continue
            }
            state.finishItem(isMessage: item.role != nil)
        }
        var body = JSONObject()
        if !system.isEmpty {
            body["system"] = .string(.joined(system, separator: "\n\n"))
        }
        var messages = state.turns.finish()
        state.trimFinalAssistantText(in: &messages)
        if messages.first?["role"]?.stringValue == "assistant" {
            // Anthropic rejects a first message that is not the user's ("messages: first
            // message must use the \"user\" role"): say that what came before is not here.
            messages.insert(["role": "user", "content": [["type": "text", "text": .string(JSONString(Renderer.omittedHistoryText))]]], at: 0)
        }
        body["messages"] = .array(messages)
        return Rendered(body: .object(body), notes: state.notes.sortedByItem)
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

    /// The turns being built, and what was adjusted on the way.
    private struct State {
        var turns = TurnBuilder(contentKey: "content", userRole: "user", modelRole: "assistant")
        private(set) var notes: [RenderNote] = []
        /// The item being rendered, and what happened to its blocks.
        private var item = 0
        private var appended = 0
        var dropped = 0
        /// The last block appended: its side, its item, and whether it is a text block.
        private var last: (side: TurnBuilder.Side, item: Int, isText: Bool)?

        mutating func startItem(_ index: Int) {
            item = index
            appended = 0
            dropped = 0
        }

        mutating func append(_ block: JSONValue, to side: TurnBuilder.Side, isText: Bool) {
            turns.append(block, to: side)
            appended += 1
            last = (side, item, isText)
        }

        mutating func appendResult(_ block: JSONValue, order: Int) {
            turns.appendResult(block, order: order)
            appended += 1
            last = (.user, item, false)
        }

        /// Notes the whitespace left out of the item just rendered.
        mutating func finishItem(isMessage: Bool) {
            guard dropped > 0 else { return }
            if isMessage && appended == 0 {
                notes.append(RenderNote(
                    code: .messageDropped, itemIndex: item,
                    message: "The message holds only empty or whitespace-only text, which Anthropic rejects (messages: text content blocks must contain non-whitespace text); it was left out."))
            } else {
                notes.append(RenderNote(
                    code: .whitespaceTextDropped, itemIndex: item,
                    message: "\(dropped) empty or whitespace-only text block\(dropped == 1 ? " was" : "s were") left out, as Anthropic rejects them (messages: text content blocks must contain non-whitespace text)."))
            }
        }

        /// A text block, or `nil` (counted as dropped) for empty or whitespace-only text.
        mutating func textBlock(_ text: JSONString) -> JSONValue? {
            guard !text.isWhitespaceOnly else {
                dropped += 1
                return nil
            }
            return AnthropicRenderer.textBlock(text)
        }

        /// The block for a content part, or `nil` for empty or whitespace-only text.
        mutating func block(_ part: ContentPart) -> JSONValue? {
            switch part {
            case .text(let text):
                return textBlock(text)
            case .image(let url, _):
                let source: JSONValue
                if let data = DataURL(url) {
                    guard AnthropicRenderer.imageMediaTypes.contains(where: data.mediaType.equals) else {
                        notes.append(RenderNote(
                            code: .imageReplaced, itemIndex: item,
                            message: "A base64 image of type \(data.mediaType.value) became a text placeholder: Anthropic takes only image/jpeg, image/png, image/gif and image/webp."))
                        return AnthropicRenderer.textBlock(.concatenated([.text("[image omitted: "), .json(data.mediaType), .text("]")]))
                    }
                    source = ["type": "base64", "media_type": .string(data.mediaType), "data": .string(data.data)]
                } else if DataURL.hasDataScheme(url) {
                    return AnthropicRenderer.textBlock(ContentPart.imagePlaceholder(url: url))
                } else {
                    source = ["type": "url", "url": .string(url)]
                }
                return ["type": "image", "source": source]
            }
        }

        /// A `tool_result` block for an output.
        mutating func toolResult(_ item: Item) -> JSONValue {
            var content: JSONValue?
            switch item.outputContent {
            case .text(let text):
                if text.isWhitespaceOnly {
                    // An empty or whitespace-only result is refused as text; `content` is
                    // optional, so the result says nothing instead.
                    if !text.escaped.isEmpty { dropped += 1 }
                } else {
                    content = .string(text)
                }
            case .parts(let parts):
                let blocks = parts.compactMap { block($0) }
                if !blocks.isEmpty { content = .array(blocks) }
            }
            var result: JSONObject = JSONObject(literal: ["type": "tool_result", "tool_use_id": .string(AnthropicRenderer.toolID(of: item))])
            if let content { result["content"] = content }
            return .object(result)
        }

        /// Removes the trailing whitespace of the final assistant message's last text block.
        mutating func trimFinalAssistantText(in messages: inout [JSONValue]) {
            guard let last, last.side == .model, last.isText, let final = messages.indices.last,
                case .object(var message) = messages[final], case .array(var blocks)? = message["content"],
                let position = blocks.indices.last, case .object(var block) = blocks[position],
                let text = block["text"]?.jsonString, text.endsWithWhitespace
            else { return }
            block["text"] = .string(text.trimmingTrailingWhitespace)
            blocks[position] = .object(block)
            message["content"] = .array(blocks)
            messages[final] = .object(message)
            notes.append(RenderNote(
                code: .trailingWhitespaceTrimmed, itemIndex: last.item,
                message: "The final assistant text ended with whitespace, which Anthropic rejects (messages: final assistant content cannot end with trailing whitespace); it was trimmed."))
        }
    }

    private static func textBlock(_ text: JSONString) -> JSONValue {
        ["type": "text", "text": .string(text)]
    }
}

/// Renders items as OpenAI Chat Completions `messages`.
///
/// Guarantees, rule by rule:
/// - **Model responses.** A maximal run of consecutive model-side items (assistant messages,
///   reasoning, calls; see ``ItemKind/isModelSide``) becomes one assistant message, so every call
///   of one response sits in one `tool_calls` array, as Chat requires.
/// - **Member order** is fixed: `role`, `content`, then `tool_calls`, `tool_call_id`, and the
///   reasoning member as they apply:
///   `{"role":"assistant","content":…,"tool_calls":[…]}`,
///   `{"role":"tool","content":"…","tool_call_id":"…"}`, `{"role":"user","content":…}`.
/// - **Assistant content** is the run's assistant texts joined with `"\n"`; it is `null` only
///   when the run has calls and no text part. Images in assistant messages are left out (Chat
///   assistant content is text only). `tool_calls` is left out when the run has no call.
/// - **Calls** of every host-run kind become
///   `{"id": <key>, "type": "function", "function": {"name", "arguments"}}`, named and with
///   arguments by the kind's ``CallRendering`` (``Item/callName``, ``Item/chatArguments``): a
///   `function_call` keeps its name and its `arguments` string unchanged; a `local_shell_call`
///   or `shell_call` is named `shell` with the JSON text of its `action` as arguments; a
///   `custom_tool_call` keeps its name with the JSON text of `{"input": <input>}`; and so on
///   for each kind (`protocol/README.md`, Rendering, lists them).
/// - **Reasoning** has no member in OpenAI's schema, and OpenAI rejects members outside it, so
///   by default (``RenderOptions/ChatReasoning/omit``) it is left out. With
///   ``RenderOptions/ChatReasoning/reasoningContent`` or ``RenderOptions/ChatReasoning/reasoning``
///   it is a `reasoning_content` or `reasoning` string on the run's assistant message: the
///   summary texts (or, without a summary, the `reasoning_text` contents) of its reasoning items
///   joined with `"\n"`. A run holding only reasoning (no assistant message, no call) renders
///   nothing: Chat has no message for it and rejects an assistant message with neither content
///   nor tool calls.
/// - **Outputs** of every kind become
///   `{"role":"tool","content": text,"tool_call_id": <key>}`, the text read by the output
///   type's ``OutputRendering``. A string output is kept as it is; an array output has its text
///   parts joined with `"\n"`. Chat documents tool message
///   content as text only, so an image in an output becomes the text `[image: <url>]`
///   (`[image]` for a `data:` URL, so no base64 payload lands in the text).
/// - **Host messages** keep their role (`user`, `system`, `developer`), wherever they stand: a
///   system message in mid-conversation stays in place, as Chat allows. Their content is their
///   text parts joined with `"\n"` as one string. A user message holding an image instead gets
///   an array of parts, `{"type":"text","text"}` and
///   `{"type":"image_url","image_url":{"url","detail"?}}`, in order. System and developer
///   content is text only in Chat, so their images are left out.
/// - **Left out:** `web_search_call` (run by the provider, nothing to replay) and unknown item
///   types. They do not end a model-side run.
public enum ChatRenderer {
    /// Renders `items` as a Chat Completions `messages` array.
    ///
    /// - Parameters:
    ///   - items: Committed, valid items (every call followed by its outputs right after its
    ///     model response), such as a session's array or a slice of it.
    ///   - reasoning: Where reasoning goes; left out by default.
    /// - Returns: `.array` of message objects.
    /// - Complexity: O(n) in the total size of the items.
    public static func render(_ items: some Collection<Item>, reasoning: RenderOptions.ChatReasoning = .omit) -> JSONValue {
        var messages: [JSONValue] = []
        messages.reserveCapacity(items.count)
        var run = AssistantRun(reasoningMember: reasoning)
        for item in items {
            switch item.kind {
            case .message(.assistant):
                run.add(message: item)
            case .reasoning:
                run.add(reasoning: item)
            case .call:
                run.add(call: item)
            case .apiRun, .other:
                continue
            case .message(let role):
                run.flush(into: &messages)
                messages.append(hostMessage(item, role: role))
            case .output:
                run.flush(into: &messages)
                messages.append(toolMessage(item))
            }
        }
        run.flush(into: &messages)
        return .array(messages)
    }

    /// A user, system or developer message.
    private static func hostMessage(_ item: Item, role: MessageRole) -> JSONValue {
        let parts = item.contentParts
        let content: JSONValue
        if role == .user && parts.contains(where: \.isImage) {
            content = .array(parts.map(chatPart))
        } else {
            content = .string(.joined(parts.compactMap(\.text), separator: "\n"))
        }
        return ["role": .string(JSONString(role.rawValue)), "content": content]
    }

    /// One part of a user message's content array.
    private static func chatPart(_ part: ContentPart) -> JSONValue {
        switch part {
        case .text(let text):
            return ["type": "text", "text": .string(text)]
        case .image(let url, let detail):
            var image = JSONObject([.init(key: "url", value: .string(url))])
            if let detail {
                image["detail"] = .string(detail)
            }
            return ["type": "image_url", "image_url": .object(image)]
        }
    }

    /// A tool message answering an output's call.
    private static func toolMessage(_ item: Item) -> JSONValue {
        ["role": "tool", "content": .string(item.outputText), "tool_call_id": .string(item.callIdString)]
    }

    /// The model-side items seen since the last host message or output.
    private struct AssistantRun {
        /// The reasoning option: where reasoning goes, if anywhere.
        let reasoningMember: RenderOptions.ChatReasoning
        private var hasMessage = false
        private var texts: [JSONString] = []
        private var reasoning: [JSONString] = []
        private var toolCalls: [JSONValue] = []

        init(reasoningMember: RenderOptions.ChatReasoning) {
            self.reasoningMember = reasoningMember
        }

        mutating func add(message item: Item) {
            hasMessage = true
            texts.append(contentsOf: item.contentTexts)
        }

        mutating func add(reasoning item: Item) {
            guard reasoningMember != .omit else { return }
            reasoning.append(contentsOf: item.reasoningTexts)
        }

        mutating func add(call item: Item) {
            toolCalls.append([
                "id": .string(item.callIdString),
                "type": "function",
                "function": ["name": .string(item.callName), "arguments": .string(item.chatArguments)],
            ])
        }

        /// Appends the run's assistant message, if it has one, and starts a new run.
        mutating func flush(into messages: inout [JSONValue]) {
            defer { self = AssistantRun(reasoningMember: reasoningMember) }
            guard hasMessage || !toolCalls.isEmpty else { return }
            var message = JSONObject([.init(key: "role", value: "assistant")])
            if texts.isEmpty && !toolCalls.isEmpty {
                message["content"] = .null
            } else {
                message["content"] = .string(.joined(texts, separator: "\n"))
            }
            if !toolCalls.isEmpty {
                message["tool_calls"] = .array(toolCalls)
            }
            if !reasoning.isEmpty && reasoningMember != .omit {
                message[reasoningMember.rawValue] = .string(.joined(reasoning, separator: "\n"))
            }
            messages.append(.object(message))
        }
    }
}

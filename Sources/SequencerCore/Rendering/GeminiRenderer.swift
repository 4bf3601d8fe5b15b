/// Renders items as a Gemini `generateContent` request body's `systemInstruction` and `contents`.
///
/// The result is `{"systemInstruction": {"parts": [{"text": "…"}]}, "contents": [...]}`, with
/// `systemInstruction` left out when there is no system text. Guarantees, rule by rule:
/// - **System text.** Gemini's documented place for instructions is `systemInstruction`; every
///   system and developer message, wherever it stands (in mid-conversation too), is hoisted
///   there: their text parts, in order, joined with `"\n\n"`, as one text part. Their images are
///   left out.
/// - **Turns** are `{"role": "user"|"model", "parts": [...]}`. Consecutive items of one side
///   merge into one turn (a hoisted system message does not separate two user turns).
/// - **Model parts**, in item order: each text part is `{"text"}`; each call is
///   `{"functionCall":{"name","args"}}`, `args` being a JSON object built as Anthropic's `input`
///   (see ``AnthropicRenderer``); a `local_shell_call` is named `shell`.
/// - **Function responses.** Gemini pairs responses with calls by position and name, not by id.
///   Each output is `{"functionResponse":{"name": <its call's name>,"response":{"output": text}}}`
///   and the responses come first in their user turn, before any other part, in the order of
///   their calls (found by `call_id`), whatever order the outputs came in. The text is the
///   output string, or an array output's text parts joined with `"\n"`; the response is text
///   only, so an image in an output becomes `[image: <url>]` (`[image]` for a `data:` URL).
///   An output whose call is not among the rendered items is left out: without the call its
///   name and position are unknown, and Gemini could not pair it.
/// - **User parts**: text parts are `{"text"}`; an image is
///   `{"inlineData":{"mimeType","data"}}` for a base64 `data:` URL, else
///   `{"fileData":{"fileUri"}}`. A `data:` URL that is not base64 has no Gemini form and becomes
///   the text part `[image]`, so the request is still accepted.
/// - **Opening turn.** Gemini requires a function-call turn to follow a user turn; when the
///   items open with the model's turn, a user turn with the text ``Renderer/omittedHistoryText``
///   is put first.
/// - **Empty text** parts are left out, since Gemini rejects empty text; a turn left with no
///   part is left out.
/// - **Left out:** reasoning (Gemini thoughts need the provider's signatures, which items from
///   another provider do not have), `web_search_call` and unknown item types.
public enum GeminiRenderer {
    /// Renders `items` as `{"systemInstruction"?: {"parts": [...]}, "contents": [...]}`.
    ///
    /// - Parameter items: Committed, valid items (every call followed by its outputs right after
    ///   its model response), such as a session's array or a slice of it.
    /// - Returns: `.object` with `systemInstruction` (when there is system text) then `contents`.
    /// - Complexity: O(n) in the total size of the items, plus sorting each turn's responses.
    public static func render(_ items: some Collection<Item>) -> JSONValue {
        var turns = TurnBuilder(contentKey: "parts", userRole: "user", modelRole: "model")
        var system: [JSONString] = []
        var calls: [String: (order: Int, name: JSONString)] = [:]
        for item in items {
            switch item.kind {
            case .message(.system), .message(.developer):
                system.append(contentsOf: item.contentTexts.filter { !$0.escaped.isEmpty })
            case .message(.user):
                for part in item.contentParts.compactMap(part) {
                    turns.append(part, to: .user)
                }
            case .message(.assistant):
                for text in item.contentTexts where !text.escaped.isEmpty {
                    turns.append(textPart(text), to: .model)
                }
            case .call:
                if let callId = item.callId {
                    calls[callId] = (calls.count, item.callName)
                }
                turns.append(functionCall(item), to: .model)
            case .output:
                guard let callId = item.callId, let call = calls[callId] else { continue }
                turns.appendResult(functionResponse(item, name: call.name), order: call.order)
            case .reasoning, .apiRun, .other:
                continue
            }
        }
        var body = JSONObject()
        if !system.isEmpty {
            body["systemInstruction"] = ["parts": [textPart(.joined(system, separator: "\n\n"))]]
        }
        var contents = turns.finish()
        if contents.first?["role"]?.stringValue == "model" {
            // Gemini wants a function-call turn right after a user turn, and conversations
            // that open with the user: say that what came before is not here.
            contents.insert(["role": "user", "parts": [["text": .string(JSONString(Renderer.omittedHistoryText))]]], at: 0)
        }
        body["contents"] = .array(contents)
        return .object(body)
    }

    /// A `functionCall` part for a call.
    private static func functionCall(_ item: Item) -> JSONValue {
        ["functionCall": ["name": .string(item.callName), "args": .object(item.inputObject)]]
    }

    /// A `functionResponse` part for an output answering a call named `name`.
    private static func functionResponse(_ item: Item, name: JSONString) -> JSONValue {
        ["functionResponse": ["name": .string(name), "response": ["output": .string(item.outputText)]]]
    }

    /// The part for a content part of a user message, or `nil` for empty text.
    private static func part(_ part: ContentPart) -> JSONValue? {
        switch part {
        case .text(let text):
            // An `if`/`guard`, not `?:`: `nil` there would be typed `JSONValue` and mean `null`.
            guard !text.escaped.isEmpty else { return nil }
            return textPart(text)
        case .image(let url, _):
            if let data = DataURL(url) {
                return ["inlineData": ["mimeType": .string(data.mediaType), "data": .string(data.data)]]
            }
            if DataURL.hasDataScheme(url) {
                return textPart(ContentPart.imagePlaceholder(url: url))
            }
            return ["fileData": ["fileUri": .string(url)]]
        }
    }

    private static func textPart(_ text: JSONString) -> JSONValue {
        ["text": .string(text)]
    }
}

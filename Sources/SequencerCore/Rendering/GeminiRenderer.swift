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
/// - **Model parts**, in item order: each text part is `{"text"}`; each call of every host-run
///   kind is `{"functionCall":{"name","args"}}`, named by its kind's ``CallRendering``, `args`
///   being a JSON object built as Anthropic's `input` (see ``AnthropicRenderer``); a
///   `local_shell_call` is named `shell`.
/// - **Thought signatures.** A call that carries a Gemini thought signature gets it, unchanged,
///   as its part's `thoughtSignature` (`{"functionCall":{…},"thoughtSignature":"…"}`); see
///   ``thoughtSignature(of:)`` for where it is read. Gemini 3 requires one on the first
///   function call of every step (model turn with calls) of the current turn, the turn that
///   began with the last user content holding text and no function response; a step there
///   whose first call has none gets Google's documented placeholder ``skipValidatorSignature``
///   (noted ``RenderNote/Code/thoughtSignaturePlaceholder``). No signature is ever invented
///   where the item has one, and calls of earlier turns are left as they are.
/// - **Function responses.** Gemini pairs responses with calls by position and name, not by id.
///   Each output of every kind is `{"functionResponse":{"name": <its call's name>,"response":{"output": text}}}`
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
    /// Google's documented thought signature for a call that has none (a history made by
    /// another model, or compacted): it skips the check
    /// (https://ai.google.dev/gemini-api/docs/thought-signatures).
    public static let skipValidatorSignature = "skip_thought_signature_validator"

    /// The separator after which LiteLLM appends a Gemini thought signature to a call id
    /// (`call_…__thought__<signature>`).
    static let callIdSignatureSeparator = "__thought__"

    /// Renders `items` as `{"systemInstruction"?: {"parts": [...]}, "contents": [...]}`.
    ///
    /// - Parameter items: Committed, valid items (every call followed by its outputs right after
    ///   its model response), such as a session's array or a slice of it.
    /// - Returns: `.object` with `systemInstruction` (when there is system text) then `contents`.
    /// - Complexity: O(n) in the total size of the items, plus sorting each turn's responses.
    public static func render(_ items: some Collection<Item>) -> JSONValue {
        rendered(items).body
    }

    /// Renders `items` as ``render(_:)`` does, with a note for every placeholder signature.
    public static func rendered(_ items: some Collection<Item>) -> Rendered {
        var turns = Turns()
        var system: [JSONString] = []
        var calls: [String: (order: Int, name: JSONString)] = [:]
        for (index, item) in items.enumerated() {
            switch item.kind {
            case .message(.system), .message(.developer):
                system.append(contentsOf: item.contentTexts.filter { !$0.escaped.isEmpty })
            case .message(.user):
                for part in item.contentParts.compactMap(part) {
                    turns.append(part, to: .user, isInput: true)
                }
            case .message(.assistant):
                for text in item.contentTexts where !text.escaped.isEmpty {
                    turns.append(textPart(text), to: .model)
                }
            case .call:
                if let callId = item.callId {
                    calls[callId] = (calls.count, item.callName)
                }
                turns.appendCall(functionCall(item), item: index, hasSignature: thoughtSignature(of: item) != nil)
            case .output:
                guard let callId = item.callId, let call = calls[callId] else { continue }
                turns.appendResponse(functionResponse(item, name: call.name), order: call.order)
            case .reasoning, .apiRun, .other:
                continue
            }
        }
        var body = JSONObject()
        if !system.isEmpty {
            body["systemInstruction"] = ["parts": [textPart(.joined(system, separator: "\n\n"))]]
        }
        var (contents, notes) = turns.finish()
        if contents.first?["role"]?.stringValue == "model" {
            // Gemini wants a function-call turn right after a user turn, and conversations
            // that open with the user: say that what came before is not here.
            contents.insert(["role": "user", "parts": [["text": .string(JSONString(Renderer.omittedHistoryText))]]], at: 0)
        }
        body["contents"] = .array(contents)
        return Rendered(body: .object(body), notes: notes.sortedByItem)
    }

    /// The Gemini thought signature a call carries, if any: the first non-empty string of
    /// 1. `extra_content.google.thought_signature` (Google's OpenAI compatibility shape for tool
    ///    calls, kept by hosts that store those calls as items);
    /// 2. `provider_specific_fields.thought_signature` (LiteLLM's shape for tool calls);
    /// 3. `thought_signature` (a flat member on the call);
    /// 4. the text after `__thought__` in `call_id` (LiteLLM appends the signature to the call
    ///    id it hands to OpenAI-shaped clients, Responses included).
    ///
    /// A `reasoning` item's `encrypted_content` is never read as one: it is OpenAI's own
    /// encrypted reasoning as often as it is a converter's copy of a signature, and Gemini
    /// rejects a signature that is not its own.
    public static func thoughtSignature(of item: Item) -> JSONString? {
        let json = item.json
        for candidate in [json["extra_content"]?["google"]?["thought_signature"], json["provider_specific_fields"]?["thought_signature"], json["thought_signature"]] {
            if let signature = candidate?.jsonString, !signature.escaped.isEmpty { return signature }
        }
        guard let callId = json["call_id"]?.stringValue else { return nil }
        let bytes = Array(callId.utf8)
        let separator = Array(callIdSignatureSeparator.utf8)
        guard bytes.count > separator.count else { return nil }
        for start in 0...(bytes.count - separator.count) where bytes[start..<(start + separator.count)].elementsEqual(separator) {
            let rest = bytes[(start + separator.count)...]
            return rest.isEmpty ? nil : JSONString(String(decoding: rest, as: UTF8.self))
        }
        return nil
    }

    /// A `functionCall` part for a call, with its thought signature when it carries one.
    private static func functionCall(_ item: Item) -> JSONValue {
        var part = JSONObject([.init(key: "functionCall", value: ["name": .string(item.callName), "args": .object(item.inputObject)])])
        if let signature = thoughtSignature(of: item) {
            part["thoughtSignature"] = .string(signature)
        }
        return .object(part)
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

    /// The turns being built, with what the thought-signature rule needs: where each step's
    /// first call stands, and where the current turn begins.
    private struct Turns {
        private var builder = TurnBuilder(contentKey: "parts", userRole: "user", modelRole: "model")
        private var side: TurnBuilder.Side?
        /// The number of turns opened so far.
        private var turnCount = 0
        /// Parts appended to the open turn (model turns: in order, nothing sorted ahead).
        private var partsInTurn = 0
        /// Whether the open user turn has a non-response part, and a response.
        private var userTurnHasInput = false
        private var userTurnHasResponse = false
        /// The steps: the content index of each model turn with calls, its first call's part
        /// position and item, and whether that call carries a signature.
        private var steps: [(content: Int, part: Int, item: Int, signed: Bool)] = []
        private var stepOpen = false
        /// The first step of the current turn.
        private var currentTurnStart = 0

        /// Appends a part; `isInput` marks the user's own input (text, an image), which makes
        /// the user turn begin a new turn unless it also holds function responses.
        mutating func append(_ part: JSONValue, to side: TurnBuilder.Side, isInput: Bool = false) {
            open(side)
            builder.append(part, to: side)
            partsInTurn += 1
            if side == .user && isInput { userTurnHasInput = true }
        }

        mutating func appendCall(_ part: JSONValue, item: Int, hasSignature: Bool) {
            open(.model)
            if !stepOpen {
                steps.append((turnCount - 1, partsInTurn, item, hasSignature))
                stepOpen = true
            }
            builder.append(part, to: .model)
            partsInTurn += 1
        }

        mutating func appendResponse(_ part: JSONValue, order: Int) {
            open(.user)
            builder.appendResult(part, order: order)
            userTurnHasResponse = true
        }

        private mutating func open(_ newSide: TurnBuilder.Side) {
            guard side != newSide else { return }
            closeUserTurn()
            side = newSide
            turnCount += 1
            partsInTurn = 0
            stepOpen = false
        }

        private mutating func closeUserTurn() {
            if side == .user && userTurnHasInput && !userTurnHasResponse { currentTurnStart = steps.count }
            userTurnHasInput = false
            userTurnHasResponse = false
        }

        /// The contents, with the placeholder signature on each step of the current turn whose
        /// first call has none, and a note for each.
        mutating func finish() -> ([JSONValue], [RenderNote]) {
            closeUserTurn()
            var contents = builder.finish()
            var notes: [RenderNote] = []
            for step in steps[currentTurnStart...] where !step.signed {
                guard case .object(var turn) = contents[step.content], case .array(var parts)? = turn["parts"],
                    case .object(var part) = parts[step.part]
                else { continue }
                part["thoughtSignature"] = .string(JSONString(GeminiRenderer.skipValidatorSignature))
                parts[step.part] = .object(part)
                turn["parts"] = .array(parts)
                contents[step.content] = .object(turn)
                notes.append(RenderNote(
                    code: .thoughtSignaturePlaceholder, itemIndex: step.item,
                    message: "The call has no Gemini thought signature, which Gemini 3 requires on the first function call of each step of the current turn; it got Google's documented placeholder \"\(GeminiRenderer.skipValidatorSignature)\"."))
            }
            return (contents, notes)
        }
    }
}

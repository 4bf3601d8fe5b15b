import SequencerTestSupport
@testable import SequencerCore

/// A rule a rendered request body must keep, and whose word it is.
///
/// The property tests judge every body by all of them: our own validators, and, as a second
/// opinion we did not write, OpenAI's published schema and the Anthropic and Gemini rules of
/// `api-rules.md` (each checked here from the rendered JSON, independently of our validators).
enum BodyRule: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `Validator.validate(_:format:)`: no error in any format; in Responses no problem at all
    /// but an `unknown_type` warning (unknown types pass through on purpose, and are said).
    case validators = "our validators"
    /// Every Responses element of a known type is accepted by `#/$defs/InputItem`
    /// (``ProviderSchema/responsesItemProblems(_:)``, its documented exceptions only).
    case responsesSchema = "the published schema, Responses items"
    /// Every Chat message is accepted by `#/$defs/ChatCompletionRequestMessage` with no member
    /// outside its role's `properties` (``ProviderSchema/chatMessageProblems(_:)``), `reasoning`
    /// excepted: that one member is ``chatReasoningMember``.
    case chatSchema = "the published schema, Chat messages"
    /// No Chat message has a `reasoning` member (the schema's role branches do not list it).
    case chatReasoningMember = "Chat: no reasoning member"
    /// No Anthropic text block (in a message, in a `tool_result`, or in `system`) is empty or
    /// whitespace only: `messages: text content blocks must contain non-whitespace text`.
    case anthropicWhitespaceText = "Anthropic: no whitespace-only text block"
    /// Only the last message, and only when it is the assistant's, may have nothing in it
    /// (`content` `[]` or `""`): `messages.N: all messages must have non-empty content except for
    /// the optional final assistant message`.
    case anthropicEmptyContent = "Anthropic: no empty message but a final assistant one"
    /// When the last message is the assistant's and ends with text, that text does not end in
    /// whitespace: `messages: final assistant content cannot end with trailing whitespace`.
    case anthropicTrailingWhitespace = "Anthropic: final assistant text has no trailing whitespace"
    /// Every base64 image (in a message or a `tool_result`) is `image/jpeg`, `image/png`,
    /// `image/gif` or `image/webp`.
    case anthropicImageType = "Anthropic: base64 images are jpeg, png, gif or webp only"
    /// In the current turn (the `contents` after the last `user` turn holding anything but
    /// `functionResponse` parts), the first `functionCall` part of every `model` turn that has
    /// one carries a non-empty `thoughtSignature`.
    case geminiThoughtSignature = "Gemini: the first functionCall of each step of the current turn has a thoughtSignature"

    var description: String { rawValue }
}

/// One broken rule, as a sentence.
struct BodyFinding: Sendable, CustomStringConvertible {
    let rule: BodyRule
    let message: String

    var description: String { "\(rule): \(message)" }
}

/// The checks of ``BodyRule`` on rendered bodies.
enum BodyRules {
    /// OpenAI's schema, loaded once for every test.
    static let schema: Result<ProviderSchema, ProviderSchema.LoadError> = {
        do throws(ProviderSchema.LoadError) {
            return .success(try ProviderSchema())
        } catch {
            return .failure(error)
        }
    }()

    /// The findings of every rule on `items` rendered as each of `formats`.
    ///
    /// - Parameters:
    ///   - label: What the items are, for the messages.
    ///   - schemaFrom: The Responses elements from this offset on are judged by the published
    ///     schema (a caller that judged the ones before, in an append-only array, skips them).
    ///   - chatSchema: Whether the Chat messages are judged by the published schema.
    static func findings(
        of items: some Collection<Item>, formats: [Format] = Format.allCases, label: String, schemaFrom: Int = 0,
        chatSchema judgeChat: Bool = true
    ) -> [BodyFinding] {
        var findings: [BodyFinding] = []
        func add(_ rule: BodyRule, _ message: String) {
            findings.append(BodyFinding(rule: rule, message: "\(label): \(message)"))
        }
        let schema: ProviderSchema
        switch Self.schema {
        case .success(let loaded): schema = loaded
        case .failure(let error):
            add(.responsesSchema, "the published schema did not load: \(error)")
            return findings
        }
        for format in formats {
            let body = Renderer.render(items, as: format)
            let problems = Validator.validate(body, format: format).filter { problem in
                format == .responses ? problem.code.rawValue != "unknown_type" : problem.severity == .error
            }
            if !problems.isEmpty {
                let list = problems.prefix(3).map { "\($0.severity) \($0.code.rawValue) at \($0.index): \($0.message)" }
                add(.validators, "rendered as \(format), our validators find \(list)")
            }
            switch format {
            case .responses: responsesSchema(items: items, body: body, from: schemaFrom, schema: schema, add)
            case .chat: if judgeChat { chatSchema(body: body, schema: schema, add) }
            case .anthropic: anthropic(body: body, add)
            case .gemini: gemini(body: body, add)
            }
        }
        return findings
    }

    // MARK: Responses and Chat: the published schema

    /// Items the schema cannot judge: types the table does not know (passed through on purpose,
    /// and warned about) and Codex's `ghost_snapshot` (not in the API's union; Codex removes it
    /// before every request).
    static func isJudgedBySchema(_ item: Item) -> Bool {
        item.isKnownType && item.type != "ghost_snapshot"
    }

    private static func responsesSchema(
        items: some Collection<Item>, body: JSONValue, from: Int, schema: ProviderSchema, _ add: (BodyRule, String) -> Void
    ) {
        // One element per item, but for a host's own records, which no rendering carries.
        let rendered = items.enumerated().filter { !$0.element.isHostLocal }
        guard let elements = body.arrayValue, elements.count == rendered.count else {
            return add(.responsesSchema, "the Responses body is not one element per item (ghost snapshots left out)")
        }
        for ((index, item), element) in zip(rendered, elements) where index >= from && isJudgedBySchema(item) {
            let problems = schema.responsesItemProblems(element)
            if !problems.isEmpty {
                add(.responsesSchema, "input[\(index)] \(element) is refused: \(problems.prefix(3))")
            }
        }
    }

    /// The problem ``ProviderSchema/chatMessageProblems(_:)`` gives for a `reasoning` member.
    static let reasoningMemberProblem = "$: Additional properties are not allowed ('reasoning' was unexpected)"

    private static func chatSchema(body: JSONValue, schema: ProviderSchema, _ add: (BodyRule, String) -> Void) {
        for (index, message) in (body.arrayValue ?? []).enumerated() {
            var problems = schema.chatMessageProblems(message)
            if problems.contains(reasoningMemberProblem) {
                add(.chatReasoningMember, "messages.\(index) has a reasoning member")
                problems.removeAll { $0 == reasoningMemberProblem }
            }
            if !problems.isEmpty {
                add(.chatSchema, "messages.\(index) \(message) is refused: \(problems.prefix(3))")
            }
        }
    }

    // MARK: Anthropic

    /// The media types Anthropic takes for base64 images.
    static let anthropicImageTypes: Set<String> = ["image/jpeg", "image/png", "image/gif", "image/webp"]

    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }

    private static func anthropic(body: JSONValue, _ add: (BodyRule, String) -> Void) {
        func blocks(_ content: JSONValue?, at path: String) {
            switch content {
            case .string(let text)?:
                if isBlank(text.value) { add(.anthropicWhitespaceText, "\(path) is whitespace-only text \(content?.description ?? "")") }
            case .array(let parts)?:
                for (index, part) in parts.enumerated() {
                    let at = "\(path).\(index)"
                    switch part["type"]?.stringValue {
                    case "text":
                        if isBlank(part["text"]?.stringValue ?? "") { add(.anthropicWhitespaceText, "\(at) is a whitespace-only text block \(part)") }
                    case "image":
                        if part["source"]?["type"]?.stringValue == "base64" {
                            let mediaType = part["source"]?["media_type"]?.stringValue ?? "(none)"
                            if !anthropicImageTypes.contains(mediaType) {
                                add(.anthropicImageType, "\(at) is a base64 image of type \(mediaType)")
                            }
                        }
                    case "tool_result":
                        if let nested = part["content"] { blocks(nested, at: "\(at).content") }
                    default:
                        break
                    }
                }
            default:
                break
            }
        }
        if let system = body["system"] { blocks(system, at: "system") }
        let messages = body["messages"]?.arrayValue ?? []
        for (index, message) in messages.enumerated() {
            blocks(message["content"], at: "messages.\(index).content")
            let hasNothing = switch message["content"] {
            case .string(let text)?: text.value.isEmpty
            case .array(let parts)?: parts.isEmpty
            default: false
            }
            let mayBeEmpty = index == messages.count - 1 && message["role"]?.stringValue == "assistant"
            if hasNothing && !mayBeEmpty {
                add(.anthropicEmptyContent, "messages.\(index) (\(message["role"]?.description ?? "no role")) has empty content \(message)")
            }
        }
        guard let last = messages.last, last["role"]?.stringValue == "assistant" else { return }
        let finalText: String? = switch last["content"] {
        case .string(let text)?: text.value
        case .array(let parts)?: parts.last.flatMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
        default: nil
        }
        if let finalText, let end = finalText.last, end.isWhitespace {
            add(.anthropicTrailingWhitespace, "messages.\(messages.count - 1), the final assistant message, ends its text in whitespace: \(JSONValue.string(JSONString(finalText)))")
        }
    }

    // MARK: Gemini

    private static func gemini(body: JSONValue, _ add: (BodyRule, String) -> Void) {
        let contents = body["contents"]?.arrayValue ?? []
        // The current turn begins after the last user turn that is not only function responses.
        let start = contents.lastIndex { content in
            content["role"]?.stringValue == "user"
                && (content["parts"]?.arrayValue ?? []).contains { $0["functionResponse"] == nil }
        }.map { $0 + 1 } ?? 0
        for index in contents.indices where index >= start && contents[index]["role"]?.stringValue == "model" {
            guard let first = (contents[index]["parts"]?.arrayValue ?? []).first(where: { $0["functionCall"] != nil }) else { continue }
            let signature = first["thoughtSignature"]?.stringValue ?? ""
            if signature.isEmpty {
                add(.geminiThoughtSignature, "contents.\(index), a step of the current turn, has a first functionCall part with no thoughtSignature: \(first)")
            }
        }
    }
}

/// Checks an Anthropic Messages request, the object `{"system"?, "messages": [...]}`.
///
/// Errors (the API's texts; `{index}` is the message's index in `messages`, `{block}` the block's
/// index in its `content`):
/// - `first_message_not_user`, at message 0 when it is the assistant's:
///   `messages: first message must use the "user" role` (Bedrock rejects it; api.anthropic.com
///   has been reported to accept it: the strictest host decides, see protocol/README.md).
/// - `tool_use_without_result`, at an assistant message with `tool_use` blocks: the next message is
///   not a user message that *begins* with a `tool_result` block for every `tool_use` id. The ids
///   are listed in block order, each once, joined by `", "`; `callId` is the first of them.
/// - `tool_result_not_first`: the same rule and the same text, when every unanswered id does have a
///   `tool_result` in the next message but after another block. Anthropic's documentation requires
///   `tool_result` blocks to come first in their message and names this text as the answer; the
///   separate code tells the host that reordering, not answering, is the fix.
/// - `tool_result_without_use`, at a user message: a `tool_result` block whose `tool_use_id` is not
///   the id of a `tool_use` block of the message right before it (or there is no such assistant
///   message). One per block; `callId` is the `tool_use_id`.
/// - `invalid_tool_id`: a `tool_use` block's `id` or a `tool_result` block's `tool_use_id` is
///   missing, not a string, or does not match `^[a-zA-Z0-9_-]+$`, with the API's field-error texts
///   (`messages.{index}.content.{block}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`,
///   `… : Field required`, `… : Input should be a valid string`).
/// - `invalid_tool_input`: a `tool_use` block's `input` is missing or not an object
///   (`messages.{index}.content.{block}.tool_use.input: Input should be a valid dictionary`,
///   `… : Field required`).
/// - `empty_content`, at a message whose `content` is `[]` or `""`, unless it is the last message
///   and the assistant's (the API takes an empty final assistant message):
///   `messages.{index}: all messages must have non-empty content except for the optional final
///   assistant message`.
/// - `empty_text`, at a message with an empty text block, one per block:
///   `messages: text content blocks must be non-empty`.
/// - `whitespace_text`, at a message that has non-empty text blocks and none of them holds
///   anything but whitespace: `messages: text content blocks must contain non-whitespace text`
///   (a whitespace block beside real text is accepted).
/// - `trailing_whitespace`, at the last message when it is the assistant's and its last block is
///   text ending in whitespace: `messages: final assistant content cannot end with trailing whitespace`.
/// - `unsupported_image_type`, at a message with a base64 image (in its blocks or in a
///   `tool_result`'s) whose `media_type` is not one of the four the API takes, in the API's
///   field-error form: `messages.{index}.content.{block}.image.source.base64.media_type: Input
///   should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`.
/// - `invalid_shape` (our own texts): the request not an object; `system` neither a string nor an
///   array of text blocks; `messages` missing or not an array; a message not an object; a `role`
///   other than `user` or `assistant`; `content` neither a string nor an array; a block that is not
///   an object with a string `type`.
///
/// `"content": "text"` is a valid message. `tool_use` blocks count only in assistant messages and
/// `tool_result` blocks only in user messages; ids and inputs are checked in every message.
enum AnthropicValidator {
    /// Every problem of `request`, in the order ``Validator`` promises.
    static func validate(_ request: JSONValue) -> [Problem] {
        var problems = ProblemList()
        guard case .object(let object) = request else {
            problems.error(
                .invalidShape, at: 0,
                "The Anthropic request must be an object with a \"messages\" array, but it is \(request.articledTypeName).")
            return problems.sorted
        }
        checkSystem(object["system"], into: &problems)
        guard let messagesValue = object["messages"] else {
            problems.error(.invalidShape, at: 0, "The Anthropic request has no \"messages\" array.")
            return problems.sorted
        }
        guard case .array(let values) = messagesValue else {
            problems.error(.invalidShape, at: 0, "messages must be an array, but it is \(messagesValue.articledTypeName).")
            return problems.sorted
        }
        var messages: [Message] = []
        messages.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            messages.append(read(value, at: index, into: &problems))
        }
        if let first = messages.first, first.role == .assistant {
            problems.error(.firstMessageNotUser, at: 0, #"messages: first message must use the "user" role"#)
        }
        checkContentNotEmpty(messages, into: &problems)
        if let last = messages.indices.last, messages[last].role == .assistant, messages[last].lastText?.endsWithWhitespace == true {
            problems.error(.trailingWhitespace, at: last, "messages: final assistant content cannot end with trailing whitespace")
        }
        checkToolUsesAnswered(messages, into: &problems)
        checkToolResultsAnswerUses(messages, into: &problems)
        return problems.sorted
    }

    // MARK: - Messages

    /// What a message holds, as far as the rules care.
    private struct Message {
        enum Role { case user, assistant, unknown }

        var role: Role = .unknown
        /// The ids of the `tool_use` blocks, in order (assistant messages only).
        var toolUseIds: [String] = []
        /// The `tool_result` blocks with a string `tool_use_id` (user messages only).
        var toolResults: [(block: Int, id: String)] = []
        /// The ids of the `tool_result` blocks the content begins with, before any other block.
        var leadingResultIds: Set<String> = []
        /// Whether `content` is `[]` or `""`.
        var hasEmptyContent = false
        /// The text of the last block, when it is a text block.
        var lastText: JSONString?
        /// Whether the message has a whitespace-only non-empty text block, and a text block with
        /// something else.
        var hasWhitespaceText = false
        var hasRealText = false
    }

    private static func checkSystem(_ system: JSONValue?, into problems: inout ProblemList) {
        switch system {
        case nil, .null?, .string?:
            return
        case .array(let blocks)?:
            for (position, block) in blocks.enumerated() where block["type"]?.stringValue != "text" {
                problems.error(
                    .invalidShape, at: 0,
                    "system.\(position) must be a text block ({\"type\": \"text\", \"text\": …}), but it is \(describeBlock(block)).")
            }
        case let other?:
            problems.error(
                .invalidShape, at: 0, "system must be a string or an array of text blocks, but it is \(other.articledTypeName).")
        }
    }

    private static func read(_ value: JSONValue, at index: Int, into problems: inout ProblemList) -> Message {
        var message = Message()
        guard case .object(let object) = value else {
            problems.error(.invalidShape, at: index, "messages.\(index) must be an object, but it is \(value.articledTypeName).")
            return message
        }
        switch object["role"] {
        case .string(let role)? where role.equals("user"):
            message.role = .user
        case .string(let role)? where role.equals("assistant"):
            message.role = .assistant
        case nil:
            problems.error(.invalidShape, at: index, "messages.\(index) has no \"role\".")
        case let other?:
            problems.error(
                .invalidShape, at: index, "messages.\(index).role must be \"user\" or \"assistant\", but it is \(other.quotedOrTypeName).")
        }
        switch object["content"] {
        case .string(let text)? where text.escaped.isEmpty:
            // An empty string is an empty message, not an empty text block: the API answers it
            // with the empty-content text (`checkContentNotEmpty`).
            message.hasEmptyContent = true
        case .string(let text)?:
            readText(text, of: index, into: &message, problems: &problems)
        case .array(let blocks)? where blocks.isEmpty:
            message.hasEmptyContent = true
        case .array(let blocks)?:
            readBlocks(blocks, of: index, into: &message, problems: &problems)
        case nil:
            problems.error(.invalidShape, at: index, "messages.\(index) has no \"content\".")
        case let other?:
            problems.error(
                .invalidShape, at: index,
                "messages.\(index).content must be a string or an array of content blocks, but it is \(other.articledTypeName).")
        }
        if message.hasWhitespaceText && !message.hasRealText {
            problems.error(.whitespaceText, at: index, "messages: text content blocks must contain non-whitespace text")
        }
        return message
    }

    /// Reads one text block: `empty_text`, and what the whitespace rules need.
    private static func readText(_ text: JSONString, of index: Int, into message: inout Message, problems: inout ProblemList) {
        message.lastText = text
        if text.escaped.isEmpty {
            problems.error(.emptyText, at: index, "messages: text content blocks must be non-empty")
        } else if text.isWhitespaceOnly {
            message.hasWhitespaceText = true
        } else {
            message.hasRealText = true
        }
    }

    /// `unsupported_image_type` for a base64 image block whose media type the API does not take.
    private static func checkImage(_ block: JSONObject, path: String, at index: Int, into problems: inout ProblemList) {
        guard let source = block["source"], source["type"]?.stringValue == "base64",
            let mediaType = source["media_type"]?.jsonString,
            !AnthropicRenderer.imageMediaTypes.contains(where: mediaType.equals)
        else { return }
        problems.error(
            .unsupportedImageType, at: index,
            "\(path).image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'")
    }

    private static func readBlocks(
        _ blocks: [JSONValue], of index: Int, into message: inout Message, problems: inout ProblemList
    ) {
        var leading = true
        for (position, value) in blocks.enumerated() {
            let path = "messages.\(index).content.\(position)"
            guard case .object(let block) = value, let type = block["type"]?.stringValue else {
                problems.error(
                    .invalidShape, at: index,
                    "\(path) must be a content block, an object with a string \"type\", but it is \(describeBlock(value)).")
                leading = false
                continue
            }
            message.lastText = nil
            switch type {
            case "text":
                leading = false
                if let text = block["text"]?.jsonString { readText(text, of: index, into: &message, problems: &problems) }
            case "image":
                leading = false
                checkImage(block, path: path, at: index, into: &problems)
            case "tool_use":
                leading = false
                let id = toolId(block["id"], path: "\(path).tool_use.id", at: index, into: &problems)
                checkInput(block["input"], path: "\(path).tool_use.input", at: index, into: &problems)
                if let id, message.role == .assistant { message.toolUseIds.append(id) }
            case "tool_result":
                let id = toolId(block["tool_use_id"], path: "\(path).tool_result.tool_use_id", at: index, into: &problems)
                for (inner, nested) in (block["content"]?.arrayValue ?? []).enumerated() {
                    if case .object(let nestedBlock) = nested, nestedBlock["type"]?.stringValue == "image" {
                        checkImage(nestedBlock, path: "\(path).tool_result.content.\(inner)", at: index, into: &problems)
                    }
                }
                guard message.role == .user else { continue }
                if let id {
                    message.toolResults.append((position, id))
                    if leading { message.leadingResultIds.insert(id) }
                }
            default:
                leading = false
            }
        }
    }

    /// The id if it is a string; reports it when it is missing, not a string, or off the pattern.
    private static func toolId(_ value: JSONValue?, path: String, at index: Int, into problems: inout ProblemList) -> String? {
        switch value {
        case .string(let string)?:
            let id = string.value
            if !isValidToolId(id) {
                problems.error(.invalidToolId, at: index, callId: id, "\(path): String should match pattern '^[a-zA-Z0-9_-]+$'")
            }
            return id
        case nil:
            problems.error(.invalidToolId, at: index, "\(path): Field required")
        case _?:
            problems.error(.invalidToolId, at: index, "\(path): Input should be a valid string")
        }
        return nil
    }

    private static func checkInput(_ value: JSONValue?, path: String, at index: Int, into problems: inout ProblemList) {
        switch value {
        case .object?:
            return
        case nil:
            problems.error(.invalidToolInput, at: index, "\(path): Field required")
        case _?:
            problems.error(.invalidToolInput, at: index, "\(path): Input should be a valid dictionary")
        }
    }

    /// Whether `id` matches `^[a-zA-Z0-9_-]+$`.
    static func isValidToolId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy(AnthropicRenderer.isToolIDByte)
    }

    private static func describeBlock(_ value: JSONValue) -> String {
        guard case .object(let block) = value else { return value.articledTypeName }
        guard let type = block["type"] else { return "an object with no \"type\"" }
        return "an object whose \"type\" is \(type.quotedOrTypeName)"
    }

    // MARK: - Rules

    /// `tool_use_without_result` and `tool_result_not_first`: the next message begins with a
    /// `tool_result` for every `tool_use` of an assistant message.
    private static func checkToolUsesAnswered(_ messages: [Message], into problems: inout ProblemList) {
        for (index, message) in messages.enumerated() where message.role == .assistant && !message.toolUseIds.isEmpty {
            let next = index + 1 < messages.count && messages[index + 1].role == .user ? messages[index + 1] : nil
            let leading = next?.leadingResultIds ?? []
            var listed: Set<String> = []
            var missing: [String] = []
            for id in message.toolUseIds where !leading.contains(id) && listed.insert(id).inserted {
                missing.append(id)
            }
            guard let first = missing.first else { continue }
            let answeredLater = Set(next?.toolResults.map(\.id) ?? [])
            let code: ProblemCode = missing.allSatisfy(answeredLater.contains) ? .toolResultNotFirst : .toolUseWithoutResult
            problems.error(
                code, at: index, callId: first,
                "messages.\(index): `tool_use` ids were found without `tool_result` blocks immediately after: \(missing.joined(separator: ", ")). Each `tool_use` block must have a corresponding `tool_result` block in the next message.")
        }
    }

    /// `empty_content`: every message but a final assistant one has some content.
    private static func checkContentNotEmpty(_ messages: [Message], into problems: inout ProblemList) {
        for (index, message) in messages.enumerated() where message.hasEmptyContent {
            if index == messages.count - 1 && message.role == .assistant { continue }
            problems.error(
                .emptyContent, at: index,
                "messages.\(index): all messages must have non-empty content except for the optional final assistant message")
        }
    }

    /// `tool_result_without_use`: every `tool_result` answers a `tool_use` of the message before it.
    private static func checkToolResultsAnswerUses(_ messages: [Message], into problems: inout ProblemList) {
        for (index, message) in messages.enumerated() where !message.toolResults.isEmpty {
            let previous = index > 0 && messages[index - 1].role == .assistant ? Set(messages[index - 1].toolUseIds) : []
            for result in message.toolResults where !previous.contains(result.id) {
                problems.error(
                    .toolResultWithoutUse, at: index, callId: result.id,
                    "messages.\(index).content.\(result.block): unexpected `tool_use_id` found in `tool_result` blocks: \(result.id). Each `tool_result` block must have a corresponding `tool_use` block in the previous message.")
            }
        }
    }
}

/// Checks an OpenAI Chat Completions `messages` array.
///
/// A *run* is the longest stretch of consecutive `role: "tool"` messages; the message right
/// before a run is the one its tool messages must answer.
///
/// Errors (the API's texts):
/// - `tool_calls_unanswered`, at an assistant message with `tool_calls`: some of its tool call ids
///   have no tool message in the run right after it. One problem per assistant message; `callId`
///   is the first missing id; the ids are listed in `tool_calls` order, each once, joined by `", "`.
/// - `tool_message_without_call`, at a tool message: its `tool_call_id` is not among the
///   `tool_calls` of the assistant message right before its run (or that message has none).
///   `callId` is the tool message's `tool_call_id`.
/// - `invalid_shape`: `messages` not an array; a message not an object; a `role` missing or not one
///   of `system`, `developer`, `user`, `assistant`, `tool`, `function`; `tool_calls` (when not
///   `null`) not an array, empty, or holding a call that is not an object or has no string `id`;
///   a tool message whose `tool_call_id` is missing or not a string.
///
/// - `additional_properties`, at a message with members its role's published schema
///   (`OpenAISchemaMembers`, generated from OpenAI's description) does not declare, one problem
///   per message listing them in member order, in the text of the API's JSON Schema validation:
///   `Additional properties are not allowed ('x' was unexpected) - 'messages.N'`
///   (`('x', 'y' were unexpected)` for several). With the reasoning option
///   ``RenderOptions/ChatReasoning/reasoningContent`` (``RenderOptions/ChatReasoning/reasoning``),
///   `reasoning_content` (`reasoning`) is allowed on assistant messages.
///
/// Tool messages of a run may answer the calls in any order; their `content` is not checked.
enum ChatValidator {
    /// Every problem of `messages`, in the order ``Validator`` promises.
    static func validate(_ messages: JSONValue, reasoning: RenderOptions.ChatReasoning = .omit) -> [Problem] {
        var problems = ProblemList()
        guard case .array(let values) = messages else {
            problems.error(
                .invalidShape, at: 0,
                "The Chat Completions messages must be an array, but it is \(messages.articledTypeName).")
            return problems.sorted
        }
        var entries: [Entry] = []
        entries.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            entries.append(classify(value, at: index, reasoning: reasoning, into: &problems))
        }
        checkToolRuns(entries, into: &problems)
        return problems.sorted
    }

    // MARK: - Messages

    /// What a message is, as far as the rules care.
    private enum Entry {
        /// An assistant message with `tool_calls`, and the ids of its well-formed calls in order.
        case assistantWithCalls([String])
        /// A tool message and its `tool_call_id`, if it has a usable one.
        case tool(callId: String?)
        /// Any other message, or a malformed one.
        case other
    }

    private static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    private static func classify(
        _ value: JSONValue, at index: Int, reasoning: RenderOptions.ChatReasoning, into problems: inout ProblemList
    ) -> Entry {
        let path = "messages[\(index)]"
        guard case .object(let message) = value else {
            problems.error(.invalidShape, at: index, OpenAIShapeText.invalidType(path, expected: "an object", got: value))
            return .other
        }
        guard let roleValue = message["role"] else {
            problems.error(.invalidShape, at: index, OpenAIShapeText.missing("\(path).role"))
            return .other
        }
        guard let role = roleValue.stringValue, roles.contains(role) else {
            problems.error(
                .invalidShape, at: index,
                "\(path).role must be one of system, developer, user, assistant, tool, function, but it is \(roleValue.quotedOrTypeName).")
            return .other
        }
        checkMembers(of: message, role: role, at: index, reasoning: reasoning, into: &problems)
        switch role {
        case "assistant":
            return classifyAssistant(message, path: path, at: index, into: &problems)
        case "tool":
            return .tool(callId: toolCallId(of: message, path: path, at: index, into: &problems))
        default:
            return .other
        }
    }

    /// `additional_properties`: the members the role's schema does not declare.
    private static func checkMembers(
        of message: JSONObject, role: String, at index: Int, reasoning: RenderOptions.ChatReasoning, into problems: inout ProblemList
    ) {
        guard let declared = OpenAISchemaMembers.chatMessageMembers[role] else { return }
        let extra = role == "assistant" && reasoning != .omit ? reasoning.rawValue : nil
        let unexpected = message.members.map(\.key.value).filter { !declared.contains($0) && $0 != extra }
        guard !unexpected.isEmpty else { return }
        // Python's repr of each name, as the API's jsonschema message prints them.
        let names = unexpected.map { $0.contains("'") && !$0.contains("\"") ? "\"\($0)\"" : "'\($0)'" }
        problems.error(
            .additionalProperties, at: index,
            "Additional properties are not allowed (\(names.joined(separator: ", ")) \(unexpected.count == 1 ? "was" : "were") unexpected) - 'messages.\(index)'")
    }

    private static func classifyAssistant(
        _ message: JSONObject, path: String, at index: Int, into problems: inout ProblemList
    ) -> Entry {
        let param = "\(path).tool_calls"
        switch message["tool_calls"] {
        case nil, .null?:
            return .other
        case .array(let calls)?:
            if calls.isEmpty {
                problems.error(.invalidShape, at: index, OpenAIShapeText.emptyArray(param))
                return .other
            }
            var ids: [String] = []
            for (position, call) in calls.enumerated() {
                let callPath = "\(param)[\(position)]"
                guard case .object(let object) = call else {
                    problems.error(.invalidShape, at: index, OpenAIShapeText.invalidType(callPath, expected: "an object", got: call))
                    continue
                }
                switch object["id"] {
                case .string(let id)?:
                    ids.append(id.value)
                case nil:
                    problems.error(.invalidShape, at: index, OpenAIShapeText.missing("\(callPath).id"))
                case let other?:
                    problems.error(
                        .invalidShape, at: index, OpenAIShapeText.invalidType("\(callPath).id", expected: "a string", got: other))
                }
            }
            return .assistantWithCalls(ids)
        case let other?:
            problems.error(.invalidShape, at: index, OpenAIShapeText.invalidType(param, expected: "an array", got: other))
            return .other
        }
    }

    private static func toolCallId(
        of message: JSONObject, path: String, at index: Int, into problems: inout ProblemList
    ) -> String? {
        let param = "\(path).tool_call_id"
        switch message["tool_call_id"] {
        case .string(let id)?:
            return id.value
        case nil:
            problems.error(.invalidShape, at: index, OpenAIShapeText.missing(param))
        case let other?:
            problems.error(.invalidShape, at: index, OpenAIShapeText.invalidType(param, expected: "a string", got: other))
        }
        return nil
    }

    // MARK: - Rules

    /// `tool_calls_unanswered` and `tool_message_without_call`, run by run.
    private static func checkToolRuns(_ entries: [Entry], into problems: inout ProblemList) {
        var index = 0
        while index < entries.count {
            guard case .tool = entries[index] else {
                if case .assistantWithCalls(let ids) = entries[index] {
                    let runEnd = endOfRun(startingAt: index + 1, in: entries)
                    checkCallsAnswered(ids, at: index, run: (index + 1)..<runEnd, in: entries, into: &problems)
                    checkRun((index + 1)..<runEnd, answering: Set(ids), in: entries, into: &problems)
                    index = runEnd
                } else {
                    index += 1
                }
                continue
            }
            // A run with no assistant message with tool_calls right before it.
            let runEnd = endOfRun(startingAt: index, in: entries)
            checkRun(index..<runEnd, answering: [], in: entries, into: &problems)
            index = runEnd
        }
    }

    /// The index after the run of tool messages that starts at `start` (`start` itself if none does).
    private static func endOfRun(startingAt start: Int, in entries: [Entry]) -> Int {
        var end = start
        while end < entries.count, case .tool = entries[end] { end += 1 }
        return end
    }

    private static func checkCallsAnswered(
        _ ids: [String], at index: Int, run: Range<Int>, in entries: [Entry], into problems: inout ProblemList
    ) {
        var answered: Set<String> = []
        for position in run {
            if case .tool(let callId?) = entries[position] { answered.insert(callId) }
        }
        var listed: Set<String> = []
        var missing: [String] = []
        for id in ids where !answered.contains(id) && listed.insert(id).inserted {
            missing.append(id)
        }
        guard let first = missing.first else { return }
        problems.error(
            .toolCallsUnanswered, at: index, callId: first,
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: \(missing.joined(separator: ", "))")
    }

    private static func checkRun(
        _ run: Range<Int>, answering ids: Set<String>, in entries: [Entry], into problems: inout ProblemList
    ) {
        for position in run {
            guard case .tool(let callId?) = entries[position], !ids.contains(callId) else { continue }
            problems.error(
                .toolMessageWithoutCall, at: position, callId: callId,
                "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.")
        }
    }
}

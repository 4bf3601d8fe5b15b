/// Checks an OpenAI Responses `input` array.
///
/// Errors (the API's texts, `"param": "input"`):
/// - A call (`function_call`, `local_shell_call`, `custom_tool_call`) with no output of the kind
///   that answers it, with the same `call_id`, anywhere after it: `missing_output` at the call.
///   `function_call_output` answers function and local shell calls; `custom_tool_call_output`
///   answers only custom tool calls.
/// - An output with no call of a kind it answers, with the same `call_id`, anywhere before it:
///   `orphan_output` at the output.
/// - A `local_shell_call` whose `call_id` is `null`: `null_call_id`, with the text OpenAI's request
///   validation gives a `null` where a string is required
///   (`Invalid type for 'input[{index}].call_id': expected a string, but got null instead.`);
///   no output can name such a call, so it is not reported as `missing_output` too.
/// - A `reasoning` item with a string `id` that is the last item: `reasoning_without_following_item`.
///   A `null` or absent `id` is no id.
/// - An item that is not an object; an item with no `type` and no `role` (a message may leave out
///   `type`, the API's "easy input message"), or a `type` that is not a string; a message with a
///   role other than `user`, `assistant`, `system`, `developer`, or with no string or array
///   `content`; a call or output whose `call_id` is missing, not a string, or empty; a call
///   without a member its kind requires as a string (`function_call`'s `name`,
///   `custom_tool_call`'s `name` and `input`: `Missing required parameter: 'input[{index}].input'.`),
///   or whose enumerated member is missing, not a string, or not one of its values
///   (`local_shell_call`'s `status`: `Invalid value: 'done'. Supported values are: 'in_progress',
///   'completed', and 'incomplete'.`); an output whose `output` is missing or neither a string
///   nor an array: `invalid_shape`.
///
/// Warnings (the API checks presence, not adjacency; we keep outputs before later user input):
/// - `message_before_output`: a `user`, `developer` or `system` message between a call and the
///   output that answers it, at the message, `callId` the call's; one per call it interrupts.
/// - `duplicate_output`: an output for a `call_id` whose calls are all answered already.
/// - `duplicate_call`: a call whose `call_id` an earlier call (of any kind) already used.
///
/// - `unknown_parameter`: a top-level member that the published schema of the item's type
///   (`OpenAISchemaMembers`, generated from OpenAI's description) does not declare, one problem
///   per member: `Unknown parameter: 'input[{index}].{member}'.`
///
/// Outputs answer calls first come, first served: each output answers the earliest unanswered
/// earlier call of a kind it answers with its key. Every host-run kind of the table is paired
/// (`No tool output found for shell call …`, `… for mcp approval request …`), by its own key
/// members (an `mcp_approval_request`'s `id`, its response's `approval_request_id`).
///
/// Warning `unknown_type`: an item whose `type` the table does not know; it is not checked further.
///
/// The array is taken as the whole conversation: an output answering a call that lives only in a
/// stored response (`previous_response_id`, `item_reference`) is reported as an orphan.
enum ResponsesValidator {
    /// Every problem of `input`, in the order ``Validator`` promises.
    static func validate(_ input: JSONValue, kinds: CallKindTable = .builtIn) -> [Problem] {
        var problems = ProblemList()
        switch input {
        case .string:
            return []
        case .array(let items):
            var entries: [Entry] = []
            entries.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                entries.append(classify(item, at: index, kinds: kinds, into: &problems))
            }
            checkOutputsFollowCalls(entries, into: &problems)
            let pairs = pairOutputsWithCalls(entries, into: &problems)
            checkDuplicateCalls(entries, into: &problems)
            checkMessagesBeforeOutputs(entries, pairs: pairs, into: &problems)
            checkTrailingReasoning(entries, into: &problems)
        default:
            problems.error(
                .invalidShape, at: 0,
                "The Responses input must be an array of items (or a string), but it is \(input.articledTypeName).")
        }
        return problems.sorted
    }

    // MARK: - Items

    /// What an item is, as far as the rules care.
    private enum Entry {
        /// A call with a usable `call_id`.
        case call(CallKind, callId: String)
        /// An output with a usable `call_id`.
        case output(OutputKind, callId: String)
        /// A `user`, `developer` or `system` message.
        case hostMessage(MessageRole)
        /// A `reasoning` item and its server id, if it has one.
        case reasoning(id: String?)
        /// Anything else: assistant messages, unknown types, malformed items.
        case other
    }

    /// An output type and a key: what an output answers, and what a call is answered by.
    private struct PairingKey: Hashable {
        let outputType: String
        let callId: String
    }

    /// The calls of one key, earliest first, with whether each is answered yet.
    private struct CallQueue {
        private var calls: [(index: Int, kind: CallKind, answered: Bool)] = []

        mutating func append(index: Int, kind: CallKind) {
            calls.append((index, kind, false))
        }

        /// Whether any call of the queue is answered by outputs of `type`.
        func hasCall(answeredBy type: String) -> Bool {
            calls.contains { $0.kind.isAnsweredDirectly(by: type) }
        }

        /// Takes the earliest unanswered call that an output of `type` answers.
        mutating func answer(with type: String) -> (index: Int, kind: CallKind)? {
            guard let position = calls.firstIndex(where: { !$0.answered && $0.kind.isAnsweredDirectly(by: type) }) else { return nil }
            calls[position].answered = true
            return (calls[position].index, calls[position].kind)
        }
    }

    /// A call and the output that answers it.
    private struct Pair {
        let call: Int
        let output: Int
        let callKind: CallKind
        let callId: String
    }

    private static func classify(_ value: JSONValue, at index: Int, kinds: CallKindTable, into problems: inout ProblemList) -> Entry {
        guard case .object(let item) = value else {
            problems.error(.invalidShape, at: index, "input[\(index)] must be an object, but it is \(value.articledTypeName).")
            return .other
        }
        let type: String
        switch item["type"] {
        case .string(let string)?:
            type = string.value
        case nil where item.contains("role"):
            type = "message"
        case nil:
            problems.error(
                .invalidShape, at: index,
                "input[\(index)] has no \"type\": every item needs a string \"type\" (a message may leave it out, but then needs a \"role\").")
            return .other
        case let other?:
            problems.error(.invalidShape, at: index, "input[\(index)].type must be a string, but it is \(other.articledTypeName).")
            return .other
        }
        checkMembers(of: item, type: type, at: index, kinds: kinds, into: &problems)
        switch type {
        case "message":
            return classifyMessage(item, at: index, into: &problems)
        case "reasoning":
            return classifyReasoning(item, at: index, into: &problems)
        default:
            if let kind = kinds.callKind(named: type) {
                if let discriminator = kind.discriminator, item[discriminator.member]?.stringValue != discriminator.value {
                    return .other  // run by the API
                }
                for member in kind.requiredStrings where item[member]?.jsonString == nil {
                    let param = "input[\(index)].\(member)"
                    problems.error(
                        .invalidShape, at: index,
                        item[member].map { OpenAIShapeText.invalidType(param, expected: "a string", got: $0) } ?? OpenAIShapeText.missing(param))
                }
                for required in kind.requiredEnums {
                    checkEnumerated(required.member, values: required.values, of: item, at: index, into: &problems)
                }
                guard let callId = callId(of: item, member: kind.callKeyMember, at: index, nullIsAllowedShape: kind == .localShell,
                                          into: &problems) else {
                    return .other
                }
                return .call(kind, callId: callId)
            }
            if let row = kinds.outputRow(type) {
                if let apiRun = row.apiRunWhen, item[apiRun.member]?.stringValue == apiRun.value { return .other }
                if let required = row.required {
                    checkMember(required.member, shape: required.shape, of: item, at: index, into: &problems)
                }
                guard let callId = callId(of: item, member: row.kind.keyMember, at: index, nullIsAllowedShape: false, into: &problems) else {
                    return .other
                }
                return .output(row.kind, callId: callId)
            }
            return .other
        }
    }

    /// Members the API accepts although the published schema does not declare them, with the
    /// evidence: `custom_tool_call`'s `status` (the API returns custom tool calls with a
    /// `status`, and Codex's `ResponseItem::CustomToolCall` keeps it and sends it back on every
    /// request, as it does `local_shell_call`'s, which the schema declares).
    static let acceptedBeyondSchema: [String: [String]] = ["custom_tool_call": ["status"]]

    /// `unknown_parameter` for every top-level member the type's published schema does not
    /// declare; `unknown_type` for a type the table does not know. Types the schema does not
    /// describe (Codex's `ghost_snapshot`, a host's declared kinds) are not checked member by member.
    private static func checkMembers(
        of item: JSONObject, type: String, at index: Int, kinds: CallKindTable, into problems: inout ProblemList
    ) {
        guard kinds.isKnown(type) else {
            problems.warning(
                .unknownType, at: index,
                "input[\(index)] has type \"\(type)\", which is not a type this sidecar knows: it is passed through unchecked, and the API may reject it.")
            return
        }
        guard kinds.callKind(named: type)?.isDeclared != true, let declared = OpenAISchemaMembers.responsesItemMembers[type] else { return }
        let accepted = acceptedBeyondSchema[type] ?? []
        for member in item.members where !declared.contains(member.key.value) && !accepted.contains(member.key.value) {
            problems.error(.unknownParameter, at: index, "Unknown parameter: 'input[\(index)].\(member.key.value)'.")
        }
    }

    private static func classifyMessage(_ item: JSONObject, at index: Int, into problems: inout ProblemList) -> Entry {
        guard let roleValue = item["role"] else {
            problems.error(.invalidShape, at: index, "input[\(index)] is a message with no \"role\".")
            return .other
        }
        guard let role = roleValue.stringValue.flatMap(MessageRole.init(rawValue:)) else {
            problems.error(
                .invalidShape, at: index,
                "input[\(index)].role must be one of user, assistant, system, developer, but it is \(roleValue.quotedOrTypeName).")
            return .other
        }
        switch item["content"] {
        case .string?, .array?:
            break
        case nil:
            problems.error(.invalidShape, at: index, "input[\(index)] is a message with no \"content\".")
        case let other?:
            problems.error(
                .invalidShape, at: index,
                "input[\(index)].content must be a string or an array of content items, but it is \(other.articledTypeName).")
        }
        return role.isModelSide ? .other : .hostMessage(role)
    }

    private static func classifyReasoning(_ item: JSONObject, at index: Int, into problems: inout ProblemList) -> Entry {
        switch item["id"] {
        case .string(let id)?:
            return .reasoning(id: id.value)
        case nil, .null?:
            return .reasoning(id: nil)
        case let other?:
            problems.error(
                .invalidShape, at: index, OpenAIShapeText.invalidType("input[\(index)].id", expected: "a string", got: other))
            return .reasoning(id: nil)
        }
    }

    /// The item's `call_id`, or `nil` after reporting why it cannot pair.
    ///
    /// - Parameter nullIsAllowedShape: Whether a `null` is the item's own shape (Codex writes
    ///   `local_shell_call` with `"call_id": null`), reported as `null_call_id` rather than as a bad shape.
    private static func callId(
        of item: JSONObject, member: String, at index: Int, nullIsAllowedShape: Bool, into problems: inout ProblemList
    ) -> String? {
        let param = "input[\(index)].\(member)"
        switch item[member] {
        case .string(let string)?:
            let callId = string.value
            if callId.isEmpty {
                problems.error(.invalidShape, at: index, OpenAIShapeText.emptyString(param))
                return nil
            }
            return callId
        case nil:
            problems.error(.invalidShape, at: index, OpenAIShapeText.missing(param))
        case .null? where nullIsAllowedShape:
            problems.error(.nullCallId, at: index, OpenAIShapeText.invalidType(param, expected: "a string", got: .null))
        case let other?:
            problems.error(.invalidShape, at: index, OpenAIShapeText.invalidType(param, expected: "a string", got: other))
        }
        return nil
    }

    /// `invalid_shape` unless `member` is a string among `values`, with the API's text for a
    /// missing member, a wrong type, or a value it does not support.
    private static func checkEnumerated(
        _ member: String, values: [String], of item: JSONObject, at index: Int, into problems: inout ProblemList
    ) {
        let param = "input[\(index)].\(member)"
        switch item[member] {
        case .string(let value)? where values.contains(value.value):
            break
        case .string(let value)?:
            problems.error(.invalidShape, at: index, OpenAIShapeText.invalidValue(value.value, supported: values))
        case nil:
            problems.error(.invalidShape, at: index, OpenAIShapeText.missing(param))
        case let other?:
            problems.error(.invalidShape, at: index, OpenAIShapeText.invalidType(param, expected: "a string", got: other))
        }
    }

    private static func checkMember(
        _ member: String, shape: CallKindTable.MemberShape, of item: JSONObject, at index: Int, into problems: inout ProblemList
    ) {
        switch item[member] {
        case let value? where shape.admits(typeName: value.typeName):
            break
        case nil:
            problems.error(.invalidShape, at: index, OpenAIShapeText.missing("input[\(index)].\(member)"))
        case let other?:
            problems.error(
                .invalidShape, at: index,
                "input[\(index)].\(member) must be \(shape.description), but it is \(other.articledTypeName).")
        }
    }

    // MARK: - Rules

    /// `missing_output`: every call needs an output of a type that answers it somewhere after it.
    private static func checkOutputsFollowCalls(_ entries: [Entry], into problems: inout ProblemList) {
        var lastOutput: [PairingKey: Int] = [:]
        for (index, entry) in entries.enumerated() {
            if case .output(let kind, let callId) = entry {
                lastOutput[PairingKey(outputType: kind.type, callId: callId)] = index
            }
        }
        for (index, entry) in entries.enumerated() {
            guard case .call(let kind, let callId) = entry else { continue }
            let answeredLater = kind.outputTypes.contains { type in
                lastOutput[PairingKey(outputType: type, callId: callId)].map { $0 > index } ?? false
            }
            if !answeredLater {
                problems.error(.missingOutput, at: index, callId: callId, "No tool output found for \(kind.displayName) \(callId).")
            }
        }
    }

    /// `orphan_output` and `duplicate_output`; returns which output answers which call.
    private static func pairOutputsWithCalls(_ entries: [Entry], into problems: inout ProblemList) -> [Pair] {
        var waiting: [String: CallQueue] = [:]
        var lastAnswer: [PairingKey: Int] = [:]
        var pairs: [Pair] = []
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .call(let kind, let callId):
                waiting[callId, default: CallQueue()].append(index: index, kind: kind)
            case .output(let kind, let callId):
                let key = PairingKey(outputType: kind.type, callId: callId)
                guard waiting[callId]?.hasCall(answeredBy: kind.type) ?? false else {
                    problems.error(
                        .orphanOutput, at: index, callId: callId,
                        "No tool call found for \(kind.displayName) with \(kind.keyMember) \(callId).")
                    continue
                }
                guard let call = waiting[callId]?.answer(with: kind.type) else {
                    let answered = lastAnswer[key].map { " at input[\($0)]" } ?? ""
                    problems.warning(
                        .duplicateOutput, at: index, callId: callId,
                        "The \(kind.type) at input[\(index)] is a second output for \(kind.keyMember) \(callId), whose call was already answered\(answered); keep only one.")
                    continue
                }
                lastAnswer[key] = index
                pairs.append(Pair(call: call.index, output: index, callKind: call.kind, callId: callId))
            default:
                continue
            }
        }
        return pairs.sorted { $0.call < $1.call }
    }

    /// `duplicate_call`: a `call_id` names one call.
    private static func checkDuplicateCalls(_ entries: [Entry], into problems: inout ProblemList) {
        var firstCall: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            guard case .call(let kind, let callId) = entry else { continue }
            if let first = firstCall[callId] {
                problems.warning(
                    .duplicateCall, at: index, callId: callId,
                    "The \(kind.rawValue) at input[\(index)] reuses call_id \(callId) of the call at input[\(first)]; every call needs a call_id of its own.")
            } else {
                firstCall[callId] = index
            }
        }
    }

    /// `message_before_output`: no user, developer or system message between a call and its output.
    private static func checkMessagesBeforeOutputs(_ entries: [Entry], pairs: [Pair], into problems: inout ProblemList) {
        var messages: [(index: Int, role: MessageRole)] = []
        for (index, entry) in entries.enumerated() {
            if case .hostMessage(let role) = entry { messages.append((index, role)) }
        }
        guard !messages.isEmpty else { return }
        for pair in pairs {
            // The first message after the call, by binary search.
            var low = 0
            var high = messages.count
            while low < high {
                let middle = (low + high) / 2
                if messages[middle].index > pair.call { high = middle } else { low = middle + 1 }
            }
            var position = low
            while position < messages.count, messages[position].index < pair.output {
                let message = messages[position]
                problems.warning(
                    .messageBeforeOutput, at: message.index, callId: pair.callId,
                    "The \(message.role.rawValue) message at input[\(message.index)] comes between the \(pair.callKind.displayName) \(pair.callId) at input[\(pair.call)] and its output at input[\(pair.output)]; move the output before the message, as Chat Completions and Anthropic require.")
                position += 1
            }
        }
    }

    /// `reasoning_without_following_item`: a reasoning item sent with its id needs an item after it.
    private static func checkTrailingReasoning(_ entries: [Entry], into problems: inout ProblemList) {
        guard let last = entries.last, case .reasoning(let id?) = last else { return }
        problems.error(
            .reasoningWithoutFollowingItem, at: entries.count - 1,
            "Item '\(id)' of type 'reasoning' was provided without its required following item.")
    }
}

/// Checks a Google Gemini request, the object `{"systemInstruction"?, "contents": [...]}`.
///
/// A *function-call turn* is a `model` turn with at least one `functionCall` part; its *response
/// turn* is the turn right after it, which must be a `user` turn.
///
/// Errors (the API's texts):
/// - `function_response_count_mismatch`, at a function-call turn: the next turn is not a `user`
///   turn with exactly as many `functionResponse` parts as the call turn has `functionCall` parts
///   (a call turn that is the last turn has none).
/// - `function_response_without_call`, at a `user` turn with `functionResponse` parts that does not
///   come right after a function-call turn
///   (`Please ensure that function response turn comes immediately after a function call turn.`).
/// - `function_call_turn_misplaced`, at a function-call turn that is the first turn or comes right
///   after another `model` turn
///   (`Please ensure that function call turn comes immediately after a user turn or after a function response turn.`).
/// - `missing_thought_signature`, at a function-call turn of the current turn (the turns after
///   the last `user` turn that has a part other than a function response and no function
///   response) whose first `functionCall` part has no `thoughtSignature` (or `thought_signature`)
///   string: Gemini 3 requires one on the first call of every step. The API's text names the
///   first call and the 1-based position of the turn in `contents`, with the space before the
///   comma that the API's messages have:
///   ``Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:{name}` , position {index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.``
/// - `invalid_shape` (our own texts): the request not an object; `systemInstruction` not an object;
///   `contents` missing or not an array; a turn not an object; a `role` other than `user` or
///   `model`; `parts` missing or not an array; a part not an object; a `functionCall` or
///   `functionResponse` that is not an object.
///
/// Warnings (the API takes these, but Gemini has no call ids and pairs by position and name):
/// - `function_response_name_mismatch`, at the response turn: the k-th `functionResponse` is not
///   named like the k-th `functionCall` (checked when the counts agree, and both names are strings);
///   `callId` is the call's `id` when it has one.
/// - `function_response_not_first`, at the response turn: another part comes before one of its
///   `functionResponse` parts; one per turn.
///
/// Like the API, which reads JSON through the protobuf mapping, it accepts the proto field names
/// too (`system_instruction`, `function_call`, `function_response`) and a single object where an
/// array is expected (`"parts": {"text": "…"}`). A turn without `role` is taken as `user`.
enum GeminiValidator {
    /// Every problem of `request`, in the order ``Validator`` promises.
    static func validate(_ request: JSONValue) -> [Problem] {
        var problems = ProblemList()
        guard case .object(let object) = request else {
            problems.error(
                .invalidShape, at: 0,
                "The Gemini request must be an object with a \"contents\" array, but it is \(request.articledTypeName).")
            return problems.sorted
        }
        switch member(of: object, "systemInstruction", "system_instruction") {
        case nil, .null?, .object?:
            break
        case let other?:
            problems.error(
                .invalidShape, at: 0, "systemInstruction must be a Content object with \"parts\", but it is \(other.articledTypeName).")
        }
        guard let contentsValue = object["contents"] else {
            problems.error(.invalidShape, at: 0, "The Gemini request has no \"contents\" array.")
            return problems.sorted
        }
        guard let contents = list(contentsValue) else {
            problems.error(.invalidShape, at: 0, "contents must be an array, but it is \(contentsValue.articledTypeName).")
            return problems.sorted
        }
        var turns: [Turn] = []
        turns.reserveCapacity(contents.count)
        for (index, value) in contents.enumerated() {
            turns.append(read(value, at: index, into: &problems))
        }
        checkResponseCounts(turns, into: &problems)
        checkResponsesFollowCalls(turns, into: &problems)
        checkCallTurnsFollowUser(turns, into: &problems)
        checkThoughtSignatures(turns, into: &problems)
        return problems.sorted
    }

    // MARK: - Turns

    /// What a turn holds, as far as the rules care.
    private struct Turn {
        enum Role { case user, model, unknown }

        var role: Role = .unknown
        /// The `functionCall` parts (model turns only): part index, `name` and `id` when strings.
        var calls: [(part: Int, name: String?, id: String?)] = []
        /// The `functionResponse` parts (user turns only): part index and `name` when a string.
        var responses: [(part: Int, name: String?)] = []
        /// The first part that is not a function response, when a function response comes after it.
        var partBeforeResponse: Int?
        /// Whether the first `functionCall` part carries a thought signature (model turns only).
        var firstCallSigned = false
        /// Whether the turn has a part that is not a function response (user input).
        var hasInput = false

        /// Whether the turn begins a new turn of the conversation: the user's input, not answers.
        var startsTurn: Bool { role == .user && hasInput && responses.isEmpty }

        var isCallTurn: Bool { role == .model && !calls.isEmpty }
    }

    private static func read(_ value: JSONValue, at index: Int, into problems: inout ProblemList) -> Turn {
        var turn = Turn()
        let path = "contents[\(index)]"
        guard case .object(let content) = value else {
            problems.error(.invalidShape, at: index, "\(path) must be a Content object, but it is \(value.articledTypeName).")
            return turn
        }
        switch content["role"] {
        case nil, .null?:
            turn.role = .user
        case .string(let role)? where role.equals("user"):
            turn.role = .user
        case .string(let role)? where role.equals("model"):
            turn.role = .model
        case let other?:
            problems.error(.invalidShape, at: index, "\(path).role must be \"user\" or \"model\", but it is \(other.quotedOrTypeName).")
        }
        guard let partsValue = content["parts"] else {
            problems.error(.invalidShape, at: index, "\(path) has no \"parts\".")
            return turn
        }
        guard let parts = list(partsValue) else {
            problems.error(.invalidShape, at: index, "\(path).parts must be an array of parts, but it is \(partsValue.articledTypeName).")
            return turn
        }
        var firstOtherPart: Int?
        for (position, partValue) in parts.enumerated() {
            let partPath = "\(path).parts[\(position)]"
            guard case .object(let part) = partValue else {
                problems.error(.invalidShape, at: index, "\(partPath) must be a Part object, but it is \(partValue.articledTypeName).")
                firstOtherPart = firstOtherPart ?? position
                continue
            }
            if let call = member(of: part, "functionCall", "function_call") {
                guard case .object(let body) = call else {
                    problems.error(
                        .invalidShape, at: index, "\(partPath).functionCall must be an object, but it is \(call.articledTypeName).")
                    continue
                }
                firstOtherPart = firstOtherPart ?? position
                if turn.role == .model {
                    if turn.calls.isEmpty {
                        turn.firstCallSigned = (member(of: part, "thoughtSignature", "thought_signature")?.jsonString).map { !$0.escaped.isEmpty } ?? false
                    }
                    turn.calls.append((position, body["name"]?.stringValue, body["id"]?.stringValue))
                }
            } else if let response = member(of: part, "functionResponse", "function_response") {
                guard case .object(let body) = response else {
                    problems.error(
                        .invalidShape, at: index,
                        "\(partPath).functionResponse must be an object, but it is \(response.articledTypeName).")
                    continue
                }
                if turn.role == .user {
                    turn.responses.append((position, body["name"]?.stringValue))
                    if turn.partBeforeResponse == nil, let firstOtherPart { turn.partBeforeResponse = firstOtherPart }
                }
            } else {
                firstOtherPart = firstOtherPart ?? position
                turn.hasInput = true
            }
        }
        return turn
    }

    /// The member under its JSON name or its proto field name, whichever is present.
    private static func member(of object: JSONObject, _ jsonName: String, _ protoName: String) -> JSONValue? {
        object[jsonName] ?? object[protoName]
    }

    /// The elements of an array, or a single object as a one-element list (as the API's
    /// protobuf JSON reader takes it for a repeated field); `nil` for anything else.
    private static func list(_ value: JSONValue) -> [JSONValue]? {
        switch value {
        case .array(let elements): elements
        case .object: [value]
        default: nil
        }
    }

    // MARK: - Rules

    /// `function_response_count_mismatch`, and the warnings on the response turn when counts agree.
    private static func checkResponseCounts(_ turns: [Turn], into problems: inout ProblemList) {
        for (index, turn) in turns.enumerated() where turn.isCallTurn {
            guard index + 1 < turns.count, turns[index + 1].role == .user,
                turns[index + 1].responses.count == turn.calls.count
            else {
                problems.error(
                    .functionResponseCountMismatch, at: index,
                    "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.")
                continue
            }
            let responseIndex = index + 1
            let responseTurn = turns[responseIndex]
            for (call, response) in zip(turn.calls, responseTurn.responses) {
                guard let callName = call.name, let responseName = response.name, callName != responseName else { continue }
                problems.warning(
                    .functionResponseNameMismatch, at: responseIndex, callId: call.id,
                    "The function response at contents[\(responseIndex)].parts[\(response.part)] is named \(responseName), but the function call it pairs with, contents[\(index)].parts[\(call.part)], is named \(callName); Gemini pairs responses with calls by position and name, so answer the calls in their order.")
            }
            if let part = responseTurn.partBeforeResponse {
                problems.warning(
                    .functionResponseNotFirst, at: responseIndex,
                    "contents[\(responseIndex)].parts[\(part)] comes before the function responses of its turn; put every function response first, before any text.")
            }
        }
    }

    /// `function_response_without_call`: function responses answer the call turn right before them.
    private static func checkResponsesFollowCalls(_ turns: [Turn], into problems: inout ProblemList) {
        for (index, turn) in turns.enumerated() where !turn.responses.isEmpty {
            if index > 0 && turns[index - 1].isCallTurn { continue }
            problems.error(
                .functionResponseWithoutCall, at: index,
                "Please ensure that function response turn comes immediately after a function call turn.")
        }
    }

    /// `missing_thought_signature`: every step of the current turn has a signature on its first call.
    private static func checkThoughtSignatures(_ turns: [Turn], into problems: inout ProblemList) {
        let start = (turns.lastIndex(where: \.startsTurn) ?? -1) + 1
        for index in start..<max(start, turns.count) where turns[index].isCallTurn && !turns[index].firstCallSigned {
            let name = turns[index].calls.first?.name ?? ""
            problems.error(
                .missingThoughtSignature, at: index,
                "Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:\(name)` , position \(index + 1). Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.")
        }
    }

    /// `function_call_turn_misplaced`: a function-call turn comes right after a user turn.
    private static func checkCallTurnsFollowUser(_ turns: [Turn], into problems: inout ProblemList) {
        for (index, turn) in turns.enumerated() where turn.isCallTurn {
            if index > 0 && turns[index - 1].role != .model { continue }
            problems.error(
                .functionCallTurnMisplaced, at: index,
                "Please ensure that function call turn comes immediately after a user turn or after a function response turn.")
        }
    }
}

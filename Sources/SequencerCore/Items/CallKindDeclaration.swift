/// A host's declaration of a call kind (one element of the `callKinds` param):
///
/// ```json
/// {"call": "x_call", "outputs": ["x_call_output"], "key": "call_id",
///  "synthetic": {"output": "{text}"}, "name": "x"}
/// ```
///
/// - `call` (required): the call's `type`. Declaring a built-in type replaces its row.
/// - `outputs` (required): the output types that answer it, the first being the one synthetic
///   outputs are made as; `[]` declares a kind the API runs itself, which needs no output.
/// - `key`: `"call_id"` (the default: the same member on both), another member name, or
///   `{"call": "id", "output": "approval_request_id"}` when the two differ.
/// - `synthetic`: the members of the synthetic output besides `type` and the key, with the
///   placeholders of ``SyntheticOutputTemplate``; `null` when no honest synthetic output exists
///   (a cancelled call is then left out and reported as `dropped_call`); absent means
///   `{"output": "{text}"}`.
/// - `name`: the function name Chat, Anthropic and Gemini show; absent means the call's own
///   `name` member, or its type.
public struct CallKindDeclaration: Sendable, Equatable {
    /// The call `type`.
    public var call: String
    /// The output types, primary first; empty for a kind the API runs.
    public var outputs: [String]
    /// The member holding the key on the call.
    public var callKeyMember: String
    /// The member holding the key on an output.
    public var outputKeyMember: String
    /// The synthetic output's members; `nil` when none is honest.
    public var synthetic: SyntheticOutputTemplate?
    /// The function name the other providers show, if fixed.
    public var name: String?

    /// A declaration with every fact given.
    public init(call: String, outputs: [String], callKeyMember: String = "call_id", outputKeyMember: String = "call_id",
                synthetic: SyntheticOutputTemplate? = SyntheticOutputTemplate(members: JSONObject(literal: ["output": "{text}"])), name: String? = nil) {
        self.call = call
        self.outputs = outputs
        self.callKeyMember = callKeyMember
        self.outputKeyMember = outputKeyMember
        self.synthetic = synthetic
        self.name = name
    }

    /// The members a declaration may have.
    public static let members = ["call", "outputs", "key", "synthetic", "name"]

    /// Reads a declaration from JSON, strictly: unknown members are refused.
    ///
    /// - Parameters:
    ///   - value: One element of `callKinds`.
    ///   - index: Its index, for the error.
    public init(_ value: JSONValue, index: Int) throws(CallKindDeclarationError) {
        guard case .object(let object) = value else { throw .invalid(index: index, member: nil, expected: "an object") }
        for member in object.members where !Self.members.contains(member.key.value) {
            throw .unknownMember(index: index, member: member.key.value)
        }
        guard case .string(let call)? = object["call"], !call.value.isEmpty else {
            throw .invalid(index: index, member: "call", expected: "a non-empty string")
        }
        guard case .array(let outputValues)? = object["outputs"] else {
            throw .invalid(index: index, member: "outputs", expected: "an array of output types")
        }
        var outputs: [String] = []
        for value in outputValues {
            guard case .string(let output) = value, !output.value.isEmpty, !outputs.contains(output.value) else {
                throw .invalid(index: index, member: "outputs", expected: "an array of distinct non-empty strings")
            }
            outputs.append(output.value)
        }
        var callKey = "call_id"
        var outputKey = "call_id"
        switch object["key"] {
        case nil, .null?:
            break
        case .string(let key)? where !key.value.isEmpty && key.value != "type":
            callKey = key.value
            outputKey = key.value
        case .object(let keys)?:
            guard keys.count == 2, case .string(let onCall)? = keys["call"], case .string(let onOutput)? = keys["output"],
                  !onCall.value.isEmpty, !onOutput.value.isEmpty, onCall.value != "type", onOutput.value != "type"
            else { throw .invalid(index: index, member: "key", expected: #"a member name, or {"call": name, "output": name}"#) }
            callKey = onCall.value
            outputKey = onOutput.value
        case _?:
            throw .invalid(index: index, member: "key", expected: #"a member name, or {"call": name, "output": name}"#)
        }
        var synthetic: SyntheticOutputTemplate? = SyntheticOutputTemplate(members: JSONObject(literal: ["output": "{text}"]))
        if object.contains("synthetic") {
            switch object["synthetic"] {
            case .null?:
                synthetic = nil
            case .object(let members)?:
                if members.contains("type") || members.contains(outputKey) {
                    throw .invalid(index: index, member: "synthetic", expected: "an object without \"type\" or the key member (both are set for you)")
                }
                synthetic = SyntheticOutputTemplate(members: members)
            default:
                throw .invalid(index: index, member: "synthetic", expected: "an object or null")
            }
        }
        var name: String?
        switch object["name"] {
        case nil, .null?: break
        case .string(let string)? where !string.value.isEmpty: name = string.value
        case _?: throw .invalid(index: index, member: "name", expected: "a non-empty string")
        }
        self.init(call: call.value, outputs: outputs, callKeyMember: callKey, outputKeyMember: outputKey, synthetic: synthetic, name: name)
    }

    /// Reads a `callKinds` array.
    public static func list(_ value: JSONValue) throws(CallKindDeclarationError) -> [CallKindDeclaration] {
        guard case .array(let elements) = value else { throw .notAnArray }
        var declarations: [CallKindDeclaration] = []
        for (index, element) in elements.enumerated() {
            declarations.append(try CallKindDeclaration(element, index: index))
        }
        return declarations
    }
}

/// Why a `callKinds` declaration cannot be taken.
public enum CallKindDeclarationError: Error, Sendable, Equatable {
    /// `callKinds` is not an array.
    case notAnArray
    /// A member is missing or has the wrong shape (`member` nil: the element itself).
    case invalid(index: Int, member: String?, expected: String)
    /// A member the declaration does not have.
    case unknownMember(index: Int, member: String)
    /// The type is `message`, `reasoning`, an output type, another call type or a pass-through type.
    case reservedType(index: Int, type: String)
    /// An output type already answers calls whose key is another member.
    case conflictingKey(index: Int, output: String, existing: String)

    /// The path of the offending value, relative to `callKinds`.
    public var path: String {
        switch self {
        case .notAnArray: ""
        case .invalid(let index, let member, _): member.map { "[\(index)].\($0)" } ?? "[\(index)]"
        case .unknownMember(let index, let member): "[\(index)].\(member)"
        case .reservedType(let index, _): "[\(index)]"
        case .conflictingKey(let index, _, _): "[\(index)].key"
        }
    }

    /// A sentence saying what is wrong.
    public var message: String {
        switch self {
        case .notAnArray:
            "must be an array of call kind declarations"
        case .invalid(_, _, let expected):
            "must be \(expected)"
        case .unknownMember:
            "is not a member of a call kind declaration (\(CallKindDeclaration.members.joined(separator: ", ")))"
        case .reservedType(_, let type):
            "declares \"\(type)\", which is already a message, reasoning, output or pass-through type"
        case .conflictingKey(_, let output, let existing):
            "gives \(output) a key other than \"\(existing)\", the member it already answers by"
        }
    }
}

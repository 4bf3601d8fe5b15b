// MARK: - Calls as the renderers read them

extension Item {
    /// The `call_id` (or other key) of a call or output, still escaped.
    ///
    /// - Precondition: the item is a call or an output (``Item`` guarantees the key then).
    var callIdString: JSONString {
        let member = callKind?.callKeyMember ?? outputKind?.keyMember ?? "call_id"
        return json[member]?.jsonString ?? JSONString(callId ?? "")
    }

    /// The name a call is rendered with, by its kind's ``CallRendering/Name``: `name` for
    /// function and custom calls, `shell` for shell calls, and so on.
    var callName: JSONString {
        switch callKind?.rendering.name {
        case .fixed(let name)?: return JSONString(name)
        case .member(let member, let fallback)?: return json[member]?.jsonString ?? JSONString(fallback)
        case nil: return JSONString(toolName ?? "")
        }
    }

    /// A call's arguments as the JSON text Chat's `function.arguments` carries, by its kind's
    /// ``CallRendering/Arguments``: a JSON-text member unchanged (a non-string value is
    /// serialized; a missing one is `{}`); otherwise the JSON text of ``inputObject``.
    var chatArguments: JSONString {
        if case .jsonText(let member)? = callKind?.rendering.arguments {
            switch json[member] {
            case .string(let arguments)?: return arguments
            case let other?: return JSONString(serializing: other)
            case nil: return JSONString("{}")
            }
        }
        if case .object(let member)? = callKind?.rendering.arguments {
            return JSONString(serializing: json[member] ?? .object(JSONObject()))
        }
        return JSONString(serializing: .object(inputObject))
    }

    /// A call's arguments as the JSON object Anthropic's `input` and Gemini's `args` require,
    /// by its kind's ``CallRendering/Arguments``:
    /// - a JSON-text member (`function_call`'s `arguments`) parsed with ``JSONParser`` when it
    ///   holds a JSON object; otherwise `{<member>: <the string>}`; a member that is already an
    ///   object is used as it is; a missing one is `{}`;
    /// - an object member (`local_shell_call`'s `action`) as it is (a non-object value is
    ///   wrapped as `{<member>: <value>}`; a missing one is `{}`);
    /// - listed members (`custom_tool_call`: `{"input": …}`): those the call has, in the list's
    ///   order; when it has none of them, the first as `""`;
    /// - every member but the excluded ones (declared kinds).
    var inputObject: JSONObject {
        switch callKind?.rendering.arguments {
        case .jsonText(let member)?:
            switch json[member] {
            case .string(let arguments)?:
                if case .object(let object)? = try? JSONParser.parse(arguments.utf8) { return object }
                return JSONObject([.init(key: JSONString(member), value: .string(arguments))])
            case .object(let object)?:
                return object
            case let other?:
                return JSONObject([.init(key: JSONString(member), value: other)])
            case nil:
                return JSONObject()
            }
        case .object(let member)?:
            switch json[member] {
            case .object(let object)?: return object
            case let other?: return JSONObject([.init(key: JSONString(member), value: other)])
            case nil: return JSONObject()
            }
        case .members(let names)?:
            let present = names.compactMap { name in json[name].map { JSONObject.Member(key: JSONString(name), value: $0) } }
            guard present.isEmpty, let first = names.first else { return JSONObject(present) }
            return JSONObject([.init(key: JSONString(first), value: .string(JSONString("")))])
        case .allMembersExcept(let excluded)?:
            return JSONObject(json.members.filter { member in !excluded.contains { member.key.equals($0) } })
        case nil:
            return JSONObject()
        }
    }
}

// MARK: - Calls as the renderers read them

extension Item {
    /// The `call_id` of a call or output, still escaped.
    ///
    /// - Precondition: the item is a call or an output (``Item`` guarantees the member then).
    var callIdString: JSONString {
        json["call_id"]?.jsonString ?? JSONString(callId ?? "")
    }

    /// The name a call is rendered with: `name` for function and custom calls, `shell` for
    /// local shell calls.
    var callName: JSONString {
        if callKind == .localShell { return JSONString("shell") }
        return json["name"]?.jsonString ?? JSONString(toolName ?? "")
    }

    /// A call's arguments as the JSON text Chat's `function.arguments` carries.
    ///
    /// - `function_call`: its `arguments` string unchanged (a non-string value is serialized;
    ///   a missing one is `{}`).
    /// - `local_shell_call`: the JSON text of its `action` (`{}` when missing).
    /// - `custom_tool_call`: the JSON text of `{"input": <input>}`.
    var chatArguments: JSONString {
        switch callKind {
        case .function?:
            switch json["arguments"] {
            case .string(let arguments)?: return arguments
            case let other?: return JSONString(serializing: other)
            case nil: return JSONString("{}")
            }
        case .localShell?:
            return JSONString(serializing: json["action"] ?? .object(JSONObject()))
        case .custom?:
            return JSONString(serializing: .object(customInput))
        case nil:
            return JSONString("{}")
        }
    }

    /// A call's arguments as the JSON object Anthropic's `input` and Gemini's `args` require.
    ///
    /// - `function_call`: its `arguments` string parsed with ``JSONParser`` when it holds a JSON
    ///   object; otherwise (not JSON, or JSON but not an object) `{"arguments": <the string>}`.
    ///   An `arguments` member that is already an object is used as it is; a missing one is `{}`.
    /// - `local_shell_call`: its `action` object (a non-object action is wrapped as
    ///   `{"action": <value>}`; a missing one is `{}`).
    /// - `custom_tool_call`: `{"input": <input>}`.
    var inputObject: JSONObject {
        switch callKind {
        case .function?:
            switch json["arguments"] {
            case .string(let arguments)?:
                if case .object(let object)? = try? JSONParser.parse(arguments.utf8) { return object }
                return JSONObject([.init(key: "arguments", value: .string(arguments))])
            case .object(let object)?:
                return object
            case let other?:
                return JSONObject([.init(key: "arguments", value: other)])
            case nil:
                return JSONObject()
            }
        case .localShell?:
            switch json["action"] {
            case .object(let action)?: return action
            case let other?: return JSONObject([.init(key: "action", value: other)])
            case nil: return JSONObject()
            }
        case .custom?:
            return customInput
        case nil:
            return JSONObject()
        }
    }

    /// `{"input": <input>}` for a custom call (`""` when the call has no `input`).
    private var customInput: JSONObject {
        JSONObject([.init(key: "input", value: json["input"] ?? .string(JSONString("")))])
    }
}

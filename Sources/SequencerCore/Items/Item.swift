/// One conversation item, kept as the JSON object it arrived as.
///
/// An `Item` always has a string `type`; calls and outputs always have a non-empty `call_id`;
/// messages always have one of the four roles. Every member, known or not, is kept, so that
/// rendering the item back as Responses input loses nothing but the server `id`.
public struct Item: Sendable, Equatable {
    /// The item's JSON object, every member as it came.
    public let json: JSONObject
    /// What the item is.
    public let kind: ItemKind
    /// The `call_id` of a call or output; `nil` for every other item.
    public let callId: String?

    /// Takes `value` as an item, checking the members sequencing relies on.
    ///
    /// - Throws: ``ItemError`` naming the first member that is missing or wrong.
    public init(_ value: JSONValue) throws(ItemError) {
        guard case .object(let object) = value else { throw .notAnObject(value.typeName) }
        try self.init(object)
    }

    /// Takes `object` as an item; see ``init(_:)-(JSONValue)``.
    public init(_ object: JSONObject) throws(ItemError) {
        guard let typeValue = object["type"] else { throw .missingType }
        guard case .string(let typeString) = typeValue else { throw .typeNotAString(typeValue.typeName) }
        let type = typeString.value
        let kind: ItemKind
        var callId: String?
        switch type {
        case "message":
            guard let role = object["role"]?.stringValue else { throw .invalidRole(nil) }
            guard let known = MessageRole(rawValue: role) else { throw .invalidRole(role) }
            guard let content = object["content"], content.jsonString != nil || content.arrayValue != nil else {
                throw .invalidMember(type: type, member: "content", expected: "a string or an array of content items")
            }
            kind = .message(known)
        case "reasoning":
            kind = .reasoning
        case "web_search_call":
            kind = .webSearchCall
        default:
            if let callKind = CallKind(rawValue: type) {
                if callKind == .localShell, object["call_id"]?.isNull ?? false { throw .nullCallId }
                callId = try Item.requireCallId(object, type: type)
                if callKind != .localShell, object["name"]?.stringValue == nil {
                    throw .invalidMember(type: type, member: "name", expected: "a string")
                }
                kind = .call(callKind)
            } else if let outputKind = OutputKind(rawValue: type) {
                callId = try Item.requireCallId(object, type: type)
                guard let output = object["output"], output.jsonString != nil || output.arrayValue != nil else {
                    throw .invalidMember(type: type, member: "output", expected: "a string or an array of content items")
                }
                kind = .output(outputKind)
            } else {
                kind = .other(type)
            }
        }
        self.json = object
        self.kind = kind
        self.callId = callId
    }

    private static func requireCallId(_ object: JSONObject, type: String) throws(ItemError) -> String {
        guard let callId = object["call_id"]?.stringValue, !callId.isEmpty else { throw .missingCallId(type: type) }
        return callId
    }

    /// The item's wire `type`.
    public var type: String {
        switch kind {
        case .message: "message"
        case .reasoning: "reasoning"
        case .call(let call): call.rawValue
        case .output(let output): output.rawValue
        case .webSearchCall: "web_search_call"
        case .other(let type): type
        }
    }

    /// The item as a JSON value.
    public var value: JSONValue { .object(json) }

    /// The role, if the item is a message.
    public var role: MessageRole? {
        if case .message(let role) = kind { return role }
        return nil
    }

    /// The call kind, if the item is a call.
    public var callKind: CallKind? {
        if case .call(let call) = kind { return call }
        return nil
    }

    /// The output kind, if the item is an output.
    public var outputKind: OutputKind? {
        if case .output(let output) = kind { return output }
        return nil
    }

    /// The tool's name: `name` for function and custom calls, `"shell"` for local shell calls.
    public var toolName: String? {
        switch kind {
        case .call(.localShell): "shell"
        case .call: json["name"]?.stringValue
        default: nil
        }
    }
}

// MARK: - Making items

extension Item {
    /// An output of `outputKind` answering `callId` with `text`.
    public static func output(_ outputKind: OutputKind, callId: String, text: String) -> Item {
        let object = JSONObject([
            .init(key: "type", value: .string(JSONString(outputKind.rawValue))),
            .init(key: "call_id", value: .string(JSONString(callId))),
            .init(key: "output", value: .string(JSONString(text))),
        ])
        return Item(trusted: object, kind: .output(outputKind), callId: callId)
    }

    /// This output converted to `outputKind`, every other member kept as it was.
    ///
    /// - Precondition: the item is an output.
    public func converted(to outputKind: OutputKind) -> Item {
        var object = json
        object["type"] = .string(JSONString(outputKind.rawValue))
        return Item(trusted: object, kind: .output(outputKind), callId: callId)
    }

    /// An item whose members the caller has already checked.
    private init(trusted object: JSONObject, kind: ItemKind, callId: String?) {
        self.json = object
        self.kind = kind
        self.callId = callId
    }
}

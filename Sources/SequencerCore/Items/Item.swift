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
    /// Whether the object has a top-level `id` member (the server's item id).
    public let hasServerId: Bool

    /// Takes `value` as an item, checking the members sequencing relies on.
    ///
    /// - Throws: ``ItemError`` naming the first member that is missing or wrong.
    public init(_ value: JSONValue) throws(ItemError) {
        guard case .object(let object) = value else { throw .notAnObject(value.typeName) }
        try self.init(object)
    }

    /// Takes `object` as an item; see ``init(_:)-(JSONValue)``.
    public init(_ object: JSONObject) throws(ItemError) {
        let list = object.members
        let members = Members(list)
        func member(_ index: Int) -> JSONValue? {
            guard index >= 0 else { return Optional.none }  // not `nil`: JSONValue is a nil literal too
            return list[index].value
        }
        guard let typeValue = member(members.type) else { throw .missingType }
        guard case .string(let typeString) = typeValue else { throw .typeNotAString(typeValue.typeName) }
        let kind: ItemKind
        var callId: String?
        switch Item.knownType(typeString) {
        case .message?:
            guard case .string(let roleString)? = member(members.role) else { throw .invalidRole(nil) }
            guard let known = Item.role(roleString) else { throw .invalidRole(roleString.value) }
            guard let content = member(members.content), content.jsonString != nil || content.arrayValue != nil else {
                throw .invalidMember(type: "message", member: "content", expected: "a string or an array of content items")
            }
            kind = .message(known)
        case .reasoning?:
            kind = .reasoning
        case .webSearchCall?:
            kind = .webSearchCall
        case .call(let callKind)?:
            let type = callKind.rawValue
            if callKind == .localShell, member(members.callId)?.isNull ?? false { throw .nullCallId }
            callId = try Item.requireCallId(member(members.callId), type: type)
            if callKind != .localShell, member(members.name)?.jsonString == nil {
                throw .invalidMember(type: type, member: "name", expected: "a string")
            }
            kind = .call(callKind)
        case .output(let outputKind)?:
            let type = outputKind.rawValue
            callId = try Item.requireCallId(member(members.callId), type: type)
            guard let output = member(members.output), output.jsonString != nil || output.arrayValue != nil else {
                throw .invalidMember(type: type, member: "output", expected: "a string or an array of content items")
            }
            kind = .output(outputKind)
        case nil:
            kind = .other(typeString.value)
        }
        self.json = object
        self.kind = kind
        self.callId = callId
        self.hasServerId = members.hasId
    }

    /// Where the members sequencing reads are in an object's member list, found in one pass
    /// (the last of each name wins, as ``JSONObject``'s lookups do). Positions, not values: a
    /// plain value, so finding them retains nothing.
    private struct Members {
        private(set) var type = -1
        private(set) var role = -1
        private(set) var content = -1
        private(set) var callId = -1
        private(set) var name = -1
        private(set) var output = -1
        private(set) var hasId = false

        /// The member names sequencing reads.
        private enum Name {
            case id, type, role, name, output, callId, content
        }

        init(_ members: [JSONObject.Member]) {
            for index in members.indices {
                switch members[index].key.resolvingEscapes(Members.name) {
                case .id?: hasId = true
                case .type?: type = index
                case .role?: role = index
                case .name?: name = index
                case .output?: output = index
                case .callId?: callId = index
                case .content?: content = index
                case nil: break
                }
            }
        }

        /// The name `key` is, told apart by length first (most keys match none).
        private static func name(_ key: JSONString) -> Name? {
            switch key.escapedCount {
            case 2: key.matches("id") ? .id : nil
            case 4: key.matches("type") ? .type : key.matches("role") ? .role : key.matches("name") ? .name : nil
            case 6: key.matches("output") ? .output : nil
            case 7: key.matches("call_id") ? .callId : key.matches("content") ? .content : nil
            default: nil
            }
        }
    }

    /// The item types whose members sequencing checks.
    private enum KnownType {
        case message, reasoning, webSearchCall
        case call(CallKind)
        case output(OutputKind)
    }

    /// The known type `type` names, if any.
    private static func knownType(_ type: JSONString) -> KnownType? {
        type.resolvingEscapes { type in
            switch type.escapedCount {
            case 7: type.matches("message") ? .message : nil
            case 9: type.matches("reasoning") ? .reasoning : nil
            case 13: type.matches("function_call") ? .call(.function) : nil
            case 15: type.matches("web_search_call") ? .webSearchCall : nil
            case 16: type.matches("local_shell_call") ? .call(.localShell) : type.matches("custom_tool_call") ? .call(.custom) : nil
            case 20: type.matches("function_call_output") ? .output(.function) : nil
            case 23: type.matches("custom_tool_call_output") ? .output(.custom) : nil
            default: nil
            }
        }
    }

    /// The role `role` names, if it is one of the four.
    private static func role(_ role: JSONString) -> MessageRole? {
        if role.matches("user") { return .user }
        if role.matches("assistant") { return .assistant }
        if role.matches("developer") { return .developer }
        if role.matches("system") { return .system }
        return nil
    }

    private static func requireCallId(_ value: JSONValue?, type: String) throws(ItemError) -> String {
        guard let callId = value?.stringValue, !callId.isEmpty else { throw .missingCallId(type: type) }
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
        self.hasServerId = object.contains("id")
        self.json = object
        self.kind = kind
        self.callId = callId
    }
}

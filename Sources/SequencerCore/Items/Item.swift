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

        init(_ members: [JSONObject.Member]) {
            for index in members.indices {
                members[index].key.withEscapedBytes { key in
                    // Most keys are told apart by their length alone. A key spelled with escapes
                    // is longer than its text (so its length may be another key's), and rare:
                    // when no key matched its bytes, it takes the slow path.
                    var matched = true
                    switch key.count {
                    case 2 where Members.key(key, is: "id"): hasId = true
                    case 4 where Members.key(key, is: "type"): type = index
                    case 4 where Members.key(key, is: "role"): role = index
                    case 4 where Members.key(key, is: "name"): name = index
                    case 6 where Members.key(key, is: "output"): output = index
                    case 7 where Members.key(key, is: "call_id"): callId = index
                    case 7 where Members.key(key, is: "content"): content = index
                    default: matched = false
                    }
                    if !matched && key.contains(UInt8(ascii: "\\")) { take(members[index].key.value, at: index) }
                }
            }
        }

        /// Whether `key`'s bytes are `name`'s, which is as long.
        @inline(__always)
        private static func key(_ key: UnsafeBufferPointer<UInt8>, is name: StaticString) -> Bool {
            let expected = name.utf8Start
            for offset in 0..<key.count where key[offset] != expected[offset] { return false }
            return true
        }

        private mutating func take(_ key: String, at index: Int) {
            switch key {
            case "type": type = index
            case "role": role = index
            case "name": name = index
            case "output": output = index
            case "call_id": callId = index
            case "content": content = index
            case "id": hasId = true
            default: break
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
        switch type.escapedCount {
        case 7: if type.matches("message") { return .message }
        case 9: if type.matches("reasoning") { return .reasoning }
        case 13: if type.matches("function_call") { return .call(.function) }
        case 15: if type.matches("web_search_call") { return .webSearchCall }
        case 16:
            if type.matches("local_shell_call") { return .call(.localShell) }
            if type.matches("custom_tool_call") { return .call(.custom) }
        case 20: if type.matches("function_call_output") { return .output(.function) }
        case 23: if type.matches("custom_tool_call_output") { return .output(.custom) }
        default: break
        }
        // A type spelled with escapes: rare, so decode it.
        guard type.hasEscapes else { return nil }
        switch type.value {
        case "message": return .message
        case "reasoning": return .reasoning
        case "web_search_call": return .webSearchCall
        case let other:
            if let callKind = CallKind(rawValue: other) { return .call(callKind) }
            if let outputKind = OutputKind(rawValue: other) { return .output(outputKind) }
            return nil
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

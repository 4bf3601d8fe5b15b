/// One conversation item, kept as the JSON object it arrived as.
///
/// An `Item` always has a string `type`; calls and outputs always have a non-empty `call_id`;
/// a call has the members its kind requires (``CallKind/requiredStrings``, and
/// ``CallKind/requiredEnums`` with one of their values); messages always have one of the four
/// roles. Every member, known or not, is kept, so that rendering the item back as Responses
/// input loses nothing but the server `id`.
public struct Item: Sendable, Equatable {
    /// The item's JSON object, every member as it came.
    // (Stored in this order, the largest first, an item takes 64 bytes rather than 72.)
    public let json: JSONObject
    /// The key of a call or output (its `call_id`, or the `id` an `mcp_approval_request` is
    /// answered by); `nil` for every other item.
    public let callId: String?
    /// What the item is.
    public let kind: ItemKind
    /// Whether the object has a top-level `id` that is the server's item id (`fc_…`, `rs_…`).
    /// An `id` that is content (an `item_reference`'s, an `mcp_approval_request`'s) is not one.
    public let hasServerId: Bool
    /// Whether the table the item was read with knows its `type`.
    public let isKnownType: Bool

    /// Whether the item is a host's own record that no provider API knows (Codex's
    /// `ghost_snapshot`): kept in the session, left out of every rendering.
    public var isHostLocal: Bool {
        if case .other(let type, _) = kind { return CallKindTable.hostLocalTypes.contains(type) }
        return false
    }

    /// Takes `value` as an item, checking the members sequencing relies on.
    ///
    /// - Parameter kinds: The call kinds to read it with.
    /// - Throws: ``ItemError`` naming the first member that is missing or wrong.
    public init(_ value: JSONValue, kinds: CallKindTable = .builtIn) throws(ItemError) {
        guard case .object(let object) = value else { throw .notAnObject(value.typeName) }
        try self.init(object, kinds: kinds)
    }

    /// Takes `object` as an item; see ``init(_:kinds:)-(JSONValue,_)``.
    public init(_ object: JSONObject, kinds: CallKindTable = .builtIn) throws(ItemError) {
        // Read by position, so that a deferred object (see `JSONParser.parseRequest`) builds only
        // the members read here: the few scalars the rules need, never a nested value.
        let members = Members(object)
        func member(_ index: Int) -> JSONValue? {
            guard index >= 0 else { return Optional.none }  // not `nil`: JSONValue is a nil literal too
            return object.value(at: index)
        }
        func typeName(_ index: Int) -> String? {
            index >= 0 ? object.typeName(at: index) : nil
        }
        /// Where the member `name` is when it is one ``Members`` found (-1 if absent); `nil` for
        /// a name to look up.
        func position(_ name: String) -> Int? {
            switch name {
            case "call_id": members.callId
            case "name": members.name
            case "output": members.output
            default: nil
            }
        }
        func named(_ name: String) -> JSONValue? {
            guard let index = position(name) else { return object[name] }
            return member(index)
        }
        /// The JSON type name of the member `name` as ``named(_:)`` finds it, building none of
        /// the members ``Members`` found.
        func requiredTypeName(_ name: String) -> String? {
            guard let index = position(name) else { return object[name]?.typeName }
            return typeName(index)
        }
        /// The string member `name` as ``named(_:)`` finds it, decoded from its bytes in place;
        /// `nil` when it is absent or not a string.
        func namedString(_ name: String) -> String? {
            guard let index = position(name) else { return object[name]?.stringValue }
            return index >= 0 ? object.withStringBytes(at: index, Item.decoded) : nil
        }
        guard members.type >= 0 else { throw .missingType }
        // One lookup by the type's own bytes, read in place: nothing is built, and no `String`
        // is made for a type the table knows.
        guard let entry = object.withStringBytes(at: members.type, { kinds.entry(forEscaped: $0) }) else {
            throw .typeNotAString(typeName(members.type) ?? "")
        }
        var kind: ItemKind
        var callId: String?
        var idIsContent = false
        var known = true
        switch entry {
        case .message?:
            guard members.role >= 0, let role = object.withStringBytes(at: members.role, Item.role(escaped:)) else {
                throw .invalidRole(nil)
            }
            guard let known = role else { throw .invalidRole(member(members.role)?.stringValue) }
            guard let content = typeName(members.content), content == "string" || content == "array" else {
                throw .invalidMember(type: "message", member: "content", expected: "a string or an array of content items")
            }
            kind = .message(known)
        case .reasoning?:
            kind = .reasoning
        case .call(let call)?:
            let type = call.type
            if let discriminator = call.discriminator, object[discriminator.member]?.jsonString?.equals(discriminator.value) != true {
                kind = .apiRun(type)
            } else {
                let keyMember = call.callKeyMember
                if call == .localShell, requiredTypeName(keyMember) == "null" { throw .nullCallId }
                callId = try Item.requireKey(namedString(keyMember), type: type, member: keyMember)
                for required in call.requiredStrings where requiredTypeName(required) != "string" {
                    throw .invalidMember(type: type, member: required, expected: "a string")
                }
                try Item.checkEnumerated(of: call, in: object)
                idIsContent = call.keyIsItemID
                kind = .call(call)
            }
        case .output(let row)?:
            let type = row.kind.type
            if let apiRun = row.apiRunWhen, object[apiRun.member]?.jsonString?.equals(apiRun.value) == true {
                kind = .apiRun(type)
            } else {
                callId = try Item.requireKey(namedString(row.kind.keyMember), type: type, member: row.kind.keyMember)
                if let required = row.required, !(requiredTypeName(required.member).map(required.shape.admits(typeName:)) ?? false) {
                    throw .invalidMember(type: type, member: required.member, expected: required.shape.description)
                }
                kind = .output(row.kind)
            }
        case .apiRun(let type)?:
            kind = .apiRun(type)
        case .other(let type, let hostSide)?:
            idIsContent = type == "item_reference"
            kind = .other(type, hostSide: hostSide)
        case nil:
            known = false
            kind = .other(member(members.type)?.stringValue ?? "", hostSide: false)
        }
        self.json = object
        self.kind = kind
        self.callId = callId
        self.hasServerId = members.hasId && !idIsContent
        self.isKnownType = known
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

        init(_ object: JSONObject) {
            object.forEachKey { index, key in
                switch Members.name(spelled: key) {
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

        /// The name a key spelled `key` (its escaped bytes) is, read in place: no
        /// ``JSONString`` is made for a key without escapes, as nearly all are.
        private static func name(spelled key: UnsafeBufferPointer<UInt8>) -> Name? {
            // Escapes change a key's length (`"\u0069d"` is `id`): those few keys are spelled
            // the one way `JSONString(_:)` escapes, and looked up again.
            JSONString.resolving(escaped: key, plainName)
        }

        /// The name spelled exactly `key`, told apart by length first (most keys match none).
        private static func plainName(_ key: UnsafeBufferPointer<UInt8>) -> Name? {
            func spelled(_ name: StaticString) -> Bool { ByteScan.equal(key, name) }
            return switch key.count {
            case 2: spelled("id") ? .id : nil
            case 4: spelled("type") ? .type : spelled("role") ? .role : spelled("name") ? .name : nil
            case 6: spelled("output") ? .output : nil
            case 7: spelled("call_id") ? .callId : spelled("content") ? .content : nil
            default: nil
            }
        }
    }

    /// Throws unless every enumerated member `call`'s kind requires is in `object` with one of
    /// its values. Kept out of line: the one kind that has any is rare, and inlined here the
    /// check made the reading of every item slower.
    @inline(never)
    private static func checkEnumerated(of call: CallKind, in object: JSONObject) throws(ItemError) {
        for required in call.row.facts.requiredEnums where !required.isAdmitted(in: object) {
            throw .invalidMember(type: call.type, member: required.member, expected: required.expected)
        }
    }

    /// The role the string whose escaped form is `escaped` names, if it is one of the four.
    private static func role(escaped: UnsafeBufferPointer<UInt8>) -> MessageRole? {
        func spelled(_ name: StaticString) -> Bool { ByteScan.equal(escaped, name) }
        if spelled("user") { return .user }
        if spelled("assistant") { return .assistant }
        if spelled("developer") { return .developer }
        if spelled("system") { return .system }
        // Spelled with escapes (`"\u0075ser"`): rare, so decoded.
        guard escaped.contains(UInt8(ascii: "\\")) else { return nil }
        return MessageRole(rawValue: decoded(escaped))
    }

    /// The text of the string whose escaped form is `escaped`.
    private static func decoded(_ escaped: UnsafeBufferPointer<UInt8>) -> String {
        escaped.contains(UInt8(ascii: "\\"))
            ? JSONString(validatedEscaped: ArraySlice(escaped)).value
            : String(decoding: escaped, as: UTF8.self)
    }

    private static func requireKey(_ key: String?, type: String, member: String) throws(ItemError) -> String {
        guard let key, !key.isEmpty else { throw .missingCallId(type: type, member: member) }
        return key
    }

    /// The item's wire `type`.
    public var type: String {
        switch kind {
        case .message: "message"
        case .reasoning: "reasoning"
        case .call(let call): call.type
        case .output(let output): output.type
        case .apiRun(let type), .other(let type, _): type
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

    /// The tool's name as the other providers show it (see ``CallRendering/Name``): `name`
    /// for function and custom calls, `"shell"` for shell calls, and so on.
    public var toolName: String? {
        guard case .call(let call) = kind else { return nil }
        switch call.rendering.name {
        case .fixed(let name): return name
        case .member(let member, let fallback): return json[member]?.stringValue ?? fallback
        }
    }
}

// MARK: - Making items

extension Item {
    /// An output of `outputKind` answering `callId` with `text` (a text output such as
    /// `function_call_output`).
    public static func output(_ outputKind: OutputKind, callId: String, text: String) -> Item {
        let object = JSONObject([
            .init(key: "type", value: .string(JSONString(outputKind.type))),
            .init(key: JSONString(outputKind.keyMember), value: .string(JSONString(callId))),
            .init(key: "output", value: .string(JSONString(text))),
        ])
        return Item(trusted: object, kind: .output(outputKind), callId: callId)
    }

    /// The synthetic output answering the call `callId` of `kind` for `reason`, whose text is
    /// `text`; `nil` when the kind has no honest synthetic output.
    public static func synthetic(answering kind: CallKind, callId: String, reason: CancelReason, text: String) -> Item? {
        guard let template = kind.synthetic else { return nil }
        let object = template.output(of: kind, key: callId, reason: reason, text: text)
        return Item(trusted: object, kind: .output(kind.outputKind), callId: callId)
    }

    /// This output converted to `outputKind`, every other member kept as it was.
    ///
    /// - Precondition: the item is an output.
    public func converted(to outputKind: OutputKind) -> Item {
        var object = json
        object["type"] = .string(JSONString(outputKind.type))
        return Item(json: object, kind: .output(outputKind), callId: callId, hasServerId: hasServerId, isKnownType: true)
    }

    /// The same item over storage of its own: its strings no longer share the buffer of the
    /// request it was parsed from, so keeping the item keeps only its own bytes.
    ///
    /// - Complexity: O(n) in the item's size (one copy and one parse).
    public func owningItsStorage() -> Item {
        var writer = JSONWriter(capacity: json.compactTextCount ?? 256)
        writer.write(json)
        guard case .object(let object)? = try? JSONParser.parseDeferredItem(writer.bytes, maxDepth: Int.max) else { return self }
        return Item(json: object, kind: kind, callId: callId, hasServerId: hasServerId, isKnownType: isKnownType)
    }

    /// The size of the buffer the item's strings keep alive (for a parsed item, the text it was
    /// parsed from; 0 for an item with no member).
    var retainedStorageCount: Int {
        json.retainedStorageCount
    }

    /// An item whose members the caller has already checked.
    private init(trusted object: JSONObject, kind: ItemKind, callId: String?) {
        self.init(json: object, kind: kind, callId: callId, hasServerId: false, isKnownType: true)
    }

    private init(json: JSONObject, kind: ItemKind, callId: String?, hasServerId: Bool, isKnownType: Bool) {
        self.json = json
        self.kind = kind
        self.callId = callId
        self.hasServerId = hasServerId
        self.isKnownType = isKnownType
    }
}

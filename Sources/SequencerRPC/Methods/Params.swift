import SequencerCore

/// A request's named params, read with errors that name the JSON path of the bad param.
///
/// Params are strict: a member that is not one of the names allowed is `-32602`, naming it,
/// listing the names allowed and, when one is close, the one it most likely meant. Objects
/// nested in params (``nested(_:allowed:)``) are checked the same way; items never are.
struct Params {
    let object: JSONObject
    /// The JSON path of this object in the request (`params`, `params.options`).
    let path: String
    /// The method whose params these are (or are inside).
    let method: String
    /// The JSON path of the method's params: `params`, or for an operation replayed by
    /// `session/import`, that operation's params.
    let root: String

    /// The params of `method` at `path`; `null` or absent reads as no params.
    /// - Throws: ``ServerError/invalidParam(path:expected:got:)`` when they are not an object,
    ///   ``ServerError/unknownParam(path:param:owner:allowed:)`` for a member not in
    ///   ``Method/params``.
    init(_ value: JSONValue?, of method: Method, path: String = "params") throws(ServerError) {
        try self.init(value, path: path, method: method.name, root: path, allowed: method.params)
    }

    /// The params at `path` inside those of `method` (whose own params are at `root`), whose
    /// members must be among `allowed`.
    init(_ value: JSONValue?, path: String, method: String, root: String, allowed: [String]) throws(ServerError) {
        self.path = path
        self.method = method
        self.root = root
        switch value {
        case nil, .null?: object = JSONObject()
        case .object(let object)?: self.object = object
        case let other?: throw .invalidParam(path: path, expected: "an object of named params", got: other.typeName)
        }
        for index in 0..<object.count {
            let key = object.key(at: index)
            // Compared as bytes: no `String` is made for a key that is allowed.
            guard allowed.contains(where: key.equals) else {
                throw .unknownParam(path: self.path(key.value), param: key.value, owner: owner, allowed: allowed)
            }
        }
    }

    /// Whose params these are, for messages: `session/cancel`, or `session/open's options`.
    var owner: String {
        path == root ? method : "\(method)'s \(path.dropFirst(root.count + 1))"
    }

    /// The call kinds declared by the array param `key` (`callKinds`), added to `table`: the
    /// table, and the declarations as they came.
    /// - Throws: `-32602` naming the declaration and member at fault.
    func callKinds(_ key: String, addedTo table: CallKindTable) throws(ServerError) -> (table: CallKindTable, declarations: [JSONValue]) {
        guard let values = try array(key) else { return (table, []) }
        do throws(CallKindDeclarationError) {
            let declarations = try CallKindDeclaration.list(.array(values))
            return (try table.declaring(declarations), values)
        } catch {
            switch error {
            case .unknownMember(let index, let member):
                throw .unknownParam(path: "\(path(key))[\(index)].\(member)", param: member, owner: "\(method)'s \(key)[\(index)]",
                                    allowed: CallKindDeclaration.members)
            default:
                throw .invalidValue(path: path(key) + error.path, reason: error.message)
            }
        }
    }

    /// The render options of `reasoning` and `ids`, each at its default when absent.
    func renderOptions() throws(ServerError) -> RenderOptions {
        RenderOptions(
            reasoning: try choice("reasoning", among: RenderOptions.ChatReasoning.self) ?? .omit,
            ids: try choice("ids", among: RenderOptions.ResponsesIDs.self) ?? .strip)
    }

    /// These params with `key` set to `value` (replacing a member of that name, or appended).
    func replacing(_ key: String, with value: JSONValue) throws(ServerError) -> Params {
        var object = self.object
        object[key] = value
        return try Params(.object(object), path: path, method: method, root: root, allowed: object.members.map(\.key.value))
    }

    /// The object param `key` as params of its own, whose members must be among `allowed`;
    /// `nil` when it is absent or null.
    func nested(_ key: String, allowed: [String]) throws(ServerError) -> Params? {
        guard let object = try object(key) else { return nil }
        return try Params(.object(object), path: path(key), method: method, root: root, allowed: allowed)
    }

    /// The element at `index` of the array param `key`, as params of its own.
    func element(_ value: JSONValue, at index: Int, of key: String, allowed: [String]) throws(ServerError) -> Params {
        let here = "\(path(key))[\(index)]"
        guard case .object = value else { throw .invalidParam(path: here, expected: "an object", got: value.typeName) }
        return try Params(value, path: here, method: method, root: root, allowed: allowed)
    }

    /// The JSON path of the member `key`.
    func path(_ key: String) -> String { "\(path).\(key)" }

    subscript(key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func required(_ key: String) throws(ServerError) -> JSONValue {
        guard let value = self[key] else { throw .missingParam(path: path(key)) }
        return value
    }

    func string(_ key: String) throws(ServerError) -> String? {
        guard let value = self[key] else { return nil }
        guard let string = value.stringValue else {
            throw .invalidParam(path: path(key), expected: "a string", got: value.typeName)
        }
        return string
    }

    func requiredString(_ key: String) throws(ServerError) -> String {
        guard let string = try string(key) else { throw .missingParam(path: path(key)) }
        return string
    }

    func array(_ key: String) throws(ServerError) -> [JSONValue]? {
        guard let value = self[key] else { return nil }
        guard let array = value.arrayValue else {
            throw .invalidParam(path: path(key), expected: "an array", got: value.typeName)
        }
        return array
    }

    func requiredArray(_ key: String) throws(ServerError) -> [JSONValue] {
        guard let array = try array(key) else { throw .missingParam(path: path(key)) }
        return array
    }

    func object(_ key: String) throws(ServerError) -> JSONObject? {
        guard let value = self[key] else { return nil }
        guard let object = value.objectValue else {
            throw .invalidParam(path: path(key), expected: "an object", got: value.typeName)
        }
        return object
    }

    func stringArray(_ key: String) throws(ServerError) -> [String]? {
        guard let array = try array(key) else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                throw .invalidParam(path: "\(path(key))[\(index)]", expected: "a string", got: element.typeName)
            }
            strings.append(string)
        }
        return strings
    }

    func nonNegativeInt(_ key: String) throws(ServerError) -> Int? {
        guard let value = self[key] else { return nil }
        guard let number = value.numberValue, let int = number.intValue, int >= 0 else {
            throw .invalidParam(path: path(key), expected: "a non-negative integer", got: value.numberValue?.text ?? value.typeName)
        }
        return int
    }

    /// A string param that must be one of an enum's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, among: Choice.Type) throws(ServerError) -> Choice?
    where Choice.RawValue == String {
        guard let raw = try string(key) else { return nil }
        guard let choice = Choice(rawValue: raw) else {
            throw .invalidChoice(path: path(key), got: raw, allowed: Choice.allCases.map(\.rawValue))
        }
        return choice
    }

    /// Synthetic texts from the object param `key`, `{interrupted?, failed?, timeout?, lost?}`,
    /// each a string; an absent one keeps the default text.
    func syntheticOutputs(_ key: String) throws(ServerError) -> SyntheticOutputs {
        var texts = SyntheticOutputs.defaults
        guard let object = try nested(key, allowed: CancelReason.allCases.map(\.rawValue)) else { return texts }
        for member in object.object.members {
            let name = member.key.value
            guard let reason = CancelReason(rawValue: name) else { continue }  // checked by `nested`
            guard let text = member.value.stringValue else {
                throw .invalidParam(path: object.path(name), expected: "a string", got: member.value.typeName)
            }
            texts[reason] = text
        }
        return texts
    }
}

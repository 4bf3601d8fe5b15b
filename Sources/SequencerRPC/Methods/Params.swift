import SequencerCore

/// A request's named params, read with errors that name the JSON path of the bad param.
struct Params {
    let object: JSONObject
    /// The JSON path of this object in the request (`params`, `params.options`).
    let path: String

    /// The params at `path`; `null` or absent reads as no params.
    init(_ value: JSONValue?, path: String = "params") throws(ServerError) {
        self.path = path
        switch value {
        case nil, .null?: object = JSONObject()
        case .object(let object)?: self.object = object
        case let other?: throw .invalidParam(path: path, expected: "an object of named params", got: other.typeName)
        }
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

    /// Synthetic texts from an object `{interrupted?, failed?, timeout?, lost?}` at `path`.
    static func syntheticOutputs(_ object: JSONObject?, path: String) throws(ServerError) -> SyntheticOutputs {
        var texts = SyntheticOutputs.defaults
        guard let object else { return texts }
        for member in object.members {
            let key = member.key.value
            guard let reason = CancelReason(rawValue: key) else {
                throw .invalidChoice(path: "\(path).\(key)", got: key, allowed: CancelReason.allCases.map(\.rawValue))
            }
            guard let text = member.value.stringValue else {
                throw .invalidParam(path: "\(path).\(key)", expected: "a string", got: member.value.typeName)
            }
            texts[reason] = text
        }
        return texts
    }
}

/// A JSON value that keeps the exact text of its strings and numbers.
///
/// Values produced by ``JSONParser`` share the bytes of the text they were parsed from: a
/// string is kept in its escaped form and a number as its literal text, so writing a parsed
/// value back with ``JSONWriter`` reproduces every string and number byte for byte (only
/// insignificant whitespace is dropped), and numbers are never rounded through `Double`.
public enum JSONValue: Sendable, Equatable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number, kept as its literal text.
    case number(JSONNumber)
    /// A string, kept in its escaped form.
    case string(JSONString)
    /// An array, in order.
    case array([JSONValue])
    /// An object, with its members in their original order.
    case object(JSONObject)
}

// MARK: - Accessors

extension JSONValue {
    /// The object, if this value is one.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The elements, if this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The decoded text, if this value is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string.value }
        return nil
    }

    /// The string, still escaped, if this value is a string.
    public var jsonString: JSONString? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The Boolean, if this value is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The number, if this value is one.
    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`, if this value is an object that has one (the last one wins).
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The JSON type name of this value, as used in error messages (`"object"`, `"string"`, ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral {
    /// A string value.
    public init(stringLiteral value: String) {
        self = .string(JSONString(value))
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// A number value written as the integer's decimal text.
    public init(integerLiteral value: Int) {
        self = .number(JSONNumber(value))
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// `null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array value.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object value whose members keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: JSONString($0.0), value: $0.1) }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of this value.
    public var description: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

// MARK: - Naming values in problem messages

extension JSONValue {
    /// The JSON type with an article, as OpenAI's `Invalid type for '…'` texts name it:
    /// `"a string"`, `"an object"`, `"an array"`, `"an integer"`, `"a number"`, `"a boolean"`, `"null"`.
    var articledTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let number): number.intValue == nil ? "a number" : "an integer"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A string value in double quotes; any other value by its articled type.
    var quotedOrTypeName: String {
        if case .string(let string) = self { return "\"\(string.value)\"" }
        return articledTypeName
    }
}

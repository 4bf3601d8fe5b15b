/// The texts OpenAI's APIs answer with when a member is missing or has the wrong type.
enum OpenAIShapeText {
    /// `Missing required parameter: '{param}'.`
    static func missing(_ param: String) -> String {
        "Missing required parameter: '\(param)'."
    }

    /// `Invalid type for '{param}': expected {expected}, but got {actual} instead.`
    static func invalidType(_ param: String, expected: String, got value: JSONValue) -> String {
        "Invalid type for '\(param)': expected \(expected), but got \(value.articledTypeName) instead."
    }

    /// `Invalid '{param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`
    static func emptyString(_ param: String) -> String {
        "Invalid '\(param)': empty string. Expected a string with minimum length 1, but got an empty string instead."
    }

    /// `Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`
    static func emptyArray(_ param: String) -> String {
        "Invalid '\(param)': empty array. Expected an array with minimum length 1, but got an empty array instead."
    }

    /// `Invalid value: '{value}'. Supported values are: 'a', 'b', and 'c'.` (the member is the
    /// error's `param`, not in the text; two values read `'a' and 'b'`).
    static func invalidValue(_ value: String, supported: [String]) -> String {
        let quoted = supported.map { "'\($0)'" }
        let list = switch quoted.count {
        case 0, 1: quoted.joined()
        case 2: quoted.joined(separator: " and ")
        default: quoted.dropLast().joined(separator: ", ") + ", and " + (quoted.last ?? "")
        }
        return "Invalid value: '\(value)'. Supported values are: \(list)."
    }
}

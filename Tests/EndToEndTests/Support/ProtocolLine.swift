import SequencerCore

/// What a line of the sidecar's stdout may be: one JSON-RPC response object carrying
/// `"jsonrpc":"2.0"` and exactly one of `result` and `error`, or a non-empty array of them.
enum ProtocolLine {
    /// Why `line` is not a protocol line, or `nil` if it is one.
    static func problem(with line: ArraySlice<UInt8>) -> String? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return "not JSON (\(error.message))"
        }
        if let responses = value.arrayValue {
            if responses.isEmpty { return "an empty array" }
            return responses.lazy.compactMap(problem(withResponse:)).first
        }
        return problem(withResponse: value)
    }

    private static func problem(withResponse value: JSONValue) -> String? {
        guard let object = value.objectValue else { return "a \(value.typeName), not a response object" }
        guard object["jsonrpc"]?.jsonString?.equals("2.0") == true else { return "no \"jsonrpc\":\"2.0\"" }
        guard object.contains("id") else { return "no \"id\"" }
        if object.contains("result") == object.contains("error") { return "not exactly one of \"result\" and \"error\"" }
        return nil
    }
}

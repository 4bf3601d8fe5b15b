import SequencerCore

/// A well-formed request: a method, its params, and its id (`nil` for a notification).
struct Request {
    /// Why a message is not a request, and the id to answer with.
    struct Invalid: Error {
        let id: JSONValue
        let error: ServerError
    }

    /// The method's name as it came (a name no method has is answered `-32601`).
    let methodName: JSONString
    let params: JSONValue?
    let id: JSONValue?

    /// The method's name as text, for messages and logs.
    var method: String { methodName.value }

    init(_ message: JSONValue) throws(Invalid) {
        guard case .object(let object) = message else {
            throw Invalid(id: .null, error: .invalidRequest("a request must be a JSON object, not \(message.typeName)", member: nil))
        }
        // One pass over the members, the last of each name winning, as lookups by key do.
        var idMember: JSONValue?
        var version: JSONValue?
        var methodValue: JSONValue?
        var params: JSONValue?
        for index in 0..<object.count {
            switch Request.envelopeKey(object.key(at: index)) {
            case .id: idMember = object.value(at: index)
            case .jsonrpc: version = object.value(at: index)
            case .method: methodValue = object.value(at: index)
            case .params: params = object.value(at: index)
            case nil: break
            }
        }
        var id: JSONValue?
        if let value = idMember {
            switch value {
            case .string, .number, .null: id = value
            default:
                throw Invalid(id: .null, error: .invalidRequest("\"id\" must be a string, a number or null, not \(value.typeName)", member: "id"))
            }
        }
        let answerId = id ?? .null
        if let version, !(version.jsonString?.matches("2.0") ?? false) {
            throw Invalid(id: answerId, error: .invalidRequest("\"jsonrpc\" must be \"2.0\"", member: "jsonrpc"))
        }
        guard let methodValue else {
            throw Invalid(id: answerId, error: .invalidRequest("\"method\" is missing", member: "method"))
        }
        guard let method = methodValue.jsonString else {
            throw Invalid(id: answerId, error: .invalidRequest("\"method\" must be a string, not \(methodValue.typeName)", member: "method"))
        }
        if let params {
            switch params {
            case .object, .array, .null: break  // null: as if absent, which some clients send
            default:
                throw Invalid(id: answerId, error: .invalidRequest("\"params\" must be an object or an array, not \(params.typeName)", member: "params"))
            }
        }
        self.methodName = method
        self.params = params
        self.id = id
    }

    /// The members of a request object.
    private enum EnvelopeKey {
        case id, jsonrpc, method, params
    }

    /// Which envelope member `key` names, whatever escapes spell it.
    private static func envelopeKey(_ key: JSONString) -> EnvelopeKey? {
        key.resolvingEscapes { key in
            switch key.escapedCount {
            case 2: key.matches("id") ? .id : nil
            case 6: key.matches("method") ? .method : key.matches("params") ? .params : nil
            case 7: key.matches("jsonrpc") ? .jsonrpc : nil
            default: nil
            }
        }
    }
}

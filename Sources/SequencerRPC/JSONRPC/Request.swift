import SequencerCore

/// A well-formed request: a method, its params, and its id (`nil` for a notification).
struct Request {
    /// Why a message is not a request, and the id to answer with.
    struct Invalid: Error {
        let id: JSONValue
        let error: ServerError
    }

    let method: String
    let params: JSONValue?
    let id: JSONValue?

    init(_ message: JSONValue) throws(Invalid) {
        guard case .object(let object) = message else {
            throw Invalid(id: .null, error: .invalidRequest("a request must be a JSON object, not \(message.typeName)", member: nil))
        }
        // One pass over the members, the last of each name winning, as lookups by key do.
        var idMember: JSONValue?
        var version: JSONValue?
        var methodValue: JSONValue?
        var params: JSONValue?
        for member in object.members {
            switch Request.envelopeKey(member.key) {
            case .id: idMember = member.value
            case .jsonrpc: version = member.value
            case .method: methodValue = member.value
            case .params: params = member.value
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
        if let version, !(version.jsonString?.equals("2.0") ?? false) {
            throw Invalid(id: answerId, error: .invalidRequest("\"jsonrpc\" must be \"2.0\"", member: "jsonrpc"))
        }
        guard let methodValue else {
            throw Invalid(id: answerId, error: .invalidRequest("\"method\" is missing", member: "method"))
        }
        guard let method = methodValue.stringValue else {
            throw Invalid(id: answerId, error: .invalidRequest("\"method\" must be a string, not \(methodValue.typeName)", member: "method"))
        }
        if let params {
            switch params {
            case .object, .array, .null: break  // null: as if absent, which some clients send
            default:
                throw Invalid(id: answerId, error: .invalidRequest("\"params\" must be an object or an array, not \(params.typeName)", member: "params"))
            }
        }
        self.method = method
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

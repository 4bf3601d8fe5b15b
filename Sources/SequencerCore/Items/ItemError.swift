/// Why a submitted value cannot be taken as a conversation item.
public enum ItemError: Error, Sendable, Equatable {
    /// The value is not a JSON object; carries its JSON type name.
    case notAnObject(String)
    /// The object has no `type` member.
    case missingType
    /// `type` is not a string; carries its JSON type name.
    case typeNotAString(String)
    /// A call or output has no key member (`call_id`, or the kind's own), or it is not a
    /// non-empty string.
    case missingCallId(type: String, member: String = "call_id")
    /// A `local_shell_call` whose `call_id` is null: no output can ever answer it through the
    /// Responses API.
    case nullCallId
    /// A `message` with no `role`, or a role outside `user`, `assistant`, `developer`, `system`.
    case invalidRole(String?)
    /// A required member is missing, has the wrong JSON type, or is a string outside the values
    /// its kind allows (a `local_shell_call`'s `status`); `expected` says what it must be.
    case invalidMember(type: String, member: String, expected: String)

    /// A sentence a host developer can act on.
    public var message: String {
        switch self {
        case .notAnObject(let type):
            "item is a JSON \(type), not an object"
        case .missingType:
            "item has no \"type\" member"
        case .typeNotAString(let type):
            "item's \"type\" is a JSON \(type), not a string"
        case .missingCallId(let type, let member):
            "\(type) has no \"\(member)\" (a non-empty string is required to pair calls with outputs)"
        case .nullCallId:
            "local_shell_call has a null \"call_id\": no output can answer it through the Responses API"
        case .invalidRole(let role):
            if let role {
                "message role \"\(role)\" is not one of user, assistant, developer, system"
            } else {
                "message has no \"role\" string"
            }
        case .invalidMember(let type, let member, let expected):
            "\(type) needs \"\(member)\" to be \(expected)"
        }
    }
}

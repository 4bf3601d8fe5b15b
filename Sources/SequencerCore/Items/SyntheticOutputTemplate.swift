/// The shape of the output that stands in for a call the host could not answer.
///
/// A synthetic output is the object `{"type": <the kind's first output type>, <key member>:
/// <the call's key>, …members}`, where the members come from the template for the cancel
/// reason (or the default template). In every string of a template, at any depth, the exact
/// strings `"{text}"` and `"{reason}"` are replaced by the session's text for the reason and by
/// the reason's name.
///
/// ```swift
/// // function_call_output: {"type":"function_call_output","call_id":"c1","output":"aborted: …"}
/// let template = SyntheticOutputTemplate(members: JSONObject(literal: ["output": "{text}"]))
/// ```
public struct SyntheticOutputTemplate: Sendable, Equatable {
    /// The members after `type` and the key, for reasons with no template of their own.
    public let members: JSONObject
    /// Templates for particular reasons.
    public let byReason: [CancelReason: JSONObject]

    /// A template; `byReason` overrides `members` for the reasons it names.
    public init(members: JSONObject, byReason: [CancelReason: JSONObject] = [:]) {
        self.members = members
        self.byReason = byReason
    }

    /// The placeholder replaced by the reason's text.
    public static let textPlaceholder = "{text}"
    /// The placeholder replaced by the reason's name.
    public static let reasonPlaceholder = "{reason}"

    /// The synthetic output answering the call keyed `key` of `kind`, for `reason` with `text`.
    public func output(of kind: CallKind, key: String, reason: CancelReason, text: String) -> JSONObject {
        var members: [JSONObject.Member] = [
            .init(key: "type", value: .string(JSONString(kind.outputTypes[0]))),
            .init(key: JSONString(kind.outputKeyMember), value: .string(JSONString(key))),
        ]
        let template = byReason[reason] ?? self.members
        for member in template.members {
            members.append(.init(key: member.key, value: Self.filling(member.value, reason: reason, text: text)))
        }
        return JSONObject(members)
    }

    private static func filling(_ value: JSONValue, reason: CancelReason, text: String) -> JSONValue {
        switch value {
        case .string(let string):
            if string.equals(textPlaceholder) { return .string(JSONString(text)) }
            if string.equals(reasonPlaceholder) { return .string(JSONString(reason.rawValue)) }
            return value
        case .array(let elements):
            return .array(elements.map { filling($0, reason: reason, text: text) })
        case .object(let object):
            return .object(JSONObject(object.members.map { .init(key: $0.key, value: filling($0.value, reason: reason, text: text)) }))
        case .null, .bool, .number:
            return value
        }
    }
}

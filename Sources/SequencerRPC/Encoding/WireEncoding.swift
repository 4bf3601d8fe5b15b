import SequencerCore

// How core values appear on the wire. Member order is fixed: the golden transcripts rely on it.

extension Problem {
    /// `{"code", "severity", "index", "callId"?, "message"}`.
    var json: JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "code", value: .string(JSONString(code.rawValue))),
            .init(key: "severity", value: .string(JSONString(severity.rawValue))),
            .init(key: "index", value: .number(JSONNumber(index))),
        ]
        if let callId { members.append(.init(key: "callId", value: .string(JSONString(callId)))) }
        members.append(.init(key: "message", value: .string(JSONString(message))))
        return .object(JSONObject(members))
    }
}

extension Repair {
    /// `{"kind", "callId"?, "index", "resultIndex"?, "message"}`.
    var json: JSONValue {
        var members: [JSONObject.Member] = [.init(key: "kind", value: .string(JSONString(kind.rawValue)))]
        if let callId { members.append(.init(key: "callId", value: .string(JSONString(callId)))) }
        members.append(.init(key: "index", value: .number(JSONNumber(index))))
        if let resultIndex { members.append(.init(key: "resultIndex", value: .number(JSONNumber(resultIndex)))) }
        members.append(.init(key: "message", value: .string(JSONString(message))))
        return .object(JSONObject(members))
    }
}

extension Report {
    /// `{"index", "reason", "callId"?, "item", "message"}`; `index` counts from `base` (the
    /// arrival number of the request's first item) and is null for an item that arrived in an
    /// earlier request (reported while being flushed from the held queue).
    func json(base: Int) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "index", value: arrival >= base ? .number(JSONNumber(arrival - base)) : .null),
            .init(key: "reason", value: .string(JSONString(reason.rawValue))),
        ]
        if let callId { members.append(.init(key: "callId", value: .string(JSONString(callId)))) }
        members.append(.init(key: "item", value: item))
        members.append(.init(key: "message", value: .string(JSONString(message))))
        return .object(JSONObject(members))
    }
}

extension Conversion {
    /// A `converted_output` repair: `{"kind", "callId", "index", "message"}`, `index` as in reports.
    func json(base: Int) -> JSONValue {
        .object(JSONObject([
            .init(key: "kind", value: "converted_output"),
            .init(key: "callId", value: .string(JSONString(callId))),
            .init(key: "index", value: arrival >= base ? .number(JSONNumber(arrival - base)) : .null),
            .init(key: "message", value: .string(JSONString("\(from.rawValue) converted to \(to.rawValue) to answer \(callId)"))),
        ]))
    }
}

extension Warning {
    /// `{"code", "type", "index", "message"}`; `index` counts from `base` as in reports.
    func json(base: Int) -> JSONValue {
        .object(JSONObject([
            .init(key: "code", value: .string(JSONString(code.rawValue))),
            .init(key: "type", value: .string(JSONString(type))),
            .init(key: "index", value: arrival >= base ? .number(JSONNumber(arrival - base)) : .null),
            .init(key: "message", value: .string(JSONString(message))),
        ]))
    }
}

extension RenderNote {
    /// `{"code", "index", "message"}`; `index` counts in the rendered items.
    var json: JSONValue {
        .object(JSONObject([
            .init(key: "code", value: .string(JSONString(code.rawValue))),
            .init(key: "index", value: .number(JSONNumber(itemIndex))),
            .init(key: "message", value: .string(JSONString(message))),
        ]))
    }
}

extension JSONValue {
    /// A number value for an integer.
    static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
    /// A string value for text.
    static func text(_ value: String) -> JSONValue { .string(JSONString(value)) }
}

import SequencerCore

/// How a ``SessionTimeline`` appears in `session/state`: times in microseconds since the
/// session was opened.
enum TimelineEncoding {
    static func json(_ timeline: SessionTimeline, origin: UInt64) -> JSONValue {
        func us(_ time: UInt64) -> JSONValue { .int(Int((time > origin ? time - origin : 0) / 1000)) }
        let calls: [JSONValue] = timeline.calls.map { call in
            var members: [JSONObject.Member] = [
                .init(key: "callId", value: .text(call.callId)),
                .init(key: "kind", value: .text(call.kind.rawValue)),
                .init(key: "name", value: call.name.map { .text($0) } ?? .null),
                .init(key: "submittedAtUs", value: us(call.submittedAt)),
            ]
            switch call.outcome {
            case .pending:
                members.append(.init(key: "state", value: "pending"))
            case .held:
                members.append(.init(key: "state", value: "held"))
            case .answered(let at, _, let early):
                members.append(.init(key: "state", value: "answered"))
                members.append(.init(key: "outputAtUs", value: us(at)))
                members.append(.init(key: "earlyOutput", value: .bool(early)))
            case .cancelled(let at, let reason):
                members.append(.init(key: "state", value: "cancelled"))
                members.append(.init(key: "cancelledAtUs", value: us(at)))
                members.append(.init(key: "reason", value: .text(reason.rawValue)))
            case .dropped:
                members.append(.init(key: "state", value: "dropped"))
            }
            members.append(.init(key: "held", value: .array(call.heldBehind.map { held in
                [
                    "item": .text(held.label),
                    "heldAtUs": us(held.heldAt),
                    "releasedAtUs": held.releasedAt.map(us) ?? .null,
                    "waitedUs": held.releasedAt.map { .int(Int(($0 > held.heldAt ? $0 - held.heldAt : 0) / 1000)) } ?? .null,
                ]
            })))
            return .object(JSONObject(members))
        }
        let reported: [JSONValue] = timeline.reported.map { report in
            var members: [JSONObject.Member] = [
                .init(key: "arrival", value: .int(report.arrival)),
                .init(key: "reason", value: .text(report.reason.rawValue)),
            ]
            if let callId = report.callId { members.append(.init(key: "callId", value: .text(callId))) }
            members.append(.init(key: "atUs", value: us(report.at)))
            members.append(.init(key: "message", value: .text(report.message)))
            return .object(JSONObject(members))
        }
        return ["calls": .array(calls), "reported": .array(reported)]
    }
}

@testable import SequencerCore
import SequencerTestSupport

// MARK: - Streams

/// One thing a host does to a ``Session``.
enum StreamStep: Equatable, Sendable, CustomStringConvertible {
    /// `session.submit(values)`.
    case submit([JSONValue])
    /// `session.cancel(callIds, reason:)`.
    case cancel([String]?, CancelReason)

    var description: String {
        switch self {
        case .submit(let values):
            "submit [\n" + values.map { "    \($0)" }.joined(separator: ",\n") + "\n]"
        case .cancel(let callIds?, let reason):
            "cancel([\(callIds.map { "\"\($0)\"" }.joined(separator: ", "))], reason: .\(reason))"
        case .cancel(nil, let reason):
            "cancel(nil, reason: .\(reason))"
        }
    }
}

/// A stream of submits and cancels, with the seed that made it.
struct GeneratedStream: Sendable, CustomStringConvertible {
    /// The seed ``StreamGenerator`` was given.
    let seed: UInt64
    /// The steps, in order.
    let steps: [StreamStep]

    /// Every submitted value, in arrival order (index = arrival number).
    var values: [JSONValue] {
        steps.flatMap { step -> [JSONValue] in
            if case .submit(let values) = step { return values }
            return []
        }
    }

    var description: String {
        "stream of seed \(seed):\n" + steps.map(\.description).joined(separator: "\n")
    }
}

// MARK: - Generator

/// A seeded random generator of interleaved item streams, as a host would feed them to a session.
///
/// Each stream is a few turns. A turn is some host messages (`user`, `developer`, `system`), then
/// a model response (reasoning, assistant text, up to four parallel calls of all three kinds,
/// `web_search_call`, unknown types, in varying order), then the outputs of its calls in any
/// order. Each call gets a fate: answered, answered with the wrong output kind, answered early
/// (before the call), interrupted (a `cancel` naming it, sometimes followed by a late real
/// output), or never answered. On top of that, noise is inserted at random positions: host
/// messages, invalid values (not objects, no `type`, no `call_id`, an empty or null `call_id`,
/// a bad role; rarely, a message with no usable `content`), orphan outputs, identical and
/// conflicting copies of calls and outputs (other content, or the other kind), and
/// cancels with random names (some never pending, some not pending yet, some answered already)
/// and random reasons. The values are then cut into batches of random sizes.
///
/// Everything comes from one ``SplitMix64``: the same seed gives the same stream.
struct StreamGenerator {
    let seed: UInt64
    private var random: SplitMix64
    private var serial = 0

    /// A generator for the stream (or history) of `seed`.
    init(seed: UInt64) {
        self.seed = seed
        random = SplitMix64(seed: seed ^ 0x5EED_0F5E_0BE2_C0DE)
    }

    /// A stream of submits in random batch sizes and cancels.
    mutating func stream() -> GeneratedStream {
        var events = events()
        if random.chance(20) {
            events.append(.cancel(nil, random.pick(CancelReason.allCases)))
        }
        var steps: [StreamStep] = []
        var batch: [JSONValue] = []
        var target = batchSize()
        for event in events {
            switch event {
            case .value(let value):
                batch.append(value)
                if batch.count >= target {
                    steps.append(.submit(batch))
                    batch = []
                    target = batchSize()
                }
            case .cancel(let callIds, let reason):
                if !batch.isEmpty {
                    steps.append(.submit(batch))
                    batch = []
                }
                steps.append(.cancel(callIds, reason))
            }
        }
        if !batch.isEmpty { steps.append(.submit(batch)) }
        return GeneratedStream(seed: seed, steps: steps)
    }

    /// A whole history, as a host that keeps it would send it: the values of a stream, its
    /// cancels left out (so interrupted calls have no output, unless a late one came).
    mutating func history() -> [JSONValue] {
        events().compactMap { event in
            if case .value(let value) = event { return value }
            return nil
        }
    }

    // MARK: Events

    private enum Event {
        case value(JSONValue)
        case cancel([String]?, CancelReason)

        var value: JSONValue? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    /// What happens to one call.
    private enum Fate: CaseIterable {
        case answered, wrongKind, early, interrupted, interruptedThenLate, neverAnswered
    }

    private mutating func batchSize() -> Int {
        switch random.below(100) {
        case ..<45: 1
        case ..<80: random.int(in: 2...4)
        case ..<95: random.int(in: 5...10)
        default: 1000
        }
    }

    private mutating func events() -> [Event] {
        var events: [Event] = []
        var calls: [Call] = []
        for _ in 0..<random.pick([1, 1, 2, 2, 3, 3, 4, 5]) {
            for _ in 0..<random.pick([0, 0, 1, 1, 1, 2]) {
                events.append(.value(hostMessage()))
            }
            turn(into: &events, calls: &calls)
        }
        addNoise(to: &events, calls: calls)
        return events
    }

    /// A call the stream made, for copies and cancel names.
    private struct Call {
        let id: String
        let value: JSONValue
    }

    /// One model response and what becomes of its calls.
    private mutating func turn(into events: inout [Event], calls: inout [Call]) {
        var response: [JSONValue] = []
        if random.chance(40) { response.append(reasoning()) }
        if random.chance(30) { response.append(assistantMessage()) }
        var turnCalls: [(id: String, kind: CallKind)] = []
        for _ in 0..<random.pick([0, 1, 1, 1, 2, 2, 3, 4]) {
            let kind = random.pick(CallKind.allCases)
            let id = callId()
            let value = call(kind, id)
            turnCalls.append((id, kind))
            calls.append(Call(id: id, value: value))
            response.append(value)
        }
        if random.chance(15) { response.append(webSearch()) }
        if random.chance(15) { response.append(unknownItem()) }
        if random.chance(25) { random.shuffle(&response) }
        if random.chance(20) { response.append(assistantMessage()) }

        // The response, the user sometimes typing in the middle of it.
        var callPositions: [String: Int] = [:]
        for value in response {
            if let callId = value["call_id"]?.stringValue { callPositions[callId] = events.count }
            events.append(.value(value))
            if random.chance(8) { events.append(.value(hostMessage())) }
        }

        var answers: [JSONValue] = []
        var interrupted: [String] = []
        var late: [JSONValue] = []
        for call in turnCalls {
            switch random.pick(Fate.allCases + [.answered, .answered, .answered, .answered]) {
            case .answered:
                answers.append(output(for: call.kind, call.id))
            case .wrongKind:
                answers.append(output(for: call.kind, call.id, wrongKind: true))
            case .early:
                let position = callPositions[call.id] ?? events.count
                let at = random.int(in: max(0, position - 6)...position)
                events.insert(.value(output(for: call.kind, call.id, wrongKind: random.chance(20))), at: at)
                for (id, later) in callPositions where later >= at { callPositions[id] = later + 1 }
            case .interrupted:
                interrupted.append(call.id)
            case .interruptedThenLate:
                interrupted.append(call.id)
                late.append(output(for: call.kind, call.id, wrongKind: random.chance(20)))
            case .neverAnswered:
                break
            }
        }
        random.shuffle(&answers)

        // The outputs, with the user typing between them, and the interruption somewhere after
        // the calls: before, among or after the outputs that did come.
        var tail = answers.map(Event.value)
        if !interrupted.isEmpty || random.chance(10) {
            let names: [String]? = random.chance(25) ? nil : interrupted + noiseNames(calls: calls)
            tail.insert(.cancel(names, random.pick(CancelReason.allCases)), at: random.int(in: 0...tail.count))
        }
        tail += late.map(Event.value)
        for event in tail {
            if random.chance(12) { events.append(.value(hostMessage())) }
            events.append(event)
        }
    }

    /// Invalid values, orphan outputs, copies of calls and outputs, stray cancels and host
    /// messages, each at a random position.
    private mutating func addNoise(to events: inout [Event], calls: [Call]) {
        // Insertions at positions of the events as they are now, made from the last position to
        // the first so that each position still means what it meant.
        var insertions: [(at: Int, event: Event)] = []
        func anywhere(_ event: Event, after floor: Int = 0) {
            insertions.append((random.int(in: min(floor, events.count)...events.count), event))
        }
        for _ in 0..<random.pick([0, 0, 1, 1, 2, 3]) {
            anywhere(.value(invalidValue()))
        }
        if random.chance(3) {
            anywhere(.value(random.pick(Self.malformedMessages)))
        }
        for _ in 0..<random.pick([0, 0, 0, 1, 2]) {
            anywhere(.value(output(for: random.pick(CallKind.allCases), "orphan_\(nextSerial())")))
        }
        for _ in 0..<random.pick([0, 0, 1, 2]) {
            anywhere(.value(hostMessage()))
        }
        // Copies: identical ones (duplicates) and changed ones (conflicts), of calls and of
        // outputs, usually after the original, sometimes before it.
        let originals = events.indices.filter { events[$0].value?["call_id"] != nil }
        if !originals.isEmpty {
            for _ in 0..<random.pick([0, 0, 1, 1, 2, 3]) {
                let position = random.pick(originals)
                guard let original = events[position].value else { continue }
                anywhere(.value(random.chance(50) ? original : changed(original)), after: random.chance(85) ? position + 1 : 0)
            }
        }
        for _ in 0..<random.pick([0, 0, 0, 1, 2]) {
            let names: [String]? = random.chance(30) ? nil : noiseNames(calls: calls) + random.subset(calls.map(\.id), percent: 20)
            anywhere(.cancel(names, random.pick(CancelReason.allCases)))
        }
        for insertion in insertions.sorted(by: { $0.at > $1.at }) {
            events.insert(insertion.event, at: insertion.at)
        }
    }

    /// Names for a cancel that are mostly not pending: unknown ones, and any call's.
    private mutating func noiseNames(calls: [Call]) -> [String] {
        var names: [String] = []
        if random.chance(30) { names.append("never_\(nextSerial())") }
        if random.chance(20), !calls.isEmpty { names.append(random.pick(calls).id) }
        return names
    }

    // MARK: Values

    private mutating func nextSerial() -> Int {
        serial += 1
        return serial
    }

    /// A fresh `call_id`: usually `call_N`, sometimes with characters Anthropic does not accept.
    private mutating func callId() -> String {
        let number = nextSerial()
        switch random.below(10) {
        case 0: return "functions.shell:\(number)"
        case 1: return "call \(number)/é"
        case 2: return "toolu-\(number)_X"
        default: return "call_\(number)"
        }
    }

    private mutating func text(_ prefix: String) -> JSONValue {
        switch random.below(20) {
        case 0: ""
        case 1: .string(JSONString("\(prefix) \"quoted\" \\ line\nbreak \(nextSerial())"))
        default: .string(JSONString("\(prefix) \(nextSerial())"))
        }
    }

    private mutating func hostMessage() -> JSONValue {
        let role: JSONValue = random.pick(["user", "user", "user", "user", "developer", "system"])
        if random.chance(15) {
            return ["type": "message", "role": role, "content": text("plain")]
        }
        var content: [JSONValue] = [["type": "input_text", "text": text("says")]]
        if random.chance(10) {
            let url: JSONValue = random.pick(["https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=", "data:,x"])
            content.append(["type": "input_image", "image_url": url])
        }
        return ["type": "message", "role": role, "content": .array(content)]
    }

    private mutating func assistantMessage() -> JSONValue {
        var message: JSONValue = ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": text("model says")]]]
        if random.chance(20) { message = with(message, "id", .string(JSONString("msg_\(nextSerial())"))) }
        return message
    }

    private mutating func reasoning() -> JSONValue {
        var item: JSONValue = [
            "type": "reasoning", "summary": [["type": "summary_text", "text": text("thinking")]],
            "content": random.chance(30) ? [["type": "reasoning_text", "text": text("raw")]] : nil,
            "encrypted_content": random.chance(30) ? "gAAAAB" : nil,
        ]
        if random.chance(30) { item = with(item, "id", .string(JSONString("rs_\(nextSerial())"))) }
        return item
    }

    private mutating func webSearch() -> JSONValue {
        ["type": "web_search_call", "status": "completed", "action": ["type": "search", "query": text("query")]]
    }

    private mutating func unknownItem() -> JSONValue {
        let type: JSONValue = random.pick(["ghost_snapshot", "compaction", "image_generation_call", "tool_search_call", "future_item_v9"])
        return ["type": type, "payload": ["n": .number(JSONNumber(nextSerial()))]]
    }

    private mutating func call(_ kind: CallKind, _ id: String) -> JSONValue {
        let callId = JSONValue.string(JSONString(id))
        var value: JSONValue
        switch kind {
        case .function:
            let arguments: JSONValue = random.pick([#"{"path":"a.txt"}"#, "{}", "[1,2]", "not json", #"{"n":1.50}"#])
            value = ["type": "function_call", "name": random.pick(["read_file", "shell", "grep"]), "arguments": arguments, "call_id": callId]
        case .localShell:
            value = [
                "type": "local_shell_call", "call_id": callId, "status": random.pick(["completed", "in_progress", "incomplete"]),
                "action": ["type": "exec", "command": ["bash", "-lc", text("cmd")], "timeout_ms": nil, "working_directory": nil, "env": nil, "user": nil],
            ]
        case .custom:
            value = ["type": "custom_tool_call", "call_id": callId, "name": "apply_patch", "input": text("*** Begin Patch"), "status": "completed"]
        default:
            value = ["type": .string(JSONString(kind.type)), "call_id": callId]
        }
        if random.chance(20) { value = with(value, "id", .string(JSONString("fc_\(nextSerial())"))) }
        return value
    }

    /// An output for a call of `kind`: the kind that answers it, or the other one.
    private mutating func output(for kind: CallKind, _ id: String, wrongKind: Bool = false) -> JSONValue {
        let outputKind: OutputKind = (kind.outputKind == .function) != wrongKind ? .function : .custom
        let output: JSONValue
        if random.chance(15) {
            var parts: [JSONValue] = [["type": "input_text", "text": text("part")]]
            if random.chance(30) { parts.append(["type": "input_image", "image_url": "https://example.com/shot.png"]) }
            output = .array(parts)
        } else {
            output = text("result")
        }
        return ["type": .string(JSONString(outputKind.rawValue)), "call_id": .string(JSONString(id)), "output": output]
    }

    /// A value that is not a valid item.
    private mutating func invalidValue() -> JSONValue {
        switch random.below(Self.invalidValues.count + 2) {
        case Self.invalidValues.count: .number(JSONNumber(nextSerial()))
        case Self.invalidValues.count + 1: [.number(JSONNumber(nextSerial()))]
        case let index: Self.invalidValues[index]
        }
    }

    private static let invalidValues: [JSONValue] = [
        "just a string",
        nil,
        true,
        ["role": "user", "content": "no type"],
        ["type": 3],
        ["type": "function_call", "name": "f", "arguments": "{}"],
        ["type": "custom_tool_call", "name": "f", "input": "x", "call_id": ""],
        ["type": "local_shell_call", "call_id": nil, "status": "completed", "action": ["type": "exec", "command": ["ls"]]],
        ["type": "function_call_output", "output": "no call_id"],
        ["type": "custom_tool_call_output", "call_id": 7, "output": "x"],
        ["type": "function_call_output", "call_id": "call_1", "output": 5],
        ["type": "function_call", "call_id": "call_nameless", "arguments": "{}"],
        ["type": "message", "role": "tool", "content": "bad role"],
        ["type": "message", "content": "no role"],
    ]

    /// Messages that are items (a `type` and a role) but have no usable `content`: the Responses
    /// API rejects them. Rare, so that they do not hide other failures.
    private static let malformedMessages: [JSONValue] = [
        ["type": "message", "role": "user"],
        ["type": "message", "role": "assistant", "content": nil],
    ]

    /// A copy of a call or output with different content, or of the other kind (a conflict).
    private mutating func changed(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        let mark = JSONValue.string(JSONString("changed \(nextSerial())"))
        if random.chance(25), let type = object["type"]?.stringValue {
            let other: JSONValue? = switch type {
            case "function_call": "custom_tool_call"
            case "custom_tool_call": "function_call"
            case "local_shell_call": nil
            case "function_call_output": "custom_tool_call_output"
            default: "function_call_output"
            }
            if let other {
                object["type"] = other
                return .object(object)
            }
        }
        if object["output"] != nil {
            object["output"] = mark
        } else if object["arguments"] != nil {
            object["arguments"] = .string(JSONString(#"{"changed":\#(nextSerial())}"#))
        } else if object["input"] != nil {
            object["input"] = mark
        } else {
            object["status"] = mark
        }
        return .object(object)
    }

    private func with(_ value: JSONValue, _ key: String, _ member: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object[key] = member
        return .object(object)
    }
}

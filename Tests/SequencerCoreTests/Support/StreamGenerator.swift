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
/// a model response (reasoning, assistant text, up to four parallel calls of every built-in
/// kind in ``CallKind/allCases``, API-run items such as `web_search_call`, `mcp_call` or a
/// server `tool_search_call`, unknown types, in varying order), then the outputs of its calls
/// in any order. Calls and outputs have the shapes of OpenAI's published schema
/// (`openai-input.schema.json`): a `shell_call` with `action.commands`, its output an array of
/// `{stdout, stderr, outcome}`; an `apply_patch_call` with `status` and `operation`; a
/// `computer_call` with `action` and `pending_safety_checks`, answered by a
/// `computer_screenshot`; a client `tool_search_call` with `arguments: {}`, answered by
/// `tools`; an `mcp_approval_request` keyed by its `id`, answered by an
/// `mcp_approval_response` naming it in `approval_request_id`; a `program` with `code` and
/// `fingerprint`, answered by `result` and `status`.
///
/// Each call gets a fate: answered (by any of its kind's output types), answered with the wrong
/// output type (one that converts, for the kinds whose outputs carry text, or one that cannot
/// answer it at all), answered early (before the call), interrupted (a `cancel` naming it,
/// sometimes followed by a late real output), or never answered. On top of that, noise is
/// inserted at random positions: host messages, invalid values (not objects, no `type`, no key,
/// an empty or null `call_id`, a bad role, a new kind's output missing its required member;
/// rarely, a message with no usable `content`), orphan outputs of every type, identical and
/// conflicting copies of calls and outputs (other content, or the other type), and cancels with
/// random names (some never pending, some not pending yet, some answered already) and random
/// reasons. Texts are sometimes empty, whitespace only or end in whitespace, and images are
/// sometimes of types Anthropic refuses (`image/svg+xml`), so that the providers' text and image
/// rules are exercised. The values are then cut into batches of random sizes.
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
        if random.chance(20) { response.append(apiRunItem()) }
        if random.chance(15) { response.append(unknownItem()) }
        if random.chance(25) { random.shuffle(&response) }
        if random.chance(20) { response.append(assistantMessage()) }

        // The response, the user sometimes typing in the middle of it.
        var callPositions: [String: Int] = [:]
        for value in response {
            if let callId = Self.key(of: value) { callPositions[callId] = events.count }
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
            anywhere(.value(output(for: random.pick(CallKind.allCases), "orphan_\(nextSerial())", wrongKind: random.chance(20))))
        }
        for _ in 0..<random.pick([0, 0, 1, 2]) {
            anywhere(.value(hostMessage()))
        }
        // Copies: identical ones (duplicates) and changed ones (conflicts), of calls and of
        // outputs, usually after the original, sometimes before it.
        let originals = events.indices.filter { events[$0].value.flatMap(Self.key(of:)) != nil }
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

    /// A text: usually `prefix N`; sometimes empty, whitespace only, ending in whitespace, or
    /// with quotes, a backslash and a line break.
    private mutating func text(_ prefix: String) -> JSONValue {
        switch random.below(24) {
        case 0: ""
        case 1: .string(JSONString(random.pick([" ", "\n", " \n\t "])))
        case 2: .string(JSONString("\(prefix) \(nextSerial())\(random.pick([" ", "\n", "  \n"]))"))
        case 3: .string(JSONString("\(prefix) \"quoted\" \\ line\nbreak \(nextSerial())"))
        default: .string(JSONString("\(prefix) \(nextSerial())"))
        }
    }

    /// An image URL: remote, or `data:` of a type Anthropic takes, of one it refuses, or not base64.
    private mutating func imageURL() -> JSONValue {
        random.pick([
            "https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=", "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
            "data:image/webp;base64,UklGRiQAAABXRUJQ", "data:image/svg+xml;base64,PHN2Zy8+", "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
            "data:,x",
        ])
    }

    private mutating func hostMessage() -> JSONValue {
        let role: JSONValue = random.pick(["user", "user", "user", "user", "developer", "system"])
        if random.chance(15) {
            return ["type": "message", "role": role, "content": text("plain")]
        }
        var content: [JSONValue] = [["type": "input_text", "text": text("says")]]
        if random.chance(20) {
            content.append(["type": "input_image", "image_url": imageURL()])
        }
        return ["type": "message", "role": role, "content": .array(content)]
    }

    private mutating func assistantMessage() -> JSONValue {
        // Models often end a text with a line break: the final assistant text rule is exercised.
        let said: JSONValue = random.chance(25) ? .string(JSONString("model says \(nextSerial())\n")) : text("model says")
        var message: JSONValue = ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": said]]]
        if random.chance(20) { message = with(message, "id", .string(JSONString("msg_\(nextSerial())"))) }
        return message
    }

    private mutating func reasoning() -> JSONValue {
        var item: JSONValue = ["type": "reasoning", "summary": [["type": "summary_text", "text": text("thinking")]]]
        if random.chance(30) { item = with(item, "content", [["type": "reasoning_text", "text": text("raw")]]) }
        if random.chance(50) { item = with(item, "encrypted_content", random.chance(60) ? "gAAAAB" : nil) }
        if random.chance(30) { item = with(item, "id", .string(JSONString("rs_\(nextSerial())"))) }
        return item
    }

    /// An item the API ran itself, as it returns it (with its server `id`): it needs no output.
    private mutating func apiRunItem() -> JSONValue {
        let id = nextSerial()
        switch random.below(9) {
        case 0, 1:
            return ["type": "web_search_call", "id": .string(JSONString("ws_\(id)")), "status": "completed",
                    "action": ["type": "search", "query": text("query")]]
        case 2:
            return ["type": "mcp_call", "id": .string(JSONString("mcp_\(id)")), "server_label": "deepwiki", "name": "ask_question",
                    "arguments": #"{"question":"why"}"#, "output": text("answer"), "status": "completed"]
        case 3:
            return ["type": "mcp_list_tools", "id": .string(JSONString("mcpl_\(id)")), "server_label": "deepwiki",
                    "tools": [["name": "ask_question", "input_schema": ["type": "object"]]]]
        case 4:
            return ["type": "file_search_call", "id": .string(JSONString("fs_\(id)")), "status": "completed", "queries": ["swift"]]
        case 5:
            return ["type": "code_interpreter_call", "id": .string(JSONString("ci_\(id)")), "status": "completed", "container_id": "cntr_1",
                    "code": "print(1)", "outputs": [["type": "logs", "logs": "1"]]]
        case 6:
            return ["type": "image_generation_call", "id": .string(JSONString("ig_\(id)")), "status": "completed", "result": "iVBORw0KGgo="]
        case 7:
            return ["type": "tool_search_call", "call_id": .string(JSONString("ts_server_\(id)")), "execution": "server",
                    "arguments": [:], "status": "completed"]
        default:
            return ["type": "tool_search_output", "call_id": .string(JSONString("ts_server_\(id)")), "execution": "server",
                    "tools": [], "status": "completed"]
        }
    }

    /// An item of a type the session's table does not know, or a known pass-through type.
    private mutating func unknownItem() -> JSONValue {
        switch random.below(5) {
        case 0: return ["type": "ghost_snapshot", "ghost_commit": ["id": "abc", "parent": nil]]
        case 1: return ["type": "compaction", "encrypted_content": "gAAAAB"]
        case 2: return ["type": "x_vendor_event", "payload": ["n": .number(JSONNumber(nextSerial()))]]
        default: return ["type": "future_item_v9", "payload": ["n": .number(JSONNumber(nextSerial()))]]
        }
    }

    /// The key of a call or output of a host-run kind (`call_id`, or the `id` of an
    /// `mcp_approval_request` and the `approval_request_id` of its response); `nil` for anything else.
    static func key(of value: JSONValue) -> String? {
        (try? Item(value))?.callId
    }

    private mutating func call(_ kind: CallKind, _ id: String) -> JSONValue {
        let callId = JSONValue.string(JSONString(id))
        var value: JSONValue
        var mayHaveServerId = true
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
        case .shell:
            value = [
                "type": "shell_call", "call_id": callId,
                "action": ["commands": .array([text("ls -la"), "git status"].prefix(random.int(in: 1...2)).map { $0 }),
                           "timeout_ms": random.chance(50) ? .number(JSONNumber(120_000)) : nil, "max_output_length": nil],
                "status": random.pick(["completed", "in_progress", "incomplete"]),
            ]
        case .applyPatch:
            let operation: JSONValue = switch random.below(3) {
            case 0: ["type": "create_file", "path": "Sources/New.swift", "diff": "+let x = 1\n"]
            case 1: ["type": "delete_file", "path": "Sources/Old.swift"]
            default: ["type": "update_file", "path": "Sources/A.swift", "diff": "@@ -1 +1 @@\n-let a = 1\n+let a = 2\n"]
            }
            value = ["type": "apply_patch_call", "call_id": callId, "status": random.pick(["completed", "in_progress"]), "operation": operation]
        case .computer:
            let action: JSONValue = random.pick([
                ["type": "click", "button": "left", "x": 120, "y": 48],
                ["type": "type", "text": "hello"],
                ["type": "keypress", "keys": ["CTRL", "L"]],
                ["type": "screenshot"],
            ])
            value = [
                "type": "computer_call", "id": .string(JSONString("cu_\(nextSerial())")), "call_id": callId, "action": action,
                "pending_safety_checks": random.chance(20) ? [["id": "sc_1", "code": "malicious_instructions", "message": "check"]] : [],
                "status": "completed",
            ]
            mayHaveServerId = false
        case .toolSearch:
            value = ["type": "tool_search_call", "call_id": callId, "execution": "client", "arguments": [:],
                     "status": random.pick(["completed", "in_progress"])]
        case .mcpApprovalRequest:
            // Its `id` is its key, content that is never stripped.
            value = ["type": "mcp_approval_request", "id": callId, "server_label": "deepwiki", "name": "ask_question",
                     "arguments": #"{"question":"what is this repo?"}"#]
            mayHaveServerId = false
        case .program:
            value = ["type": "program", "id": .string(JSONString("prog_\(nextSerial())")), "call_id": callId,
                     "code": text("print"), "fingerprint": .string(JSONString("fp_\(nextSerial())"))]
            mayHaveServerId = false
        default:
            value = ["type": .string(JSONString(kind.type)), kind.callKeyMember: callId]
        }
        if mayHaveServerId && random.chance(20) { value = with(value, "id", .string(JSONString("fc_\(nextSerial())"))) }
        return value
    }

    /// Every output type of the built-in table.
    static let outputTypes = [
        "function_call_output", "custom_tool_call_output", "local_shell_call_output", "shell_call_output",
        "apply_patch_call_output", "computer_call_output", "tool_search_output", "mcp_approval_response", "program_output",
    ]

    /// An output for a call of `kind`: of one of the types that answer it, or, for `wrongKind`,
    /// of another type (one that converts to the kind's, when both carry text, half the time).
    private mutating func output(for kind: CallKind, _ id: String, wrongKind: Bool = false) -> JSONValue {
        guard wrongKind else { return output(type: random.pick(kind.outputTypes), key: id) }
        let others = Self.outputTypes.filter { !kind.outputTypes.contains($0) }
        let converting = others.filter { OutputKind(type: $0).carriesTextOutput && kind.outputKind.carriesTextOutput }
        let type = !converting.isEmpty && random.chance(50) ? random.pick(converting) : random.pick(others)
        return output(type: type, key: id)
    }

    /// An output of `type` answering the call keyed `key`, in the type's published shape.
    private mutating func output(type: String, key: String) -> JSONValue {
        let callId = JSONValue.string(JSONString(key))
        switch type {
        case "shell_call_output":
            var entries: [JSONValue] = []
            for _ in 0..<random.pick([1, 1, 2]) {
                let outcome: JSONValue = random.chance(15) ? ["type": "timeout"] : ["type": "exit", "exit_code": random.pick([0, 0, 1, 2])]
                entries.append(["stdout": text("out"), "stderr": random.chance(70) ? "" : text("err"), "outcome": outcome])
            }
            return ["type": "shell_call_output", "call_id": callId, "output": .array(entries),
                    "max_output_length": random.chance(30) ? .number(JSONNumber(4096)) : nil]
        case "apply_patch_call_output":
            return ["type": "apply_patch_call_output", "call_id": callId, "status": random.pick(["completed", "failed"]),
                    "output": random.chance(70) ? text("patched") : nil]
        case "computer_call_output":
            let screenshot: JSONValue = random.chance(80)
                ? ["type": "computer_screenshot", "image_url": random.pick(["data:image/png;base64,iVBORw0KGgo=", "https://example.com/screen.png"])]
                : ["type": "computer_screenshot", "file_id": "file_123"]
            return ["type": "computer_call_output", "call_id": callId, "output": screenshot,
                    "acknowledged_safety_checks": random.chance(20) ? [["id": "sc_1"]] : nil]
        case "tool_search_output":
            let tools: JSONValue = random.chance(60) ? [] : [[
                "type": "function", "name": "read_file", "strict": true,
                "parameters": ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"]],
            ]]
            return ["type": "tool_search_output", "call_id": callId, "execution": "client", "status": "completed", "tools": tools]
        case "mcp_approval_response":
            return ["type": "mcp_approval_response", "approval_request_id": callId, "approve": .bool(random.chance(70)),
                    "reason": random.chance(30) ? text("because") : nil]
        case "program_output":
            return ["type": "program_output", "id": .string(JSONString("po_\(nextSerial())")), "call_id": callId,
                    "result": text("result"), "status": random.pick(["completed", "incomplete"])]
        default:
            // function_call_output, custom_tool_call_output, local_shell_call_output: a text output.
            let output: JSONValue
            if random.chance(15) && type != "local_shell_call_output" {
                var parts: [JSONValue] = [["type": "input_text", "text": text("part")]]
                if random.chance(40) { parts.append(["type": "input_image", "image_url": imageURL()]) }
                output = .array(parts)
            } else {
                output = text("result")
            }
            return ["type": .string(JSONString(type)), "call_id": callId, "output": output]
        }
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
        ["type": "custom_tool_call", "call_id": "call_inputless", "name": "apply_patch"],
        ["type": "custom_tool_call", "call_id": "call_input_object", "name": "apply_patch", "input": ["patch": "x"]],
        ["type": "local_shell_call", "call_id": "call_statusless", "action": ["type": "exec", "command": ["ls"]]],
        ["type": "local_shell_call", "call_id": "call_bad_status", "status": "done", "action": ["type": "exec", "command": ["ls"]]],
        ["type": "message", "role": "tool", "content": "bad role"],
        ["type": "message", "content": "no role"],
        ["type": "shell_call_output", "call_id": "call_1", "output": "not an array"],
        ["type": "apply_patch_call_output", "call_id": "call_1"],
        ["type": "computer_call_output", "call_id": "call_1", "output": "no screenshot"],
        ["type": "tool_search_output", "call_id": "call_1", "execution": "client"],
        ["type": "mcp_approval_response", "approve": true],
        ["type": "mcp_approval_request", "server_label": "deepwiki", "name": "ask", "arguments": "{}"],
        ["type": "program_output", "call_id": "call_1", "result": 5, "status": "completed"],
        ["type": "shell_call", "action": ["commands": ["ls"]]],
    ]

    /// Messages that are items (a `type` and a role) but have no usable `content`: the Responses
    /// API rejects them. Rare, so that they do not hide other failures.
    private static let malformedMessages: [JSONValue] = [
        ["type": "message", "role": "user"],
        ["type": "message", "role": "assistant", "content": nil],
    ]

    /// A copy of a call or output with different content, or of the other type (a conflict).
    private mutating func changed(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value, let type = object["type"]?.stringValue else { return value }
        let mark = JSONValue.string(JSONString("changed \(nextSerial())"))
        if random.chance(25) {
            // The same call or output as the other type, its members renamed to that type's.
            switch type {
            case "function_call":
                object["type"] = "custom_tool_call"
                object["input"] = object["arguments"]
                object["arguments"] = nil
                return .object(object)
            case "custom_tool_call":
                object["type"] = "function_call"
                object["arguments"] = object["input"].flatMap { $0.stringValue.map { .string(JSONString($0)) } } ?? "{}"
                object["input"] = nil
                return .object(object)
            case "function_call_output":
                object["type"] = "custom_tool_call_output"
                return .object(object)
            case "custom_tool_call_output", "local_shell_call_output":
                object["type"] = "function_call_output"
                return .object(object)
            default:
                break
            }
        }
        switch type {
        case "local_shell_call":
            object["action"] = ["type": "exec", "command": ["bash", "-lc", mark]]
        case "shell_call":
            object["action"] = ["commands": [mark]]
        case "apply_patch_call":
            object["operation"] = ["type": "delete_file", "path": mark]
        case "computer_call":
            object["action"] = ["type": "type", "text": mark]
        case "tool_search_call":
            object["status"] = "incomplete"
        case "mcp_approval_request", "mcp_call":
            object["arguments"] = .string(JSONString(#"{"changed":\#(nextSerial())}"#))
        case "program":
            object["code"] = mark
        case "shell_call_output":
            object["output"] = [["stdout": mark, "stderr": "", "outcome": ["type": "exit", "exit_code": 3]]]
        case "apply_patch_call_output":
            object["output"] = mark
        case "computer_call_output":
            object["output"] = ["type": "computer_screenshot", "file_id": mark]
        case "tool_search_output":
            object["status"] = "incomplete"
        case "mcp_approval_response":
            object["approve"] = .bool(object["approve"] != .bool(true))
        case "program_output":
            object["result"] = mark
        default:
            if object["output"] != nil {
                object["output"] = mark
            } else if object["arguments"] != nil {
                object["arguments"] = .string(JSONString(#"{"changed":\#(nextSerial())}"#))
            } else if object["input"] != nil {
                object["input"] = mark
            } else {
                object["status"] = mark
            }
        }
        return .object(object)
    }

    private func with(_ value: JSONValue, _ key: String, _ member: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object[key] = member
        return .object(object)
    }
}

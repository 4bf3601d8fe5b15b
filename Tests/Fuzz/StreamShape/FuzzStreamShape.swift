// libFuzzer target: streams shaped to make the session work or keep memory out of proportion
// to what it was given (issue 12, item 9). Built by `Tests/Fuzz/build.sh stream-shape` in one
// module with the SequencerCore sources, so it reads `operationCount` and drives the one-shot
// sequencer's session step by step.
//
// The input is a program that builds a stream of items (at most `maxItems`):
//   header byte: bits 0-1 how the stream is fed: 0 `Session.submit` of everything at once,
//                1 `Session.submit` cut at the program's submit boundaries, 2 the one-shot
//                sequencer (`Sequencer.sequence(events:)`'s steps), 3 one item per submit
//   then ops until the input ends, each an opcode byte, `op % 10`:
//     0  the adversarial pattern: `[function_call aK, function_call bK, function_call_output aK]`
//        × (1 + next byte), the `bK` outputs owed (issue 12's quadratic stream)
//     1  nested holds: depth 1 + next byte % 32, each level a call, a user message typed while
//        it runs, and the output of the level before, the last output owed
//     2  pay what is owed: every owed output, in order or reversed (next byte's bit 0)
//     3  a huge member: 16 × (2-byte length) bytes (up to 1 MiB) as an unknown member of a call,
//        an output's text, a user message's text, an unknown item's member, or a call's `call_id`
//     4  deep nesting: an item with a member nested 1 + next byte levels (arrays and objects)
//     5  a cancel of every pending call (a submit boundary)
//     6  a copy of an earlier value (a duplicate, reported; copies of huge values too)
//     7  a call of another kind (shell, apply_patch, computer, tool search, MCP approval,
//        program), sometimes answered at once, sometimes with the wrong output type
//     8  a submit boundary
//     9  an unknown item type, new each time (each is warned about once)
//   Every submit goes through JSON text, as the sidecar's does: the values are written, the text
//   parsed, the parsed elements submitted and the text dropped.
//
// Checks, after the whole stream:
// - work: `operationCount ≤ 3 × items + 3` (each item processed on arrival, at most once more
//   when the batch it waits behind is committed, and a host-side item once more behind a batch
//   with no output);
// - memory: the bytes the session keeps allocated (AddressSanitizer's allocator count, after
//   minus before) ≤ 4 × the bytes of the items it keeps (committed, the open batch, held, early:
//   their JSON text) + 96 bytes per array or object in them (a tree node costs an allocation
//   whatever its text: `[[[…]]]` is 2 bytes of text a level) + 2 × the bytes submitted and not
//   kept + 2 KiB per item submitted + 256 KiB. An item keeps its own bytes, or shares its
//   request's buffer while that is at most twice the request's items (so a kept item may keep
//   the text of copies reported beside it, bytes that --max-session-bytes counts); what is
//   reported or dropped is not kept otherwise: a report record is at most 512 bytes a text. The one-shot sequencer
//   (feed 2) keeps its items over the request's text on purpose (its result lives as long as the
//   request): its bound counts the bytes submitted instead of the bytes kept.
// - `Session.verifyInvariants()` holds at the end.
//
// Found by this target on 2026-12-07, input saved as
// Tests/SequencerCoreTests/Fixtures/FuzzRegressions/stream-shape-huge-call-id-reported: the
// session's report log (kept for the timeline) kept every report's message and `call_id` whole,
// and a message embeds the `call_id`, so resubmitting a call whose `call_id` was huge grew memory
// by twice that id per copy although the copies are reported, not kept. Fixed: a report record
// keeps at most 512 bytes of each text, inside the 2 KiB per item submitted.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AddressSanitizer's count of the bytes allocated and not freed (`sanitizer/allocator_interface.h`).
@_silgen_name("__sanitizer_get_current_allocated_bytes")
func sanitizerAllocatedBytes() -> Int

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStreamShape(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var builder = StreamBuilder(UnsafeBufferPointer(start: data, count: size))
    let stream = builder.build()
    StreamRun(stream).check()
    return 0
}

/// The most items one input builds.
private let maxItems = 20_000

/// The bounds the checks enforce.
enum Bounds {
    static let operationsPerItem = 3
    static let operationsSlack = 3
    static let bytesPerKeptByte = 4
    static let bytesPerReportedByte = 2
    static let bytesPerContainer = 96
    static let bytesPerItem = 2_048
    static let bytesSlack = 256 * 1_024
}

// MARK: - Building the stream

/// One step of a stream.
enum ShapeStep {
    case item(JSONValue)
    /// Submit what came since the last boundary (feeds 1 and 3 submit per boundary or item).
    case boundary
    case cancel
}

/// A built stream and how it is fed.
struct BuiltStream {
    let feed: Int
    let steps: [ShapeStep]
    var itemCount: Int { steps.reduce(0) { if case .item = $1 { $0 + 1 } else { $0 } } }
    /// The JSON text bytes of every item submitted.
    var submittedBytes: Int { steps.reduce(0) { if case .item(let value) = $1 { $0 + value.serializedCount } else { $0 } } }
    /// The arrays and objects of every item submitted.
    var submittedContainers: Int { steps.reduce(0) { if case .item(let value) = $1 { $0 + containerCount(value) } else { $0 } } }
}

struct StreamBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var steps: [ShapeStep] = []
    var items = 0
    var serial = 0
    var owed: [JSONValue] = []
    var values: [JSONValue] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func byte() -> Int {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return Int(bytes[index])
    }

    mutating func next() -> String {
        serial += 1
        return String(serial)
    }

    mutating func add(_ value: JSONValue) {
        guard items < maxItems else { return }
        items += 1
        steps.append(.item(value))
        if values.count < 256 { values.append(value) }
    }

    static func function(_ id: String) -> JSONValue {
        ["type": "function_call", "name": "run", "arguments": "{}", "call_id": .string(JSONString(id))]
    }

    static func output(_ id: String, _ text: String = "ok") -> JSONValue {
        ["type": "function_call_output", "call_id": .string(JSONString(id)), "output": .string(JSONString(text))]
    }

    static func user(_ text: String) -> JSONValue {
        ["type": "message", "role": "user", "content": [["type": "input_text", "text": .string(JSONString(text))]]]
    }

    mutating func build() -> BuiltStream {
        let feed = byte() % 4
        while !isAtEnd && items < maxItems {
            switch byte() % 10 {
            case 0:
                let n = 1 + byte()
                for _ in 0..<n {
                    let k = next()
                    add(Self.function("a" + k))
                    add(Self.function("b" + k))
                    add(Self.output("a" + k))
                    owed.append(Self.output("b" + k))
                }
            case 1:
                let depth = 1 + byte() % 32
                var previous: String?
                for _ in 0..<depth {
                    let id = "n" + next()
                    add(Self.function(id))
                    add(Self.user("typed while \(id) ran"))
                    if let previous { add(Self.output(previous)) }
                    previous = id
                }
                if let previous { owed.append(Self.output(previous)) }
            case 2:
                let reversed = byte() & 1 == 1
                for value in reversed ? owed.reversed() : owed { add(value) }
                owed = []
            case 3:
                let length = 16 * (byte() | byte() << 8)
                let huge = String(repeating: "x", count: length)
                let id = "h" + next()
                switch byte() % 5 {
                case 0:
                    add(["type": "function_call", "name": "run", "arguments": "{}", "call_id": .string(JSONString(id)),
                         "x_vendor_blob": .string(JSONString(huge))])
                    owed.append(Self.output(id))
                case 1:
                    add(Self.function(id))
                    add(Self.output(id, huge))
                case 2:
                    add(Self.user(huge))
                case 3:
                    add(["type": "x_unknown_blob", "data": .string(JSONString(huge))])
                default:
                    let hugeId = id + huge
                    add(Self.function(hugeId))
                    owed.append(Self.output(hugeId))
                }
            case 4:
                let depth = 1 + byte()
                var nested: JSONValue = "leaf"
                for level in 0..<depth {
                    nested = level % 2 == 0 ? [nested] : ["n": nested]
                }
                let id = "d" + next()
                if byte() & 1 == 0 {
                    add(["type": "function_call", "name": "run", "arguments": "{}", "call_id": .string(JSONString(id)), "deep": nested])
                    owed.append(Self.output(id))
                } else {
                    add(["type": "x_deep_item", "deep": nested])
                }
            case 5:
                steps.append(.cancel)
            case 6:
                if !values.isEmpty {
                    let value = values[byte() % values.count]
                    for _ in 0..<(1 + byte() % 8) { add(value) }
                }
            case 7:
                let id = "k" + next()
                let key = JSONValue.string(JSONString(id))
                let (call, answer): (JSONValue, JSONValue) = switch byte() % 6 {
                case 0: (["type": "shell_call", "call_id": key, "action": ["commands": ["ls"]], "status": "in_progress"],
                         ["type": "shell_call_output", "call_id": key, "output": [["stdout": "", "stderr": "", "outcome": ["type": "exit", "exit_code": 0]]]])
                case 1: (["type": "apply_patch_call", "call_id": key, "status": "completed", "operation": ["type": "delete_file", "path": "a"]],
                         ["type": "apply_patch_call_output", "call_id": key, "status": "completed"])
                case 2: (["type": "computer_call", "id": "cu", "call_id": key, "action": ["type": "screenshot"], "pending_safety_checks": [], "status": "completed"],
                         ["type": "computer_call_output", "call_id": key, "output": ["type": "computer_screenshot", "file_id": "f"]])
                case 3: (["type": "tool_search_call", "call_id": key, "execution": "client", "arguments": [:]],
                         ["type": "tool_search_output", "call_id": key, "execution": "client", "tools": []])
                case 4: (["type": "mcp_approval_request", "id": key, "server_label": "s", "name": "n", "arguments": "{}"],
                         ["type": "mcp_approval_response", "approval_request_id": key, "approve": true])
                default: (["type": "program", "id": "p", "call_id": key, "code": "1", "fingerprint": "f"],
                          ["type": "program_output", "call_id": key, "result": "1", "status": "completed"])
                }
                add(call)
                switch byte() % 3 {
                case 0: add(answer)
                case 1: add(Self.output(id, "wrong type"))
                default: owed.append(answer)
                }
            case 8:
                steps.append(.boundary)
            default:
                add(["type": .string(JSONString("x_type_" + next())), "n": 1])
            }
        }
        return BuiltStream(feed: feed, steps: steps)
    }
}

/// The arrays and objects in `value`, itself included.
func containerCount(_ value: JSONValue) -> Int {
    switch value {
    case .array(let elements): 1 + elements.reduce(0) { $0 + containerCount($1) }
    case .object(let object): 1 + object.members.reduce(0) { $0 + containerCount($1.value) }
    default: 0
    }
}

// MARK: - Running and checking

struct StreamRun {
    let stream: BuiltStream

    init(_ stream: BuiltStream) {
        self.stream = stream
    }

    /// The values through JSON text, as a request carries them: the parsed elements share the
    /// text's storage until the session takes its own copy.
    static func throughText(_ values: [JSONValue]) -> [JSONValue] {
        var writer = JSONWriter(capacity: 1_024)
        writer.write(.array(values))
        guard case .array(let parsed)? = try? JSONParser.parse(writer.bytes, maxDepth: 1_024) else {
            fuzzCheck(false, "the stream's own JSON did not parse back")
            return []
        }
        return parsed
    }

    func check() {
        let items = stream.itemCount
        let before = sanitizerAllocatedBytes()
        var operations = 0
        var kept: (bytes: Int, items: Int, containers: Int) = (0, 0, 0)
        var after = 0
        do {
            var session = Session()
            switch stream.feed {
            case 2:
                operations = runOneShot(&session)
            default:
                var pending: [JSONValue] = []
                func flush() {
                    if !pending.isEmpty { _ = session.submit(Self.throughText(pending)) }
                    pending = []
                }
                for step in stream.steps {
                    switch step {
                    case .item(let value):
                        pending.append(value)
                        if stream.feed == 3 { flush() }
                    case .boundary:
                        if stream.feed == 1 { flush() }
                    case .cancel:
                        flush()
                        _ = session.cancel(reason: .interrupted)
                    }
                }
                flush()
                operations = session.operationCount
            }
            do throws(Session.InvariantViolation) {
                try session.verifyInvariants()
            } catch {
                fuzzCheck(false, "a session invariant is broken: \(error.description)")
            }
            kept = keptBytes(session)
            after = sanitizerAllocatedBytes()
            withExtendedLifetime(session) {}
        }
        if getenv("FUZZ_VERBOSE") != nil {
            print("feed \(stream.feed): \(items) items, \(operations) operations, \(after - before) bytes retained for \(kept.items) items of \(kept.bytes) bytes kept")
        }
        let operationBound = Bounds.operationsPerItem * items + Bounds.operationsSlack
        fuzzCheck(operations <= operationBound,
                  "work: \(operations) operations for \(items) items (bound \(operationBound)), feed \(stream.feed)")
        let retained = after - before
        let counted = stream.feed == 2 ? stream.submittedBytes : kept.bytes
        let containers = stream.feed == 2 ? stream.submittedContainers : kept.containers
        // A kept item may share its request's buffer, and with it the bytes of items reported
        // beside it (the buffer is at most twice the request's items): counted, as
        // --max-session-bytes counts every submitted byte.
        let besideKept = stream.feed == 2 ? 0 : Bounds.bytesPerReportedByte * max(0, stream.submittedBytes - kept.bytes)
        let memoryBound = Bounds.bytesPerKeptByte * counted + besideKept + Bounds.bytesPerContainer * containers
            + Bounds.bytesPerItem * items + Bounds.bytesSlack
        fuzzCheck(retained <= memoryBound,
                  "memory: the session keeps \(retained) bytes allocated for \(kept.items) items of \(kept.bytes) bytes kept, \(items) of \(stream.submittedBytes) bytes submitted (bound \(memoryBound)), feed \(stream.feed)")
    }

    /// The JSON text bytes of the items the session keeps.
    func keptBytes(_ session: Session) -> (bytes: Int, items: Int, containers: Int) {
        var entries: [Item] = session.committed
        if let batch = session.openBatch {
            entries += batch.model.map(\.item)
            entries += batch.outputs.compactMap { $0?.item }
        }
        entries += session.heldEntries[session.heldHead...].map(\.item)
        entries += session.earlyEntries.values.map(\.item)
        return (entries.reduce(0) { $0 + $1.value.serializedCount }, entries.count, entries.reduce(0) { $0 + containerCount($1.value) })
    }

    /// The one-shot sequencer's steps (`Sequencer.sequence(events:)`), on `session`; returns its
    /// operation count.
    func runOneShot(_ session: inout Session) -> Int {
        var submissions: [Session.Submitted] = []
        var cancelAfter: [Int] = []
        var pending: [JSONValue] = []
        func flush() {
            submissions += Self.throughText(pending).map { Session.Submitted($0, kinds: .builtIn) }
            pending = []
        }
        for step in stream.steps {
            switch step {
            case .item(let value): pending.append(value)
            case .boundary: break
            case .cancel:
                flush()
                cancelAfter.append(submissions.count)
            }
        }
        flush()
        let lost = Sequencer.callsWithoutOutput(submissions)
        var lostCalls: Session.LostCalls? = Session.LostCalls(policy: .synthesize, ids: lost)
        var submitted = 0
        for after in cancelAfter {
            _ = session.submit(submissions[submitted..<after], lostCalls: &lostCalls)
            submitted = after
            _ = session.cancel(reason: .interrupted, lostCalls: &lostCalls)
        }
        _ = session.submit(submissions[submitted...], lostCalls: &lostCalls)
        while session.openBatch != nil {
            var log = Session.Log()
            session.closeLostCalls(&lostCalls, &log)
            session.drainHeld(&log, &lostCalls)
        }
        return session.operationCount
    }
}

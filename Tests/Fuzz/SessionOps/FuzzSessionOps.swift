// libFuzzer target: the input is a program of session operations, run on one `Session`, with
// the session's invariants checked after every step. Built by `Tests/Fuzz/build.sh` in one module with
// the SequencerCore sources, so it reads the session's internal state (the open batch, the held
// and early entries) to account for every arrival.
//
// The program (see `Program` below; `Tests/Fuzz/make-corpus.py` writes seeds in this format):
//   header byte: bits 0-1 the one-shot policy for the final `Sequencer` check (synthesize, drop,
//                error), bit 2 custom synthetic texts (one of them empty)
//   then steps until the input ends (at most `maxSteps`), each an opcode byte, `op % 16`:
//     0...8   submit 1...4 items built from the next bytes (calls of every built-in kind,
//             outputs of every output type, for their own kind or another, messages of every
//             role, reasoning, API-run items, unknown types, exact duplicates of earlier values,
//             altered copies, invalid values, items with unusual members, outputs for pending
//             calls)
//     9       submit raw JSON: a 2-byte little-endian length, then that many bytes of JSON; an
//             array is submitted as its elements, anything else as one value (seeds from the
//             golden transcripts use this)
//     10, 11  cancel named calls (some pending, some not, some repeated) with a reason
//     12      cancel every pending call (`nil`) with a reason
//     13      cancel the pending calls, named, in reverse order
//     14      submit nothing
//     15      submit an output for every pending call
//   and at the end, `close()`.
//
// Checks after every step:
// - append-only: the committed array (and its provenance) starts with what it was before;
// - the revision is a commit boundary;
// - validity: the committed array rendered in each of the four formats has no error
//   (`Validator.validate(Renderer.render(...))`), and no problem at all in Responses but
//   `unknown_type` warnings (unknown types pass through on purpose, and are said) and
//   `unknown_parameter` errors (members the host put in its items are carried as they came); the items
//   committed by this step, rendered alone as Responses and Chat, have no error;
// - the session's own invariants (`Session.verifyInvariants()`: every arrival in exactly one
//   place, committed, the open batch, held, early or reported, and every cached count right);
//   beyond them: a committed item is its submitted value (or that value converted to the kind
//   its call needs); a synthetic output answers a call that a cancel closed; a report carries
//   the value as submitted, and a value is reported `invalid` exactly when `Item(_:)` rejects
//   it; every report the session logged was returned; `close()` returns exactly what waited;
// - the public views agree with the state: `batch` and `pendingCallIds`, `held`, `early`, and
//   `timeline` (every report in it, pending calls pending, cancelled calls cancelled).
// And at the end, the one-shot `Sequencer` over the same history (submits, and cancels of every
// pending call): its items have no error in any format, and sequencing them again gives them
// back with no repair.
//
// A failure stops the run. Validity failures already reported (see `KnownIssues`) can be let
// pass, so that fuzzing goes on; FUZZ_STRICT=1 stops on them too.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSessionOps(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var program = Program(ByteReader(UnsafeBufferPointer(start: data, count: size)))
    program.run()
    return 0
}

/// The most steps one input runs.
private let maxSteps = 96

// MARK: - Reading the input

/// Reads the input front to back; past its end it reads zeros.
struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        Int(byte()) % bound
    }

    mutating func flag() -> Bool {
        byte() & 1 == 1
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }

    /// Up to `count` bytes.
    mutating func take(_ count: Int) -> ArraySlice<UInt8> {
        let end = min(bytes.count, index + count)
        defer { index = end }
        return Array(bytes[index..<end])[...]
    }
}

// MARK: - Known issues

/// Failures already reported to the lead (each has a regression test in
/// Tests/SequencerCoreTests/FuzzRegressionTests.swift); a problem matching one is counted and let
/// pass unless FUZZ_STRICT=1, so that fuzzing finds what else there is. Empty when every finding
/// is fixed.
enum KnownIssues {
    /// Each known issue: a name, and whether a problem in an array rendered as a format is it.
    static let all: [(name: String, matches: @Sendable (Problem, Format) -> Bool)] = []

    static let strict: Bool = {
        guard let value = getenv("FUZZ_STRICT") else { return false }
        return String(cString: value) == "1"
    }()

    nonisolated(unsafe) static var seen: Set<String> = []

    /// Whether `problem` is a known issue to let pass; notes the first time each one is seen.
    static func lets(_ problem: Problem, format: Format) -> Bool {
        guard !strict, let issue = all.first(where: { $0.matches(problem, format) }) else { return false }
        if seen.insert(issue.name).inserted {
            let note = "note: known issue seen (let pass; FUZZ_STRICT=1 stops on it): \(issue.name)\n"
            _ = note.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        }
        return true
    }
}

// MARK: - The program

struct Program {
    var reader: ByteReader
    var session: Session
    let policy: MissingOutputPolicy
    let texts: SyntheticOutputs

    /// Every value submitted, by arrival number.
    var submitted: [JSONValue] = []
    /// The arrival numbers reported so far, with their reasons.
    var reported: [Int: ReportReason] = [:]
    /// The calls a cancel closed with a synthetic output.
    var cancelled: Set<String> = []
    /// The history as the one-shot sequencer sees it.
    var events: [Sequencer.Event] = []
    var step = 0
    /// The committed array every 16 steps, for the final append-only check.
    var snapshots: [[Item]] = []
    /// What the steps did, for failure messages.
    var trace: [String] = []

    init(_ reader: ByteReader) {
        var reader = reader
        let header = reader.byte()
        policy = [MissingOutputPolicy.synthesize, .drop, .error, .synthesize][Int(header & 3)]
        if header & 4 != 0 {
            texts = SyntheticOutputs(interrupted: "", failed: "failed\nwith \"quotes\"", timeout: "é ✓", lost: "lost")
        } else {
            texts = .defaults
        }
        self.reader = reader
        self.session = Session(syntheticOutputs: texts)
    }

    mutating func run() {
        while !reader.isAtEnd && step < maxSteps {
            step += 1
            let before = session
            let op = reader.byte() % 16
            switch op {
            case 0...8:
                let count = 1 + reader.below(4)
                var values: [JSONValue] = []
                for _ in 0..<count { values.append(makeValue()) }
                submit(values)
            case 9:
                let length = Int(reader.byte()) | Int(reader.byte()) << 8
                let text = reader.take(length)
                guard let value = try? JSONParser.parse(text) else { continue }
                if case .array(let elements) = value { submit(elements) } else { submit([value]) }
            case 10, 11:
                var callIds: [String] = []
                for _ in 0...reader.below(4) {
                    let pending = session.pendingCallIds
                    if !pending.isEmpty && reader.flag() {
                        callIds.append(reader.pick(pending))
                    } else {
                        callIds.append(callIdText())
                    }
                }
                cancel(callIds, reason: reason())
            case 12:
                cancel(nil, reason: reason())
            case 13:
                let pending = session.pendingCallIds
                cancel(pending.reversed(), reason: reason())
            case 14:
                submit([])
            default:
                var values: [JSONValue] = []
                for callId in session.pendingCallIds {
                    let kind = session.calls[callId]?.call.callKind
                    let type = reader.flag() ? (kind?.outputTypes.first ?? "function_call_output") : reader.pick(Program.outputTypes)
                    values.append(typedOutput(type, callId: .string(JSONString(callId))))
                }
                submit(values)
            }
            check(after: before)
            if step % 16 == 0 { snapshots.append(session.committed) }
        }
        for snapshot in snapshots {
            fuzzCheck(Array(session.committed.prefix(snapshot.count)) == snapshot, failure("the committed array was changed, not appended to"))
        }
        close()
        checkSequencer()
    }

    // MARK: Steps

    mutating func submit(_ values: [JSONValue]) {
        trace.append("submit \(JSONValue.array(values))")
        let base = session.submittedCount
        let outcome = session.submit(values, at: UInt64(step))
        submitted += values
        events += values.map { .item($0) }
        record(outcome.reports)
        for (offset, value) in values.enumerated() {
            let arrival = base + offset
            var isItem = true
            do { _ = try Item(value) } catch { isItem = false }
            let isInvalid = outcome.reports.contains { $0.arrival == arrival && $0.reason == .invalid }
            fuzzCheck(isItem != isInvalid, failure("arrival \(arrival) \(value): Item(_:) \(isItem ? "accepts" : "rejects") it, but invalid report: \(isInvalid)"))
        }
    }

    mutating func cancel(_ callIds: [String]?, reason: CancelReason) {
        trace.append("cancel \(callIds.map { "\($0)" } ?? "nil") \(reason)")
        let pendingBefore = session.pendingCallIds
        let outcome = session.cancel(callIds, reason: reason, at: UInt64(step))
        if callIds == nil {
            events.append(.cancel(reason))
            // A kind with no honest synthetic output (computer_call) is left out instead.
            fuzzCheck(pendingBefore.filter { !outcome.dropped.contains($0) } == outcome.cancelled,
                      failure("cancel(nil) closed \(outcome.cancelled) and left out \(outcome.dropped), pending were \(pendingBefore)"))
        }
        var unique: [String] = []
        for callId in callIds ?? pendingBefore where !unique.contains(callId) { unique.append(callId) }
        fuzzCheck(Set(outcome.cancelled).isDisjoint(with: outcome.notPending), failure("a call is both cancelled and not pending"))
        fuzzCheck(outcome.cancelled.count + outcome.dropped.count + outcome.notPending.count == unique.count,
                  failure("cancel of \(unique) gave cancelled \(outcome.cancelled), left out \(outcome.dropped) and notPending \(outcome.notPending)"))
        for callId in outcome.dropped {
            fuzzCheck(pendingBefore.contains(callId) && session.calls[callId]?.call.callKind?.synthetic == nil,
                      failure("cancel left out \(callId), which was not a pending call of a kind with no synthetic output"))
        }
        for callId in outcome.cancelled {
            fuzzCheck(pendingBefore.contains(callId), failure("cancel closed \(callId), which was not pending"))
            cancelled.insert(callId)
        }
        record(outcome.reports)
    }

    /// Closes the session: what was early or held comes back, as orphans or held items.
    mutating func close() {
        let early = session.earlyEntries.values.map(\.arrival)
        let held = session.heldEntries[session.heldHead...].map(\.arrival)
        let pending = session.pendingCallIds
        let outcome = session.close()
        trace.append("close")
        let waiting = (early + held).map { submitted[$0].serialized }.sorted { $0.lexicographicallyPrecedes($1) }
        let returned = (outcome.orphans + outcome.held).map(\.value.serialized).sorted { $0.lexicographicallyPrecedes($1) }
        fuzzCheck(returned == waiting,
                  failure("close returned \(outcome.orphans.count) orphans and \(outcome.held.count) held items; \(early.count) were early and \(held.count) held"))
        fuzzCheck(outcome.orphans.allSatisfy { $0.outputKind != nil }, failure("close returned an orphan that is not an output"))
        fuzzCheck(outcome.pending == pending, failure("close returned pending \(outcome.pending), was \(pending)"))
        fuzzCheck(session.earlyCount == 0, failure("early outputs left after close"))
    }

    mutating func record(_ reports: [Report]) {
        for report in reports {
            fuzzCheck(report.arrival >= 0 && report.arrival < submitted.count, failure("report of unknown arrival \(report.arrival)"))
            fuzzCheck(reported[report.arrival] == nil, failure("arrival \(report.arrival) reported twice"))
            fuzzCheck(report.item == submitted[report.arrival], failure("report of arrival \(report.arrival) carries \(report.item), submitted \(submitted[report.arrival])"))
            reported[report.arrival] = report.reason
        }
    }

    // MARK: Checks

    func failure(_ message: String) -> String {
        "step \(step): \(message)\nprogram so far:\n  " + trace.joined(separator: "\n  ")
    }

    func check(after before: Session) {
        // Append-only: here the last items before the step (and the first); in full at the end,
        // against snapshots.
        let old = before.committed
        fuzzCheck(session.committed.count >= old.count, failure("the committed array shrank from \(old.count) to \(session.committed.count)"))
        for index in Set([0] + Array(max(0, old.count - 4)..<old.count)) where index < old.count {
            fuzzCheck(session.committed[index] == old[index] && session.provenance[index] == before.provenance[index],
                      failure("committed[\(index)] was changed, not appended to"))
        }
        fuzzCheck(session.provenance.count == session.committed.count, failure("provenance and committed differ in length"))
        fuzzCheck(session.isCommitBoundary(session.revision), failure("revision \(session.revision) is not a commit boundary"))

        // Validity (an array that did not change was checked before).
        if before.revision < session.revision {
            checkValid(session.committed[...], formats: Format.allCases, label: "committed array")
            checkValid(session.committed[before.revision...], formats: [.responses, .chat], label: "items committed since \(before.revision)")
        }
        checkAccounting(newFrom: before.revision)
        checkViews()
    }

    /// The public views of the state agree with it: `batch`, `pendingCallIds`, `held`, `early`,
    /// and the `timeline` (its calls' outcomes, and every report).
    func checkViews() {
        let pending = session.pendingCallIds
        if let batch = session.batch {
            fuzzCheck(batch.calls.filter { !$0.hasOutput }.map(\.callId) == pending,
                      failure("batch calls without output \(batch.calls.filter { !$0.hasOutput }.map(\.callId)) are not pending \(pending)"))
            fuzzCheck(batch.outputs.count == batch.calls.filter(\.hasOutput).count, failure("batch outputs and calls with output differ"))
        } else {
            fuzzCheck(pending.isEmpty, failure("pending calls \(pending) with no open batch"))
        }
        fuzzCheck(session.held.map(\.arrival) == session.heldEntries[session.heldHead...].map(\.arrival), failure("held view differs from the held entries"))
        fuzzCheck(session.early.map(\.arrival) == session.earlyEntries.values.map(\.arrival).sorted(), failure("early view differs from the early entries"))
        let timeline = session.timeline
        fuzzCheck(Set(timeline.reported.map(\.arrival)) == Set(reported.keys) && timeline.reported.count == reported.count,
                  failure("the timeline's reports \(timeline.reported.map(\.arrival)) are not the reports \(reported.keys.sorted())"))
        fuzzCheck(Set(timeline.calls.map(\.callId)).count == timeline.calls.count, failure("a call is twice in the timeline"))
        for call in timeline.calls {
            switch call.outcome {
            case .pending:
                fuzzCheck(pending.contains(call.callId), failure("the timeline has \(call.callId) pending; pending are \(pending)"))
            case .cancelled:
                fuzzCheck(cancelled.contains(call.callId), failure("the timeline has \(call.callId) cancelled, which no cancel closed"))
            case .held, .answered, .dropped:
                break
            }
        }
        for callId in pending {
            fuzzCheck(timeline.calls.contains { $0.callId == callId && $0.outcome == .pending },
                      failure("pending call \(callId) is not pending in the timeline"))
        }
    }

    func checkValid(_ items: ArraySlice<Item>, formats: [Format], label: String) {
        for format in formats {
            let rendered = Renderer.render(items, as: format)
            // `unknown_parameter` is a member the host put in its item, which a Responses rendering
            // carries as it came (protocol/README.md) and the validator reports as the API would:
            // the host's, not the rules', so not a finding here.
            for problem in Validator.validate(rendered, format: format)
            where problem.code.rawValue != "unknown_parameter"
                && (problem.severity == .error || (format == .responses && items.startIndex == 0 && problem.code.rawValue != "unknown_type")) {
                if KnownIssues.lets(problem, format: format) { continue }
                fuzzCheck(false, failure("\(label) rendered as \(format) has \(problem.severity) \(problem.code.rawValue) at \(problem.index): \(problem.message)\nrendered: \(rendered)"))
            }
        }
    }

    /// The session's invariants (`verifyInvariants()`: every arrival in exactly one place, the
    /// counts right); every report it logged was returned to the caller; and the items committed
    /// from `newFrom` on are what was submitted (earlier ones were checked when committed).
    func checkAccounting(newFrom: Int = 0) {
        fuzzCheck(session.submittedCount == submitted.count, failure("submittedCount \(session.submittedCount), submitted \(submitted.count)"))
        do throws(Session.InvariantViolation) {
            try session.verifyInvariants()
        } catch {
            fuzzCheck(false, failure("a session invariant is broken: \(error.description)"))
        }
        fuzzCheck(session.reportLog.count == reported.count && session.reportLog.allSatisfy { reported[$0.arrival] == $0.reason },
                  failure("the session logged reports \(session.reportLog.map(\.arrival)), but returned \(reported.keys.sorted())"))
        for index in newFrom..<session.committed.count {
            let origin = session.provenance[index]
            let item = session.committed[index]
            guard let arrival = origin.arrival else {
                fuzzCheck(origin.synthetic != nil, failure("committed[\(index)] has neither an arrival nor a synthetic reason"))
                fuzzCheck(item.outputKind != nil && cancelled.contains(item.callId ?? ""),
                          failure("committed[\(index)] is a synthetic \(item.value) for a call no cancel closed"))
                continue
            }
            if let from = origin.convertedFrom, let to = item.outputKind {
                let original = try? Item(submitted[arrival])
                fuzzCheck(original?.outputKind == from && original?.converted(to: to) == item,
                          failure("committed[\(index)] is not arrival \(arrival) converted from \(from)"))
            } else {
                fuzzCheck(item.value == submitted[arrival], failure("committed[\(index)] \(item.value) is not arrival \(arrival) \(submitted[arrival])"))
            }
        }
    }

    /// The one-shot sequencer over the same history: valid in every format, and idempotent.
    func checkSequencer() {
        let options = Sequencer.Options(missingOutput: policy, syntheticOutputs: texts)
        let result = Sequencer.sequence(events: events, options: options)
        checkValid(result.items[...], formats: Format.allCases, label: "Sequencer.sequence(events:) under \(policy)")
        let again = Sequencer.sequence(result.items.map(\.value), options: options)
        fuzzCheck(again.items == result.items,
                  failure("sequencing the result again changes it (\(policy)):\n\(JSONValue.array(result.items.map(\.value)))\nvs\n\(JSONValue.array(again.items.map(\.value)))"))
        fuzzCheck(again.repairs.isEmpty, failure("sequencing the result again makes repairs: \(again.repairs.map(\.message))"))
        fuzzCheck(again.problems.isEmpty, failure("sequencing the result again finds problems: \(again.problems.map(\.message))"))
    }

    // MARK: Values

    mutating func reason() -> CancelReason {
        reader.pick(CancelReason.allCases)
    }

    mutating func callId() -> JSONValue {
        switch reader.below(10) {
        case 0...5: .string(JSONString("c\(reader.below(6))"))
        case 6: "c.1"
        case 7: "é 1"
        // Decodes to "c1", the same id as the plain "c1".
        case 8: .string(JSONString(validatedEscaped: Array(#"c\u0031"#.utf8)[...]))
        default: .string(JSONString("call_\(reader.byte())"))
        }
    }

    mutating func callIdText() -> String {
        callId().stringValue ?? ""
    }

    mutating func text() -> JSONValue {
        .string(JSONString(reader.pick(["", "ok", "two\nlines", "é ✓ \u{1F600}", #"{"a":1}"#, "</tool_result>", String(repeating: "x", count: 300), "\u{0}nul"])))
    }

    mutating func name() -> JSONValue {
        reader.pick(["read_file", "shell", "f", "tool.with.dots", ""])
    }

    mutating func arguments() -> JSONValue {
        reader.pick(["{}", #"{"path":"a.txt"}"#, "not json", "[1,2]", "", #"{"nested":{"a":[1,{"b":null}]}}"#])
    }

    mutating func outputValue() -> JSONValue {
        switch reader.below(4) {
        case 0, 1: return text()
        case 2: return [["type": "input_text", "text": text()]]
        default:
            return [["type": "input_text", "text": text()], ["type": "input_image", "image_url": reader.pick(["data:image/png;base64,iVBORw0KGgo=", "https://example.com/a.png", "data:text/plain,hi"])]]
        }
    }

    mutating func output(_ type: String, callId: JSONValue) -> JSONValue {
        var value: JSONValue = ["type": .string(JSONString(type)), "call_id": callId, "output": outputValue()]
        if reader.below(4) == 0, case .object(var object) = value {
            object["id"] = "fco_1"
            value = .object(object)
        }
        return value
    }

    mutating func call(_ kind: CallKind) -> JSONValue {
        let id = callId()
        let value: JSONValue
        switch kind {
        case .function:
            value = ["type": "function_call", "call_id": id, "name": name(), "arguments": arguments()]
        case .localShell:
            value = ["type": "local_shell_call", "call_id": id, "status": "in_progress", "action": ["type": "exec", "command": ["ls", text()]]]
        case .custom:
            value = ["type": "custom_tool_call", "call_id": id, "name": name(), "input": text()]
        case .shell:
            value = ["type": "shell_call", "call_id": id, "action": ["commands": [text()]], "status": "in_progress"]
        case .applyPatch:
            value = ["type": "apply_patch_call", "call_id": id, "status": "completed",
                     "operation": ["type": "update_file", "path": "a.swift", "diff": text()]]
        case .computer:
            value = ["type": "computer_call", "id": "cu_1", "call_id": id, "action": ["type": "type", "text": text()],
                     "pending_safety_checks": [], "status": "completed"]
        case .toolSearch:
            value = ["type": "tool_search_call", "call_id": id, "execution": reader.pick(["client", "client", "server"]), "arguments": [:]]
        case .mcpApprovalRequest:
            return ["type": "mcp_approval_request", "id": id, "server_label": "s", "name": name(), "arguments": arguments()]
        case .program:
            value = ["type": "program", "id": "prog_1", "call_id": id, "code": text(), "fingerprint": "fp"]
        default:
            value = ["type": .string(JSONString(kind.type)), "call_id": id]
        }
        guard reader.below(3) == 0, case .object(var object) = value else { return value }
        object["id"] = .string(JSONString(reader.pick(["fc_1", "lsc_1", "ctc_1"])))
        return .object(object)
    }

    /// Every output type of the built-in table.
    static let outputTypes = [
        "function_call_output", "custom_tool_call_output", "local_shell_call_output", "shell_call_output",
        "apply_patch_call_output", "computer_call_output", "tool_search_output", "mcp_approval_response", "program_output",
    ]

    /// An output of `type` keyed `callId`, in that type's shape.
    mutating func typedOutput(_ type: String, callId: JSONValue) -> JSONValue {
        switch type {
        case "shell_call_output":
            return ["type": "shell_call_output", "call_id": callId,
                    "output": [["stdout": text(), "stderr": text(), "outcome": reader.flag() ? ["type": "timeout"] : ["type": "exit", "exit_code": 0]]]]
        case "apply_patch_call_output":
            return ["type": "apply_patch_call_output", "call_id": callId, "status": reader.pick(["completed", "failed"]), "output": text()]
        case "computer_call_output":
            return ["type": "computer_call_output", "call_id": callId,
                    "output": ["type": "computer_screenshot", "image_url": reader.pick(["data:image/png;base64,iVBORw0KGgo=", "data:image/svg+xml;base64,PHN2Zy8+"])]]
        case "tool_search_output":
            return ["type": "tool_search_output", "call_id": callId, "execution": reader.pick(["client", "client", "server"]), "tools": []]
        case "mcp_approval_response":
            return ["type": "mcp_approval_response", "approval_request_id": callId, "approve": .bool(reader.flag()), "reason": text()]
        case "program_output":
            return ["type": "program_output", "call_id": callId, "result": text(), "status": "completed"]
        default:
            return output(type, callId: callId)
        }
    }

    mutating func message(_ role: MessageRole) -> JSONValue {
        let content: JSONValue
        switch (role, reader.below(4)) {
        case (_, 0): content = text()
        case (.assistant, _): content = [["type": "output_text", "text": text()]]
        case (.user, 3): content = [["type": "input_text", "text": text()], ["type": "input_image", "image_url": "https://example.com/a.png", "detail": "low"]]
        default: content = [["type": "input_text", "text": text()]]
        }
        return ["type": "message", "role": .string(JSONString(role.rawValue)), "content": content]
    }

    mutating func makeValue() -> JSONValue {
        switch reader.below(24) {
        case 0, 1: return call(.function)
        case 2: return call(reader.pick([.localShell, .shell, .applyPatch]))
        case 3: return call(reader.pick([.custom, .computer, .toolSearch, .mcpApprovalRequest, .program]))
        case 4, 5: return output("function_call_output", callId: callId())
        case 6: return output("custom_tool_call_output", callId: callId())
        case 7, 8: return message(.user)
        case 9: return message(.assistant)
        case 10: return message(reader.flag() ? .developer : .system)
        case 11:
            var reasoning: JSONValue = ["type": "reasoning", "summary": [["type": "summary_text", "text": text()]]]
            if reader.flag(), case .object(var object) = reasoning {
                object["id"] = "rs_1"
                object["encrypted_content"] = "gAAAA"
                reasoning = .object(object)
            }
            return reasoning
        case 12:
            switch reader.below(4) {
            case 0: return ["type": "mcp_call", "id": "mcp_1", "server_label": "s", "name": name(), "arguments": arguments(), "output": text()]
            case 1: return call(reader.pick(CallKind.allCases))
            case 2: return typedOutput(reader.pick(Program.outputTypes), callId: callId())
            default: return ["type": "web_search_call", "id": "ws_1", "status": "completed", "action": ["type": "search", "query": text()]]
            }
        case 13: return ["type": reader.pick(["ghost_snapshot", "compaction", "image_generation_call", "future_item_v9"]), "data": text()]
        case 14:
            // An exact copy of an earlier value.
            guard !submitted.isEmpty else { return call(.function) }
            return submitted[reader.below(submitted.count)]
        case 15:
            // An earlier value with one member changed.
            guard !submitted.isEmpty, case .object(var object) = submitted[reader.below(submitted.count)] else { return message(.user) }
            let key = reader.pick(["output", "arguments", "name", "input", "content", "extra"])
            object[key] = text()
            return .object(object)
        case 16, 17: return invalidValue()
        case 18: return unusualValue()
        default:
            // An output for a pending call, of its kind (or, one time in four, of any type).
            let pending = session.pendingCallIds
            guard !pending.isEmpty else { return output("function_call_output", callId: callId()) }
            let callId = reader.pick(pending)
            let kind = session.calls[callId]?.call.callKind
            let type = reader.below(4) == 0 ? reader.pick(Program.outputTypes) : (kind.map { reader.pick($0.outputTypes) } ?? "function_call_output")
            return typedOutput(type, callId: .string(JSONString(callId)))
        }
    }

    /// A value `Item(_:)` rejects.
    mutating func invalidValue() -> JSONValue {
        switch reader.below(12) {
        case 0: return reader.pick([nil, true, 1, "item", []])
        case 1: return ["role": "user", "content": "no type"]
        case 2: return ["type": 7, "call_id": "c1"]
        case 3: return ["type": "function_call", "name": "f", "arguments": "{}"]
        case 4: return ["type": "function_call", "call_id": "", "name": "f", "arguments": "{}"]
        case 5: return ["type": "local_shell_call", "call_id": nil, "status": "completed", "action": ["type": "exec", "command": ["ls"]]]
        case 6: return ["type": "function_call_output", "call_id": callId()]
        case 7: return ["type": "function_call_output", "call_id": callId(), "output": 42]
        case 8: return ["type": "message", "role": "tool", "content": "x"]
        case 9: return ["type": "message", "content": "x"]
        case 10: return ["type": "custom_tool_call", "call_id": callId(), "input": "x"]
        default: return ["type": "function_call", "call_id": 12, "name": "f"]
        }
    }

    /// A value `Item(_:)` takes, with members of unusual shapes.
    mutating func unusualValue() -> JSONValue {
        switch reader.below(12) {
        case 0: return ["type": "message", "role": .string(JSONString(reader.pick(MessageRole.allCases).rawValue))]
        case 1: return ["type": "message", "role": "user", "content": reader.pick([42, nil, ["text": "x"], true])]
        case 2: return ["type": "function_call", "call_id": callId(), "name": "f", "arguments": reader.pick([["a": 1], 3, nil, [1]])]
        case 3: return ["type": "function_call", "call_id": callId(), "name": "f"]
        case 4: return ["type": "local_shell_call", "call_id": callId(), "status": "completed", "action": reader.pick(["ls", nil, 1])]
        case 5: return ["type": "local_shell_call", "call_id": callId(), "status": "completed"]
        case 6: return ["type": "function_call_output", "call_id": callId(), "output": [1, "x", nil, ["type": "input_text"]]]
        case 7: return ["type": "function_call_output", "call_id": callId(), "output": []]
        case 8: return ["type": "message", "role": "user", "content": [["type": "input_text"], 3, ["type": "input_image"]]]
        case 9: return ["type": "reasoning", "id": reader.pick(["rs_2", 5, nil])]
        case 10: return ["type": "custom_tool_call", "call_id": callId(), "name": "f", "input": "", "status": reader.pick([["a": 1], nil])]
        default: return ["type": "message", "role": "assistant", "content": [["type": "refusal", "refusal": text()]]]
        }
    }
}

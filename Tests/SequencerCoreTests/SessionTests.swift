import Testing
@testable import SequencerCore

@Suite("Session: the streaming rules")
struct SessionTests {
    typealias F = Fixture

    @Test("the normal flow is committed untouched, in order")
    func normalFlow() {
        var session = Session()
        let items = [F.user("list files"), F.reasoning("I'll run ls"), F.shell("c1"), F.output("c1", "a.txt"), F.assistant("one file")]
        let outcome = session.submit(items)
        #expect(session.committedValues == items)
        #expect(outcome == SubmitOutcome(committed: 5, reports: [], conversions: [], warnings: []))
        #expect(session.revision == 5)
        #expect(session.batch == nil)
        #expect(session.heldCount == 0)
    }

    @Test("interrupted turn: call, user message, cancel gives call, synthetic output, user message")
    func interruptedTurn() {
        var session = Session()
        _ = session.submit([F.user("build it"), F.shell("call_1", "make")])
        let typed = session.submit([F.user("why is it slow?")])
        #expect(typed.committed == 0)
        #expect(session.heldCount == 1)
        #expect(session.pendingCallIds == ["call_1"])
        #expect(session.committedValues == [F.user("build it")])

        let cancel = session.cancel(reason: .interrupted)
        #expect(cancel.cancelled == ["call_1"])
        #expect(cancel.notPending == [])
        #expect(cancel.committed == 3)
        #expect(session.committedValues == [
            F.user("build it"), F.shell("call_1", "make"), F.synthetic("call_1", .interrupted), F.user("why is it slow?"),
        ])
        #expect(session.provenance[2].synthetic == .interrupted)
        #expect(session.provenance[2].arrival == nil)
        #expect(session.pendingCallIds == [])
    }

    @Test("a user message typed while a tool runs is delivered right after the tool's output")
    func messageDuringTool() {
        var session = Session()
        _ = session.submit([F.shell("c1"), F.user("also check b"), F.output("c1", "done")])
        #expect(session.committedValues == [F.shell("c1"), F.output("c1", "done"), F.user("also check b")])
        #expect(session.provenance.map(\.wasHeld) == [false, false, true])
    }

    @Test("parallel calls with outputs in reverse order commit the outputs in call order")
    func parallelCallsReverseOutputs() {
        var session = Session()
        let first = session.submit([F.reasoning("two things"), F.shell("a"), F.function("b")])
        #expect(first.committed == 1)
        #expect(session.pendingCallIds == ["a", "b"])
        let second = session.submit([F.output("b", "B"), F.output("a", "A")])
        #expect(second.committed == 4)
        #expect(session.committedValues == [F.reasoning("two things"), F.shell("a"), F.function("b"), F.output("a", "A"), F.output("b", "B")])
    }

    @Test("model items that come with the calls join the batch; host items are held")
    func modelItemsJoinBatch() {
        var session = Session()
        _ = session.submit([F.shell("a"), F.user("hey"), F.assistant("running two"), F.function("b")])
        #expect(session.batch?.items.map(\.value) == [F.shell("a"), F.assistant("running two"), F.function("b")])
        #expect(session.held.map(\.item.value) == [F.user("hey")])
        _ = session.submit([F.output("a"), F.output("b")])
        #expect(session.committedValues == [F.shell("a"), F.assistant("running two"), F.function("b"), F.output("a"), F.output("b"), F.user("hey")])
    }

    @Test("once an output is in, a new call is held and opens the next batch")
    func callAfterOutputIsHeld() {
        var session = Session()
        _ = session.submit([F.shell("a"), F.function("b"), F.output("a"), F.shell("c"), F.assistant("late words")])
        #expect(session.pendingCallIds == ["b"])
        #expect(session.held.map(\.item.value) == [F.shell("c"), F.assistant("late words")])
        _ = session.submit([F.output("b")])
        #expect(session.committedValues == [F.shell("a"), F.function("b"), F.output("a"), F.output("b")])
        #expect(session.pendingCallIds == ["c"])
        #expect(session.batch?.items.map(\.value) == [F.shell("c"), F.assistant("late words")])
        _ = session.submit([F.output("c")])
        #expect(session.revision == 7)
    }

    @Test("an orphan output waits as early and is returned by close")
    func orphanOutput() {
        var session = Session()
        let outcome = session.submit([F.output("ghost", "boo"), F.user("hi")])
        #expect(outcome.reports == [])
        #expect(session.early.map(\.item.value) == [F.output("ghost", "boo")])
        #expect(session.committedValues == [F.user("hi")])
        let closed = session.close()
        #expect(closed.orphans.map(\.value) == [F.output("ghost", "boo")])
        #expect(closed.pending == [])
        #expect(closed.held == [])
    }

    @Test("an early output joins the batch the moment its call arrives")
    func earlyOutput() {
        var session = Session()
        _ = session.submit([F.output("c1", "fast"), F.user("go")])
        #expect(session.earlyCount == 1)
        _ = session.submit([F.shell("c1")])
        #expect(session.earlyCount == 0)
        #expect(session.committedValues == [F.user("go"), F.shell("c1"), F.output("c1", "fast")])
        #expect(session.provenance[2].wasEarly)
    }

    @Test("a late real output after a cancel is reported as late and not committed")
    func lateOutput() {
        var session = Session()
        _ = session.submit([F.shell("c1")])
        _ = session.cancel(["c1"], reason: .timeout)
        let late = session.submit([F.output("c1", "finally")])
        #expect(late.committed == 0)
        #expect(late.reports.map(\.reason) == [.late])
        #expect(late.reports.first?.item == F.output("c1", "finally"))
        #expect(late.reports.first?.callId == "c1")
        #expect(late.reports.first?.arrival == 1)
        #expect(session.committedValues == [F.shell("c1"), F.synthetic("c1", .timeout)])
    }

    @Test("a wrong-kind output is converted to the kind its call needs, keeping its content")
    func wrongKindOutput() {
        var session = Session()
        let outcome = session.submit([F.custom("p1"), F.output("p1", "Done!")])
        #expect(session.committedValues == [F.custom("p1"), F.customOutput("p1", "Done!")])
        #expect(outcome.conversions == [Conversion(callId: "p1", arrival: 1, flushed: false, from: .function, to: .custom)])
        #expect(session.provenance[1].convertedFrom == .function)
    }

    @Test("a custom output answering a function call is converted to function_call_output")
    func customOutputForFunction() {
        var session = Session()
        _ = session.submit([F.shell("s1"), F.customOutput("s1", "x")])
        #expect(session.committedValues == [F.shell("s1"), F.output("s1", "x")])
    }

    @Test("calls and outputs submitted twice: identical copies are duplicates, different ones conflicts")
    func duplicatesAndConflicts() {
        var session = Session()
        _ = session.submit([F.shell("c1"), F.output("c1", "one")])
        let again = session.submit([F.shell("c1"), F.output("c1", "one"), F.shell("c1", "rm -rf /"), F.output("c1", "two")])
        #expect(again.committed == 0)
        #expect(again.reports.map(\.reason) == [.duplicate, .duplicate, .conflict, .conflict])
        #expect(again.reports.map(\.arrival) == [2, 3, 4, 5])
        #expect(again.reports.map(\.item) == [F.shell("c1"), F.output("c1", "one"), F.shell("c1", "rm -rf /"), F.output("c1", "two")])
        #expect(session.committedValues == [F.shell("c1"), F.output("c1", "one")])
    }

    @Test("a second output for a pending call's already-arrived output is a duplicate")
    func duplicateOutputInBatch() {
        var session = Session()
        let outcome = session.submit([F.shell("a"), F.shell("b"), F.output("a"), F.output("a")])
        #expect(outcome.reports.map(\.reason) == [.duplicate])
        #expect(session.pendingCallIds == ["b"])
    }

    @Test("a duplicate early output is reported; a different one conflicts")
    func duplicateEarly() {
        var session = Session()
        let outcome = session.submit([F.output("x", "1"), F.output("x", "1"), F.output("x", "2")])
        #expect(outcome.reports.map(\.reason) == [.duplicate, .conflict])
        #expect(session.earlyCount == 1)
    }

    @Test("identical user messages are two messages")
    func identicalMessages() {
        var session = Session()
        _ = session.submit([F.user("again"), F.user("again")])
        #expect(session.committedValues == [F.user("again"), F.user("again")])
    }

    @Test("invalid items are reported with their reason, and valid ones still processed")
    func invalidItems() {
        var session = Session()
        let calllessShell: JSONValue = ["type": "local_shell_call", "call_id": nil, "action": ["type": "exec", "command": ["ls"]]]
        let outcome = session.submit(["text", ["role": "user"], F.user("ok"), ["type": "function_call", "name": "f", "arguments": "{}"], calllessShell, ["type": 7]])
        #expect(outcome.reports.map(\.reason) == [.invalid, .invalid, .invalid, .invalid, .invalid])
        #expect(outcome.reports.map(\.arrival) == [0, 1, 3, 4, 5])
        #expect(outcome.reports.map(\.message) == [
            "item is a JSON string, not an object",
            "item has no \"type\" member",
            "function_call has no \"call_id\" (a non-empty string is required to pair calls with outputs)",
            "local_shell_call has a null \"call_id\": no output can answer it through the Responses API",
            "item's \"type\" is a JSON number, not a string",
        ])
        #expect(session.committedValues == [F.user("ok")])
    }

    @Test("a custom_tool_call without input and a local_shell_call without a valid status are reported invalid, not committed or held")
    func callsMissingSchemaMembers() {
        var session = Session()
        let inputless: JSONValue = ["type": "custom_tool_call", "call_id": "c1", "name": "apply_patch"]
        let statusless: JSONValue = ["type": "local_shell_call", "call_id": "c2", "action": ["type": "exec", "command": ["ls"]]]
        let badStatus: JSONValue = ["type": "local_shell_call", "call_id": "c3", "status": "done", "action": ["type": "exec", "command": ["ls"]]]
        let outcome = session.submit([F.user("go"), inputless, statusless, badStatus, F.user("still here")])
        #expect(outcome.reports.map(\.reason) == [.invalid, .invalid, .invalid])
        #expect(outcome.reports.map(\.arrival) == [1, 2, 3])
        #expect(outcome.reports.map(\.callId) == ["c1", "c2", "c3"])
        #expect(outcome.reports.map(\.item) == [inputless, statusless, badStatus])
        #expect(outcome.reports.map(\.message) == [
            #"custom_tool_call needs "input" to be a string"#,
            #"local_shell_call needs "status" to be one of "in_progress", "completed", "incomplete""#,
            #"local_shell_call needs "status" to be one of "in_progress", "completed", "incomplete""#,
        ])
        #expect(session.pendingCallIds == [])
        #expect(session.heldCount == 0)
        #expect(session.committedValues == [F.user("go"), F.user("still here")])
    }

    @Test("unknown item types and web searches pass through untouched")
    func unknownTypes() {
        var session = Session()
        let ghost: JSONValue = ["type": "ghost_snapshot", "ghost_commit": ["id": "abc", "n": .number(JSONNumber(validatedText: "12345678901234567890"))]]
        _ = session.submit([ghost, F.webSearch(), F.user("x")])
        #expect(session.committedValues == [ghost, F.webSearch(), F.user("x")])
    }

    @Test("cancel names: pending ones are closed, others come back as not pending")
    func cancelNotPending() {
        var session = Session()
        _ = session.submit([F.shell("a"), F.shell("b"), F.output("a")])
        let outcome = session.cancel(["a", "b", "nope", "b"], reason: .failed)
        #expect(outcome.cancelled == ["b"])
        #expect(outcome.notPending == ["a", "nope"])
        #expect(session.committedValues == [F.shell("a"), F.shell("b"), F.output("a"), F.synthetic("b", .failed)])
    }

    @Test("cancel with nothing pending changes nothing")
    func cancelNothing() {
        var session = Session()
        _ = session.submit([F.user("hi")])
        let outcome = session.cancel(reason: .interrupted)
        #expect(outcome == CancelOutcome(cancelled: [], dropped: [], notPending: [], committed: 0, reports: [], conversions: []))
    }

    @Test("a custom call is cancelled with a custom_tool_call_output")
    func cancelCustom() {
        var session = Session()
        _ = session.submit([F.custom("p")])
        _ = session.cancel(reason: .interrupted)
        #expect(session.committedValues == [F.custom("p"), F.synthetic("p", .interrupted, kind: .custom)])
    }

    @Test("synthetic texts can be overridden per session, and every default starts with aborted")
    func syntheticTexts() {
        for reason in CancelReason.allCases {
            #expect(SyntheticOutputs.defaults[reason].hasPrefix("aborted"))
            #expect(SyntheticOutputs.defaults[reason].contains("may have partly run"))
        }
        var texts = SyntheticOutputs.defaults
        texts.interrupted = "stopped by user"
        var session = Session(syntheticOutputs: texts)
        _ = session.submit([F.shell("c")])
        _ = session.cancel(reason: .interrupted)
        #expect(session.committed.last?.value == F.output("c", "stopped by user"))
    }

    @Test("held calls open the next batch when flushed, and their early outputs join it")
    func heldCallWithEarlyOutput() {
        var session = Session()
        _ = session.submit([F.shell("a"), F.output("a-not-yet", "x")])
        _ = session.submit([F.shell("b"), F.output("b")])
        // b joined a's batch (no output of a yet); b's output is in, so a's batch is in its output phase.
        _ = session.submit([F.user("q"), F.shell("c"), F.output("c", "C early")])
        #expect(session.held.map(\.item.value) == [F.user("q"), F.shell("c")])
        #expect(session.early.map(\.item.value) == [F.output("a-not-yet", "x"), F.output("c", "C early")])
        _ = session.submit([F.output("a")])
        #expect(session.committedValues == [
            F.shell("a"), F.shell("b"), F.output("a"), F.output("b"), F.user("q"), F.shell("c"), F.output("c", "C early"),
        ])
        #expect(session.batch == nil)
        #expect(session.earlyCount == 1)
    }

    @Test("revisions at commit ends are boundaries; revisions inside a batch are not")
    func commitBoundaries() {
        var session = Session()
        _ = session.submit([F.user("u"), F.shell("a"), F.shell("b"), F.output("a"), F.output("b")])
        #expect(session.isCommitBoundary(0))
        #expect(session.isCommitBoundary(1))
        #expect(!session.isCommitBoundary(2))
        #expect(!session.isCommitBoundary(4))
        #expect(session.isCommitBoundary(5))
        #expect(!session.isCommitBoundary(6))
    }

    @Test("state views: the open batch's calls, held items and early outputs with their times")
    func stateViews() {
        var session = Session()
        _ = session.submit([F.shell("a")], at: 100)
        _ = session.submit([F.user("u")], at: 250)
        _ = session.submit([F.output("zz")], at: 300)
        #expect(session.batch?.calls == [Session.PendingCall(callId: "a", kind: .localShell, name: "shell", submittedAt: 100, hasOutput: false)])
        #expect(session.batch?.openedAt == 100)
        #expect(session.held.map(\.since) == [250])
        #expect(session.early.map(\.arrival) == [2])
        #expect(session.submittedCount == 3)
    }

    @Test("the timeline keeps at most 512 bytes of a reported item's call_id and message, cut at a character and ending in …; the report itself is whole")
    func reportRecordsAreBounded() throws {
        var session = Session()
        let callId = String(repeating: "é", count: 100_000)
        _ = session.submit([F.shell(callId)])
        let outcome = session.submit([F.shell(callId)])
        let report = try #require(outcome.reports.first)
        #expect(report.reason == .duplicate)
        #expect(report.callId == callId)
        #expect(report.message == "local_shell_call \(callId) was already submitted; this identical copy was not added again")
        let kept = try #require(session.timeline.reported.first)
        let shown = String(repeating: "é", count: 254) + "…"
        #expect(kept.callId == shown)
        #expect(kept.message == "local_shell_call " + String(repeating: "é", count: 246) + "…")
        #expect(shown.utf8.count == 511)
    }
}

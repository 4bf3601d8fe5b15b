import Testing
@testable import SequencerCore

@Suite("Sequencer: one-shot sequencing of whole histories")
struct SequencerTests {
    typealias F = Fixture

    private func values(_ result: Sequencer.Result) -> [JSONValue] { result.items.map(\.value) }

    @Test("interrupted history: the lost call gets a synthetic output before the next user message")
    func interruptedHistory() {
        let result = Sequencer.sequence([F.user("build"), F.shell("call_9"), F.user("why so slow?")])
        #expect(values(result) == [F.user("build"), F.shell("call_9"), F.synthetic("call_9", .lost), F.user("why so slow?")])
        #expect(result.repairs == [
            Repair(kind: .insertedOutput, callId: "call_9", index: 1, resultIndex: 2,
                   message: "function_call_output inserted for call_9, which had no output (lost)"),
        ])
        #expect(result.problems == [])
    }

    @Test("a valid history is returned unchanged with no repairs")
    func validHistoryUnchanged() {
        let items = [F.user("hi"), F.reasoning("r"), F.shell("a"), F.function("b"), F.output("a"), F.output("b"), F.assistant("done")]
        let result = Sequencer.sequence(items)
        #expect(values(result) == items)
        #expect(result.repairs == [])
    }

    @Test("a user message between a call and its output is moved after the output")
    func messageBetweenCallAndOutput() {
        let result = Sequencer.sequence([F.shell("a"), F.user("wait"), F.output("a")])
        #expect(values(result) == [F.shell("a"), F.output("a"), F.user("wait")])
        #expect(result.repairs.map(\.kind) == [.movedAfterOutput])
        #expect(result.repairs.first?.index == 1)
        #expect(result.repairs.first?.resultIndex == 2)
    }

    @Test("an orphan output is dropped and reported")
    func orphanDropped() {
        let result = Sequencer.sequence([F.user("hi"), F.output("ghost")])
        #expect(values(result) == [F.user("hi")])
        #expect(result.repairs == [Repair(kind: .droppedOrphan, callId: "ghost", index: 1, resultIndex: nil,
                                          message: "function_call_output dropped: no call with call_id ghost came")])
    }

    @Test("an output before its call is moved after it")
    func earlyOutputMoved() {
        let result = Sequencer.sequence([F.output("a", "A"), F.shell("a")])
        #expect(values(result) == [F.shell("a"), F.output("a", "A")])
        #expect(result.repairs.map(\.kind) == [.movedAfterCall])
        #expect(result.repairs.first?.index == 0)
        #expect(result.repairs.first?.resultIndex == 1)
    }

    @Test("duplicates, conflicts and invalid items are dropped with a repair each")
    func droppedItems() {
        let result = Sequencer.sequence([F.shell("a"), F.output("a"), F.output("a"), F.output("a", "other"), "junk"])
        #expect(values(result) == [F.shell("a"), F.output("a")])
        #expect(result.repairs.map(\.kind) == [.droppedDuplicate, .droppedConflict, .droppedInvalid])
        #expect(result.repairs.map(\.index) == [2, 3, 4])
    }

    @Test("a wrong-kind output is converted")
    func convertedOutput() {
        let result = Sequencer.sequence([F.custom("p"), F.output("p", "patched")])
        #expect(values(result) == [F.custom("p"), F.customOutput("p", "patched")])
        #expect(result.repairs == [Repair(kind: .convertedOutput, callId: "p", index: 1, resultIndex: 1,
                                          message: "function_call_output converted to custom_tool_call_output: p is a custom_tool_call")])
    }

    @Test("missingOutput drop removes the call and the reasoning that led only into it")
    func dropPolicy() {
        let items = [F.user("u"), F.reasoning("think"), F.shell("a"), F.user("next")]
        let result = Sequencer.sequence(items, options: .init(missingOutput: .drop))
        #expect(values(result) == [F.user("u"), F.user("next")])
        #expect(result.repairs.map(\.kind) == [.droppedReasoning, .droppedCall])
        #expect(result.repairs.map(\.index) == [1, 2])
    }

    @Test("missingOutput drop keeps reasoning that also led into an answered call")
    func dropKeepsSharedReasoning() {
        let items = [F.reasoning("two"), F.shell("a"), F.shell("b"), F.output("b")]
        let result = Sequencer.sequence(items, options: .init(missingOutput: .drop))
        #expect(values(result) == [F.reasoning("two"), F.shell("b"), F.output("b")])
        #expect(result.repairs.map(\.kind) == [.droppedCall])
    }

    @Test("missingOutput error lists each unanswered call with the API's text")
    func errorPolicy() {
        let items = [F.shell("a"), F.custom("b"), F.function("c"), F.output("c")]
        let result = Sequencer.sequence(items, options: .init(missingOutput: .error))
        #expect(result.problems == [
            Problem(code: .missingOutput, severity: .error, index: 0, callId: "a", message: "No tool output found for local shell call a."),
            Problem(code: .missingOutput, severity: .error, index: 1, callId: "b", message: "No tool output found for custom tool call b."),
        ])
    }

    @Test("a lost call is closed where its model response ends, not at the end of the history")
    func lostCallClosedAtEndOfResponse() {
        let items = [
            F.user("build"), F.shell("a"), F.user("why so slow?"), F.reasoning("look"), F.shell("b"), F.output("b", "B"),
            F.assistant("it was slow"), F.user("thanks"),
        ]
        let result = Sequencer.sequence(items)
        #expect(values(result) == [
            F.user("build"), F.shell("a"), F.synthetic("a", .lost), F.user("why so slow?"), F.reasoning("look"),
            F.shell("b"), F.output("b", "B"), F.assistant("it was slow"), F.user("thanks"),
        ])
        #expect(result.repairs.map(\.kind) == [.insertedOutput])
    }

    @Test("an output that is not a valid item answers nothing: its call is closed where its model response ends")
    func invalidOutputAnswersNothing() {
        let broken: JSONValue = ["type": "function_call_output", "call_id": "a"]  // no "output"
        let result = Sequencer.sequence([F.shell("a"), F.user("next"), broken])
        #expect(values(result) == [F.shell("a"), F.synthetic("a", .lost), F.user("next")])
        #expect(result.repairs.map(\.kind) == [.insertedOutput, .droppedInvalid])
        #expect(result.repairs.map(\.index) == [0, 2])
    }

    @Test("a lost call waits for the real outputs of its parallel calls, and items held meanwhile keep their order")
    func lostCallAmongParallelCalls() {
        let items = [F.shell("a"), F.shell("b"), F.user("u1"), F.output("b", "B"), F.user("u2")]
        let result = Sequencer.sequence(items)
        #expect(values(result) == [F.shell("a"), F.shell("b"), F.synthetic("a", .lost), F.output("b", "B"), F.user("u1"), F.user("u2")])
        #expect(result.repairs.map(\.kind) == [.insertedOutput, .movedAfterOutput])
    }

    @Test("held calls are closed too, each after its own model response")
    func heldCallsClosed() {
        let items = [F.shell("a"), F.function("b"), F.output("b"), F.shell("c"), F.user("u")]
        let result = Sequencer.sequence(items)
        #expect(values(result) == [
            F.shell("a"), F.function("b"), F.synthetic("a", .lost), F.output("b"),
            F.shell("c"), F.synthetic("c", .lost), F.user("u"),
        ])
    }

    @Test("custom synthetic texts are used")
    func customTexts() {
        var texts = SyntheticOutputs.defaults
        texts.lost = "aborted: gone"
        let result = Sequencer.sequence([F.shell("a")], options: .init(syntheticOutputs: texts))
        #expect(values(result) == [F.shell("a"), F.output("a", "aborted: gone")])
    }

    @Test("sequencing its own output changes nothing", arguments: [
        [Fixture.user("build"), Fixture.shell("a"), Fixture.user("hey"), Fixture.output("b"), Fixture.shell("b")],
        [Fixture.shell("a"), Fixture.function("b"), Fixture.output("b"), Fixture.shell("c"), Fixture.custom("d"), Fixture.output("d")],
        [Fixture.reasoning("r"), Fixture.shell("a"), Fixture.assistant("x"), Fixture.output("a"), Fixture.output("a", "dup")],
    ])
    func idempotent(items: [JSONValue]) {
        for policy in MissingOutputPolicy.allCases where policy != .error {
            let once = Sequencer.sequence(items, options: .init(missingOutput: policy))
            let twice = Sequencer.sequence(once.items.map(\.value), options: .init(missingOutput: policy))
            #expect(values(twice) == values(once))
            #expect(twice.repairs == [])
        }
    }
}

import Testing
@testable import SequencerCore

/// Rewinding a session to an earlier revision and replacing its committed array.
@Suite("Session rewriting: rewind and replace")
struct SessionRewritingTests {
    typealias F = Fixture

    @Test("rewind discards what came after the revision and everything waiting, and starts a new epoch")
    func rewind() throws {
        var session = Session()
        _ = session.submit([F.user("one"), F.shell("c1"), F.output("c1"), F.user("two"), F.shell("c2"), F.user("typed")])
        #expect(session.revision == 4)
        #expect(session.pendingCallIds == ["c2"])
        let outcome = try session.rewind(to: 1)
        #expect(outcome == Session.RewindOutcome(committed: 3, pending: ["c2"], held: 1, early: 0))
        #expect(session.committedValues == [F.user("one")])
        #expect(session.epoch == 1)
        #expect(session.pendingCallIds == [])
        #expect(session.heldCount == 0)
        // Call ids seen only after the revision are forgotten: c1 may be used again.
        _ = session.submit([F.shell("c1", "pwd"), F.output("c1", "/")])
        #expect(session.committedValues == [F.user("one"), F.shell("c1", "pwd"), F.output("c1", "/")])
    }

    @Test("rewind keeps the calls committed before the revision: a resubmitted one is a duplicate")
    func rewindKeepsEarlierCalls() throws {
        var session = Session()
        _ = session.submit([F.shell("c1"), F.output("c1"), F.user("two")])
        _ = try session.rewind(to: 2)
        #expect(session.submit([F.shell("c1")]).reports.map(\.reason) == [.duplicate])
    }

    @Test("rewind to a revision that is not a commit boundary, or in the future, names the nearest boundaries")
    func rewindRefused() {
        var session = Session()
        _ = session.submit([F.user("one"), F.shell("c1"), F.output("c1")])
        #expect(throws: Session.RewriteError.notABoundary(revision: 2, below: 1, above: 3)) { try session.rewind(to: 2) }
        #expect(throws: Session.RewriteError.notABoundary(revision: 9, below: 3, above: nil)) { try session.rewind(to: 9) }
        #expect(session.revision == 3)
        #expect(session.epoch == 0)
    }

    @Test("replace makes the sequenced items the array, keeps what waits, and reports the repairs")
    func replace() throws {
        var session = Session()
        _ = session.submit([F.user("one"), F.function("f1"), F.output("f1"), F.user("two"), F.shell("c2"), F.user("typed")])
        let summary = F.assistant("summary of the work so far")
        let outcome = try session.replace(with: [summary, F.function("f9")])
        #expect(outcome.repairs.map(\.kind) == [.insertedOutput])
        #expect(session.committedValues == [summary, F.function("f9"), Item.synthetic(
            answering: .function, callId: "f9", reason: .lost, text: SyntheticOutputs.defaults.lost)?.value ?? nil])
        #expect(session.epoch == 1)
        #expect(session.pendingCallIds == ["c2"])
        #expect(session.heldCount == 1)
        _ = session.submit([F.output("c2", "built")])
        #expect(session.committedValues.suffix(3) == [F.shell("c2"), F.output("c2", "built"), F.user("typed")])
    }

    @Test("replace refuses a key a pending call uses, and changes nothing")
    func replaceRefused() {
        var session = Session()
        _ = session.submit([F.user("one"), F.shell("c2")])
        #expect(throws: Session.RewriteError.keyInUse("c2")) { try session.replace(with: [F.shell("c2"), F.output("c2")]) }
        #expect(session.committedValues == [F.user("one")])
        #expect(session.epoch == 0)
    }
}

/// What a session keeps is counted: its items' own bytes, never the request they came in.
@Suite("Session memory: items keep only their own bytes")
struct SessionMemoryTests {
    /// The largest buffer any string of `value` keeps alive.
    static func largestRetained(_ value: JSONValue) -> Int {
        switch value {
        case .string(let string): string.retainedStorageCount
        case .array(let elements): elements.map(largestRetained).max() ?? 0
        case .object(let object):
            object.members.map { max($0.key.retainedStorageCount, largestRetained($0.value)) }.max() ?? 0
        case .null, .bool, .number: 0
        }
    }

    @Test("items parsed from a request with an 8 MiB member beside them keep only their own bytes, wherever they wait")
    func itemsDoNotRetainTheRequest() throws {
        let padding = String(repeating: "x", count: 8 << 20)
        let line = #"{"padding":"\#(padding)","items":[{"type":"local_shell_call","call_id":"c1","status":"in_progress","action":{"type":"exec","command":["ls"]}},{"type":"message","role":"user","content":"typed"},{"type":"function_call_output","call_id":"c0","output":"early"}]}"#
        let request = try JSONParser.parse(line)
        let items = try #require(request["items"]?.arrayValue)
        #expect(Self.largestRetained(.array(items)) > 8 << 20)  // parsed strings share the line
        var session = Session()
        _ = session.submit(items)
        #expect(session.pendingCallIds == ["c1"])
        #expect(session.heldCount == 1)
        #expect(session.earlyCount == 1)
        let kept = session.batch.map { $0.items.map(\.value) } ?? []
        let everything = kept + session.held.map(\.item.value) + session.early.map(\.item.value)
        #expect(everything.count == 3)
        #expect(everything.allSatisfy { Self.largestRetained($0) < 256 })
        _ = session.submit([["type": "function_call_output", "call_id": "c1", "output": "done"]])
        #expect(session.committed.allSatisfy { Self.largestRetained($0.value) < 256 })
    }
}

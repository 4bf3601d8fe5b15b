import Testing
@testable import SequencerCore

/// Properties of ``Session`` over seeded random streams (see ``StreamGenerator``), checked
/// after every `submit` and `cancel`:
/// 1. accounting: every submitted item is in exactly one place (committed, the open batch,
///    held, early, or reported), and the synthetic outputs are exactly the committed items with
///    no arrival number, each answering a call a cancel closed;
/// 2. validity: the committed array, rendered in each format, keeps every ``BodyRule``: our
///    validators find no error (in Responses no problem at all but `unknown_type` warnings),
///    OpenAI's published schema accepts every Responses item and Chat message, and the
///    Anthropic text and image rules and the Gemini thought-signature rule hold;
/// 3. append-only: the committed array starts with the array before the step;
/// 4. since-rendering: rendering, for Responses, the items committed since a commit boundary
///    gives the tail of rendering the whole array, and is clean on its own.
///
/// The seeds are split into chunks that run in parallel; one pass over a stream checks all four
/// properties, and a failure names its property, seed and step, and prints the stream
/// (`StreamGenerator(seed:).stream()` gives it back). Each chunk reports at most three failing
/// seeds, so that one bug does not bury the log.
@Suite("Session properties over seeded random streams")
struct SessionPropertyTests {
    /// Seeds `0..<seedCount` are checked.
    static let seedCount: UInt64 = 2_000
    /// The seeds are dealt round-robin into this many chunks.
    static let chunkCount = 8
    /// Rendering and validating four formats after every step is the expensive part: every seed
    /// is checked in Responses after every step, and one seed in `everyFormatStride` (spread over
    /// the chunks) in all four.
    static let everyFormatStride: UInt64 = 4

    @Test(
        "after every step: accounting, validity in every format, append-only, and since-rendering",
        arguments: 0..<chunkCount)
    func properties(chunk: Int) {
        var failingSeeds = 0
        for seed in stride(from: UInt64(chunk), to: Self.seedCount, by: Self.chunkCount) {
            var generator = StreamGenerator(seed: seed)
            let stream = generator.stream()
            let everyFormat = (seed / UInt64(Self.chunkCount)) % Self.everyFormatStride == 0
            var checker = SessionChecker(everyFormat: everyFormat)
            checker.run(stream)
            guard !checker.failures.isEmpty else { continue }
            failingSeeds += 1
            let failures = checker.failures.prefix(4).joined(separator: "\n")
            #expect(checker.failures.isEmpty, "seed \(seed), step \(checker.step): \(failures)\n\(stream)")
            if failingSeeds == 3 { break }
        }
    }

    @Test("the generator is deterministic: a seed gives the same stream every time")
    func generatorIsDeterministic() {
        for seed: UInt64 in [0, 1, 42, 1_999] {
            var first = StreamGenerator(seed: seed)
            var second = StreamGenerator(seed: seed)
            #expect(first.stream().steps == second.stream().steps, "seed \(seed)")
            #expect(first.history() == second.history(), "seed \(seed)")
        }
        var one = StreamGenerator(seed: 1)
        var two = StreamGenerator(seed: 2)
        #expect(one.stream().steps != two.stream().steps)
    }

    @Test("the streams cover every shape and situation the properties are about")
    func generatorCoverage() {
        var seen: [String: Int] = [:]
        for seed: UInt64 in 0..<400 {
            var generator = StreamGenerator(seed: seed)
            var checker = SessionChecker(everyFormat: false, checking: false)
            checker.run(generator.stream())
            for (name, count) in checker.coverage { seen[name, default: 0] += count }
        }
        let expected = CallKind.allCases.map(\.type) + StreamGenerator.outputTypes + [
            "reasoning", "assistant", "user", "developer", "system",
            "API-run call", "unknown type", "parallel calls", "invalid", "duplicate", "conflict", "late", "orphan at close",
            "early joined", "converted", "wrong_kind", "dropped_call", "left out", "cancelled", "not pending", "cancel all",
            "cancel some", "held", "held call", "batch of 1", "big batch",
        ] + CallKind.allCases.filter { $0.synthetic != nil }.map { "cancelled \($0.type)" } + CallKind.allCases.map { "late \($0.type)" }
            + CallKind.allCases.map { "early \($0.type)" } + CallKind.allCases.map { "duplicate or conflict \($0.type)" }
        for name in expected {
            #expect((seen[name] ?? 0) > 0, "the streams never produce \(name): \(seen)")
        }
    }
}

// MARK: - Rendering checks

// MARK: - The failures found, minimised

/// The minimal cases of the failures the properties found, each asserting the behaviour that
/// was fixed, so that it stays fixed.
@Suite("Property findings: the failures the properties found, minimised")
struct PropertyFindingsTests {
    typealias F = Fixture

    @Test("Gemini: an array that starts with a call must not render a function-call turn first")
    func geminiCallTurnFirst() {
        for prefix in [[], [F.message("system", "be brief")]] {
            var session = Session()
            _ = session.submit(prefix + [F.shell("c1"), F.output("c1", "done")])
            #expect(session.revision == prefix.count + 2)
            let body = Renderer.render(session.committed, as: .gemini)
            // Was: contents[0] was the model's function-call turn (function_call_turn_misplaced).
            #expect(Validator.validate(body, format: .gemini).filter { $0.severity == .error } == [])
            #expect(body["contents"]?.arrayValue?.first?["role"]?.stringValue == "user")
        }
    }

    @Test("a real output after a partial cancel, while the batch is still open, is reported as late")
    func lateOutputAfterPartialCancel() {
        var session = Session()
        _ = session.submit([F.shell("a"), F.shell("b")])
        let cancel = session.cancel(["a"], reason: .interrupted)
        #expect(cancel.cancelled == ["a"])
        #expect(session.pendingCallIds == ["b"])
        let late = session.submit([F.output("a", "finally")])
        // Was: [.conflict] (the synthetic output left nothing to compare with).
        #expect(late.reports.map(\.reason) == [.late])
        #expect(late.reports.map(\.arrival) == [2])
        _ = session.submit([F.output("b")])
        #expect(session.committedValues == [F.shell("a"), F.shell("b"), F.synthetic("a", .interrupted), F.output("b")])
    }

    @Test("a message with no usable content must not make the committed array invalid for Responses")
    func messageWithoutContent() {
        for message: JSONValue in [["type": "message", "role": "user"], ["type": "message", "role": "assistant", "content": nil]] {
            var session = Session()
            let outcome = session.submit([message])
            let problems = Validator.validate(Renderer.render(session.committed, as: .responses), format: .responses)
            // Was: committed, and the validator gave invalid_shape at 0.
            #expect(problems.filter { $0.severity == .error } == [])
            #expect(outcome.reports.map(\.reason) == [.invalid])
            #expect(outcome.committed + outcome.reports.count == 1)
        }
    }
}

// MARK: - The checker

/// Drives a ``Session`` through a stream step by step and checks the four properties after
/// each step, recording failures as sentences.
struct SessionChecker {
    /// The property a failure breaks.
    enum Property: String {
        case accounting = "property 1 (accounting)"
        case validity = "property 2 (validity)"
        case appendOnly = "property 3 (append-only)"
        case sinceRendering = "property 4 (since-rendering)"
    }

    /// Whether validity is checked in all four formats after every step (Responses always is).
    let everyFormat: Bool
    /// Whether anything is checked (the coverage test only counts).
    let checking: Bool
    private(set) var session = Session()
    private(set) var failures: [String] = []
    /// The number of steps applied.
    private(set) var step = 0
    /// How often each shape or situation occurred, for the coverage test.
    private(set) var coverage: [String: Int] = [:]

    /// Every submitted value, by arrival number, and the item it is (`nil` if it is not one).
    private var submitted: [JSONValue] = []
    private var items: [Item?] = []
    /// The first call submitted with each `call_id`: the one a synthetic output answers.
    private var firstCalls: [String: Item] = [:]
    /// Every report so far, by arrival number of the reported item.
    private var reports: [Int: Report] = [:]
    /// The calls closed by a cancel: their reason, and the arrival count when it happened.
    private var cancelled: [String: (reason: CancelReason, atArrival: Int)] = [:]
    /// The revisions seen after each step: every one must be a commit boundary.
    private var revisions: [Int] = [0]

    init(everyFormat: Bool, checking: Bool = true) {
        self.everyFormat = everyFormat
        self.checking = checking
    }

    /// Applies every step, stopping at the first step that fails, then closes the session.
    mutating func run(_ stream: GeneratedStream) {
        for step in stream.steps {
            apply(step)
            if !failures.isEmpty { return }
        }
        finish()
    }

    private mutating func fail(_ property: Property, _ message: String) {
        failures.append("\(property.rawValue): \(message)")
    }

    /// Counts a situation, in the coverage run only.
    private mutating func count(_ name: String, _ times: Int = 1) {
        if !checking && times > 0 { coverage[name, default: 0] += times }
    }

    // MARK: Steps

    mutating func apply(_ step: StreamStep) {
        self.step += 1
        let before = session.committed
        let revisionBefore = session.revision
        switch step {
        case .submit(let values):
            submit(values)
        case .cancel(let callIds, let reason):
            cancel(callIds, reason)
        }
        guard checking else { return noteCoverage() }
        checkAccounting(newSince: revisionBefore)
        checkAppendOnly(before: before)
        if session.revision != revisionBefore { checkValidity(newSince: revisionBefore) }
        checkSinceRendering(from: revisionBefore)
        revisions.append(session.revision)
    }

    private mutating func submit(_ values: [JSONValue]) {
        let firstArrival = submitted.count
        let revisionBefore = session.revision
        for value in values {
            let item = try? Item(value)
            submitted.append(value)
            items.append(item)
            if let item, item.callKind != nil, let callId = item.callId, firstCalls[callId] == nil {
                firstCalls[callId] = item
            }
            if !checking {
                switch item?.kind {
                case .call(let kind)?: count(kind.rawValue)
                case .output(let kind)?: count(kind.type)
                case .message(let role)?: count(role.rawValue)
                case .reasoning?: count("reasoning")
                case .apiRun?: count("API-run call")
                default: break
                }
                if let item, !item.isKnownType { count("unknown type") }
            }
        }
        count(values.count == 1 ? "batch of 1" : values.count >= 5 ? "big batch" : "small batch")
        let outcome = session.submit(values)
        if outcome.committed != session.revision - revisionBefore {
            fail(.accounting, "submit said it committed \(outcome.committed) items, but the revision went from \(revisionBefore) to \(session.revision)")
        }
        // Values that are not items are reported as invalid, on arrival, and nothing else is.
        for arrival in firstArrival..<submitted.count where items[arrival] == nil {
            let report = outcome.reports.first { $0.arrival == arrival }
            if report?.reason != .invalid || report?.flushed != false {
                fail(.accounting, "arrival \(arrival) \(submitted[arrival]) is not an item, but it was not reported as invalid on arrival (report: \(String(describing: report)))")
            }
        }
        record(outcome.reports)
    }

    private mutating func cancel(_ callIds: [String]?, _ reason: CancelReason) {
        let pendingBefore = session.pendingCallIds
        let revisionBefore = session.revision
        let outcome = session.cancel(callIds, reason: reason)
        count(callIds == nil ? "cancel all" : "cancel some")
        count("cancelled", outcome.cancelled.count)
        for callId in outcome.cancelled { count("cancelled \(firstCalls[callId]?.type ?? "?")") }
        count("not pending", outcome.notPending.count)
        for callId in outcome.cancelled {
            cancelled[callId] = (reason, submitted.count)
        }
        var named: [String] = []
        for callId in callIds ?? pendingBefore where !named.contains(callId) { named.append(callId) }
        // A pending call whose kind has no honest synthetic output is left out, not cancelled.
        let calls = firstCalls
        let honest = { (callId: String) in calls[callId]?.callKind?.synthetic != nil }
        let expectedCancelled = named.filter { pendingBefore.contains($0) && honest($0) }
        let expectedDropped = named.filter { pendingBefore.contains($0) && !honest($0) }
        count("left out", outcome.dropped.count)
        if outcome.cancelled != expectedCancelled || outcome.dropped != expectedDropped
            || outcome.notPending != named.filter({ !pendingBefore.contains($0) }) {
            fail(.accounting, "cancel(\(String(describing: callIds)), .\(reason)) with pending \(pendingBefore): cancelled \(outcome.cancelled), left out \(outcome.dropped), not pending \(outcome.notPending); expected cancelled \(expectedCancelled), left out \(expectedDropped)")
        }
        if outcome.committed != session.revision - revisionBefore {
            fail(.accounting, "cancel said it committed \(outcome.committed) items, but the revision went from \(revisionBefore) to \(session.revision)")
        }
        record(outcome.reports)
    }

    /// Keeps the reports, checking each: reported once, the item as submitted, the reason right.
    private mutating func record(_ newReports: [Report]) {
        for report in newReports {
            count(report.reason.rawValue)
            let callType = firstCalls[report.callId ?? ""]?.type ?? "?"
            if report.reason == .late { count("late \(callType)") }
            if report.reason == .duplicate || report.reason == .conflict { count("duplicate or conflict \(callType)") }
            guard submitted.indices.contains(report.arrival) else {
                fail(.accounting, "a report names arrival \(report.arrival), outside 0..<\(submitted.count)")
                continue
            }
            if let earlier = reports[report.arrival] {
                fail(.accounting, "arrival \(report.arrival) was reported twice: \(earlier.reason) (\(earlier.message)), then \(report.reason) (\(report.message))")
            }
            reports[report.arrival] = report
            if report.item != submitted[report.arrival] {
                fail(.accounting, "the report for arrival \(report.arrival) gives back \(report.item), but \(submitted[report.arrival]) was submitted")
            }
            if report.reason == .invalid && items[report.arrival] != nil {
                fail(.accounting, "arrival \(report.arrival) \(submitted[report.arrival]) is a valid item but was reported invalid: \(report.message)")
            }
            // A real output for a call already closed with a synthetic output is `late`.
            if let item = items[report.arrival], item.outputKind != nil, let callId = item.callId,
                let closed = cancelled[callId], report.arrival >= closed.atArrival, report.reason != .late
            {
                fail(.accounting, "arrival \(report.arrival) is a real output for \(callId), which was cancelled (.\(closed.reason)) before it arrived, so it should be reported as late; it was reported as \(report.reason): \(report.message)")
            }
        }
    }

    /// Coverage of the situations the properties are meant to exercise.
    private mutating func noteCoverage() {
        if let batch = session.batch, batch.calls.count > 1 { count("parallel calls") }
        count("held", session.heldCount)
        if session.held.contains(where: { $0.item.callKind != nil }) { count("held call") }
        count("early waiting", session.earlyCount)
        count("early joined", session.provenance.filter(\.wasEarly).count)
        for (item, origin) in zip(session.committed, session.provenance) where origin.wasEarly {
            count("early \(firstCalls[item.callId ?? ""]?.type ?? "?")")
        }
        count("converted", session.provenance.filter { $0.convertedFrom != nil }.count)
    }

    // MARK: Property 1: accounting

    /// Every arrival is in exactly one place and every cached count is right
    /// (``Session/verifyInvariants()``, the session's own check); beyond it: what each place holds
    /// is what was submitted (checked for committed items only when they are new: property 3
    /// keeps them unchanged), and the synthetic outputs are exactly one per cancelled call.
    private mutating func checkAccounting(newSince revision: Int) {
        if session.submittedCount != submitted.count {
            fail(.accounting, "the session counts \(session.submittedCount) submitted items; \(submitted.count) were submitted")
        }
        do throws(Session.InvariantViolation) {
            try session.verifyInvariants()
        } catch {
            fail(.accounting, error.description)
        }
        var synthetic: [String: Int] = [:]
        for (index, (item, origin)) in zip(session.committed, session.provenance).enumerated() {
            guard let arrival = origin.arrival else {
                if index >= revision { checkSynthetic(item, reason: origin.synthetic, where: "committed[\(index)]") }
                if let callId = item.callId { synthetic[callId, default: 0] += 1 }
                continue
            }
            if index >= revision {
                if origin.synthetic != nil {
                    fail(.accounting, "committed[\(index)] has an arrival number (\(arrival)) and is marked synthetic")
                }
                checkSameItem(item, arrival: arrival, convertedFrom: origin.convertedFrom, where: "committed[\(index)]")
            }
        }
        if let batch = session.openBatch {
            for entry in batch.model {
                checkSameItem(entry.item, arrival: entry.arrival, convertedFrom: nil, where: "the open batch")
            }
            for (callId, output) in zip(batch.callIds, batch.outputs) {
                guard let entry = output else { continue }
                if entry.synthetic != nil {
                    checkSynthetic(entry.item, reason: entry.synthetic, where: "the open batch's output for \(callId)")
                    synthetic[callId, default: 0] += 1
                } else {
                    checkSameItem(entry.item, arrival: entry.arrival, convertedFrom: entry.convertedFrom, where: "the open batch's outputs")
                }
            }
            if session.batch?.items.count != batch.model.count || session.batch?.outputs.count != batch.outputs.compactMap({ $0 }).count {
                fail(.accounting, "the public view of the open batch does not match its state")
            }
        }
        for waiting in session.held {
            checkSameItem(waiting.item, arrival: waiting.arrival, convertedFrom: nil, where: "held")
        }
        for waiting in session.early {
            checkSameItem(waiting.item, arrival: waiting.arrival, convertedFrom: nil, where: "early")
        }
        // The reports the caller was given are the session's: each arrival reported is nowhere else.
        if session.reportLog.count != reports.count || session.reportLog.contains(where: { reports[$0.arrival] == nil }) {
            fail(.accounting, "the session logged \(session.reportLog.count) reports, but \(reports.count) were returned")
        }
        // Synthetic outputs are exactly the outputs of cancelled calls: one each, no more.
        for (callId, times) in synthetic where times > 1 {
            fail(.accounting, "\(callId) has \(times) synthetic outputs")
        }
        for callId in cancelled.keys where synthetic[callId] == nil {
            fail(.accounting, "\(callId) was cancelled, but no synthetic output for it is committed or in the open batch")
        }
    }

    /// A synthetic output: the output of the kind its call needs, with the text of its cancel's reason.
    private mutating func checkSynthetic(_ item: Item, reason: CancelReason?, where place: String) {
        guard let callId = item.callId, let outputKind = item.outputKind else {
            return fail(.accounting, "\(place) has no arrival number but is not an output: \(item.value)")
        }
        guard let closed = cancelled[callId] else {
            return fail(.accounting, "\(place) is a synthetic output for \(callId), which no cancel closed")
        }
        if reason != closed.reason {
            fail(.accounting, "\(place) is marked synthetic for reason \(String(describing: reason)), but \(callId) was cancelled with .\(closed.reason)")
        }
        if let kind = firstCalls[callId]?.callKind,
           item != Item.synthetic(answering: kind, callId: callId, reason: closed.reason, text: SyntheticOutputs.defaults[closed.reason]) {
            fail(.accounting, "\(place) is not the default synthetic output for .\(closed.reason): \(item.value)")
        }
        if let call = firstCalls[callId], call.callKind?.outputKind != outputKind {
            fail(.accounting, "\(place) answers the \(call.type) \(callId) with a \(outputKind.rawValue)")
        }
    }

    /// An item somewhere in the session is the item submitted at `arrival` (converted, if it was).
    private mutating func checkSameItem(_ item: Item, arrival: Int, convertedFrom: OutputKind?, where place: String) {
        guard items.indices.contains(arrival), let original = items[arrival] else {
            return fail(.accounting, "\(place) holds arrival \(arrival), which was not a valid item")
        }
        let expected = item.outputKind.map { convertedFrom != nil ? original.converted(to: $0) : original } ?? original
        if item != expected {
            fail(.accounting, "\(place) holds \(item.value) for arrival \(arrival), but \(submitted[arrival]) was submitted")
        }
        if let convertedFrom, original.outputKind != convertedFrom {
            fail(.accounting, "\(place) says it was converted from \(convertedFrom.rawValue), but arrived as \(original.type)")
        }
    }

    // MARK: Property 2: validity

    /// The whole array by our validators and the Anthropic and Gemini rules; by the published
    /// schema, the Responses items committed since `revision` (the array is append-only: the
    /// others were judged when they came) and the Chat messages at the end (see ``finish()``).
    private mutating func checkValidity(newSince revision: Int) {
        let label = "the committed array (revision \(session.revision))"
        let formats: [Format] = everyFormat ? Format.allCases : [.responses]
        judge(BodyRules.findings(of: session.committed, formats: formats, label: label, schemaFrom: revision, chatSchema: false), as: .validity)
    }

    /// Every finding fails `property`.
    private mutating func judge(_ found: [BodyFinding], as property: Property) {
        for finding in found { fail(property, finding.description) }
    }

    // MARK: Property 3: append-only

    private mutating func checkAppendOnly(before: [Item]) {
        guard session.committed.count >= before.count, session.committed.starts(with: before) else {
            return fail(.appendOnly, "the committed array does not start with the \(before.count) items committed before the step")
        }
        if session.provenance.count != session.committed.count {
            fail(.appendOnly, "provenance has \(session.provenance.count) records for \(session.committed.count) committed items")
        }
    }

    // MARK: Property 4: since-rendering

    /// The revision after the step is a commit boundary, and so is the one before it; the items
    /// committed since then render, on their own, as the tail of the whole rendering, and are
    /// clean on their own.
    private mutating func checkSinceRendering(from revision: Int) {
        if !session.isCommitBoundary(session.revision) {
            fail(.sinceRendering, "the revision after a step, \(session.revision), is not a commit boundary")
        }
        checkSuffix(from: revision, whole: Renderer.render(session.committed, as: .responses))
    }

    private mutating func checkSuffix(from revision: Int, whole: JSONValue) {
        guard session.isCommitBoundary(revision) else {
            return fail(.sinceRendering, "revision \(revision), seen after a step, is not a commit boundary")
        }
        let since = Renderer.render(session.committed[revision...], as: .responses)
        // Host-local items (ghost snapshots) are in no rendering: count the rendered ones.
        let renderedBefore = session.committed[..<revision].count { !$0.isHostLocal }
        let rendered = session.committed.count { !$0.isHostLocal }
        guard let all = whole.arrayValue, let tail = since.arrayValue, tail.count == rendered - renderedBefore,
            all.count == rendered, all[renderedBefore...].elementsEqual(tail)
        else {
            return fail(.sinceRendering, "rendering committed[\(revision)...] as responses is not the suffix of the whole rendering")
        }
        let label = "committed[\(revision)...], on its own,"
        judge(BodyRules.findings(of: session.committed[revision...], formats: [.responses], label: label, schemaFrom: Int.max), as: .sinceRendering)
    }

    // MARK: The end

    /// Closing hands back exactly what was left: early outputs whose call never came are
    /// orphans; outputs whose call is held are held with it, in arrival order. Every commit
    /// boundary gives a suffix (the steps checked the boundaries they ended at; this checks the
    /// others too).
    mutating func finish() {
        let heldCallIds = Set(session.held.compactMap { $0.item.callKind != nil ? $0.item.callId : nil })
        let orphans = session.early.filter { !heldCallIds.contains($0.item.callId ?? "") }.map(\.item)
        let held = (session.held + session.early.filter { heldCallIds.contains($0.item.callId ?? "") })
            .sorted { $0.arrival < $1.arrival }.map(\.item)
        let pending = session.pendingCallIds
        let closed = session.close()
        count("orphan at close", closed.orphans.count)
        guard checking else { return }
        if closed != CloseOutcome(orphans: orphans, pending: pending, held: held) {
            fail(.accounting, "close returned \(closed), but the session held orphans \(orphans.map(\.value)), pending \(pending), held \(held.map(\.value))")
        }
        if everyFormat {
            // Chat messages by the published schema, once, on the final array.
            let label = "the final committed array (revision \(session.revision))"
            judge(BodyRules.findings(of: session.committed, formats: [.chat], label: label, schemaFrom: Int.max), as: .validity)
        }
        let whole = Renderer.render(session.committed, as: .responses)
        for revision in 0...session.revision where session.isCommitBoundary(revision) && !revisions.contains(revision) {
            checkSuffix(from: revision, whole: whole)
        }
    }
}

import Testing
@testable import SequencerCore

/// Properties of ``Sequencer/sequence(_:options:)`` over seeded random whole histories (see
/// ``StreamGenerator/history()``: the values of a random stream, its cancels left out, so that
/// interrupted calls reach the sequencer with no output):
/// - with `synthesize` and `drop`, the result keeps every ``BodyRule`` in every format (our
///   validators, OpenAI's published schema, the Anthropic and Gemini rules), sequencing it again changes nothing and repairs nothing, and every
///   input index is accounted for exactly once (dropped with a repair, or an item of the result);
/// - the calls with no output are exactly the ones synthesized (`synthesize`), dropped (`drop`)
///   or reported as `missing_output` errors (`error`).
///
/// The seeds are split into chunks that run in parallel. A failure names its seed and prints the
/// history (`StreamGenerator(seed:).history()` gives it back); each chunk reports at most three
/// failing seeds.
@Suite("Sequencer properties over seeded random histories")
struct SequencerPropertyTests {
    /// Seeds `0..<seedCount` are checked.
    static let seedCount: UInt64 = 2_000
    /// The seeds are dealt round-robin into this many chunks.
    static let chunkCount = 8
    /// Judging by the published schema is the expensive part (about 2 ms an item with
    /// ``SchemaChecker``, 25 times the rest of the checks): one history in `schemaStride` is
    /// judged by it, spread over the chunks; every other rule judges every history.
    static let schemaStride: UInt64 = 4

    @Test(
        "synthesize and drop: valid in every format, idempotent, every input index accounted for once; error: exactly the unanswered calls",
        arguments: 0..<chunkCount)
    func wholeHistories(chunk: Int) {
        var failingSeeds = 0
        for seed in stride(from: UInt64(chunk), to: Self.seedCount, by: Self.chunkCount) {
            var generator = StreamGenerator(seed: seed)
            let values = generator.history()
            let input = SequencerCheck.Input(values)
            var failures: [String] = []
            var synthesized: [Item]?
            for policy in MissingOutputPolicy.allCases {
                let options = Sequencer.Options(missingOutput: policy)
                let result = Sequencer.sequence(values, options: options)
                var found = SequencerCheck.unansweredCalls(of: result, input: input, policy: policy)
                found += SequencerCheck.accounting(of: result, input: input)
                // Rendering and validating is the expensive part: a `drop` result equal to the
                // `synthesize` one (no call without output) was checked already.
                if policy == .synthesize || (policy == .drop && result.items != synthesized) {
                    found += SequencerCheck.validity(of: result, bySchema: (seed / UInt64(Self.chunkCount)) % Self.schemaStride == 0)
                        .map(\.description)
                    found += SequencerCheck.idempotence(of: result, options: options)
                }
                if policy == .synthesize { synthesized = result.items }
                failures += found.map { "\(policy): \($0)" }
            }
            guard !failures.isEmpty else { continue }
            failingSeeds += 1
            let history = values.enumerated().map { "  [\($0.offset)] \($0.element)" }.joined(separator: "\n")
            #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(4).joined(separator: "\n"))\nhistory:\n\(history)")
            if failingSeeds == 3 { break }
        }
    }
}

// MARK: - The checks

/// The checks on one ``Sequencer/Result``, each returning its failures as sentences.
enum SequencerCheck {
    /// A history, each value parsed once.
    struct Input {
        /// The values, by input index.
        let values: [JSONValue]
        /// The item each value is, `nil` for one that is not an item.
        let items: [Item?]

        init(_ values: [JSONValue]) {
            self.values = values
            items = values.map { try? Item($0) }
        }
    }

    /// Every ``BodyRule`` in every format; the published schema's only when `bySchema`.
    static func validity(of result: Sequencer.Result, bySchema: Bool) -> [BodyFinding] {
        BodyRules.findings(of: result.items, label: "the result", schemaFrom: bySchema ? 0 : Int.max, chatSchema: bySchema)
    }

    /// Sequencing the result again gives the same items, with no repair and no problem.
    static func idempotence(of result: Sequencer.Result, options: Sequencer.Options) -> [String] {
        let again = Sequencer.sequence(result.items.map(\.value), options: options)
        var failures: [String] = []
        if again.items != result.items {
            let first = zip(again.items, result.items).enumerated().first { $0.element.0 != $0.element.1 }
            failures.append(
                "sequencing the result again changed it: \(result.items.count) items became \(again.items.count); first difference at \(first?.offset ?? min(again.items.count, result.items.count))")
        }
        if !again.repairs.isEmpty {
            failures.append("sequencing the result again made repairs: \(again.repairs.prefix(3).map { "\($0.kind.rawValue) at \($0.index): \($0.message)" })")
        }
        if !again.problems.isEmpty {
            failures.append("sequencing the result again found problems: \(again.problems.prefix(3).map(\.message))")
        }
        return failures
    }

    /// Every input index is in exactly one of: a repair of a dropped kind, or an item of the result.
    ///
    /// The result does not say where each input item went, so the check rebuilds the map:
    /// 1. A repair of a dropped kind (`dropped_*`) claims its input index; it has no result index.
    /// 2. A repair that moves or converts an item (`moved_after_output`, `moved_after_call`,
    ///    `converted_output`) maps its input index to its result index (an early output that was
    ///    also converted has two such repairs, which must agree). The result item must be the
    ///    input item (converted to the kind it now has, when a conversion is reported).
    /// 3. An `inserted_output` repair claims its result index for a synthetic output: its `index`
    ///    is the call's, not an item of its own.
    /// 4. Every other input index is *untouched*, every other result index *free*. Untouched
    ///    items were never held, never early and never converted, so the session committed them
    ///    as they came, in arrival order, with one exception: the outputs of one batch are
    ///    committed in call order, whatever order they came in, and that is not a repair. So an
    ///    untouched output is matched by `call_id` to the free result output with that `call_id`
    ///    (a valid result has one output per `call_id`), and the other untouched items are matched
    ///    to the other free result items in order, one to one, each equal to its input.
    /// Any index claimed twice, left over on either side, or matched to a different item fails.
    static func accounting(of result: Sequencer.Result, input: Input) -> [String] {
        let values = input.values
        var failures: [String] = []
        let items = result.items
        let droppedKinds: Set<Repair.Kind> = [
            .droppedOrphan, .droppedDuplicate, .droppedLate, .droppedConflict, .droppedInvalid, .droppedCall, .droppedReasoning,
            .droppedWrongKind,
        ]
        let placingKinds: Set<Repair.Kind> = [.movedAfterOutput, .movedAfterCall, .convertedOutput]

        let sorted = result.repairs.sorted { ($0.index, $0.resultIndex ?? Int.max) < ($1.index, $1.resultIndex ?? Int.max) }
        if sorted != result.repairs {
            failures.append("the repairs are not ordered by input index")
        }

        var dropped: [Int: Repair.Kind] = [:]
        var placed: [Int: Int] = [:]
        var converted: Set<Int> = []
        var claimed: [Int: String] = [:]
        for repair in result.repairs {
            guard values.indices.contains(repair.index) else {
                failures.append("\(repair.kind.rawValue) names input index \(repair.index), outside the input")
                continue
            }
            if droppedKinds.contains(repair.kind) {
                if repair.resultIndex != nil {
                    failures.append("\(repair.kind.rawValue) of input \(repair.index) has a result index")
                }
                if let other = dropped[repair.index] {
                    failures.append("input \(repair.index) is dropped twice: \(other.rawValue) and \(repair.kind.rawValue)")
                }
                dropped[repair.index] = repair.kind
            } else if placingKinds.contains(repair.kind) {
                guard let resultIndex = repair.resultIndex, items.indices.contains(resultIndex) else {
                    failures.append("\(repair.kind.rawValue) of input \(repair.index) has no result index in the result")
                    continue
                }
                if let other = placed[repair.index], other != resultIndex {
                    failures.append("input \(repair.index) is placed at result \(other) and at result \(resultIndex)")
                }
                placed[repair.index] = resultIndex
                if repair.kind == .convertedOutput { converted.insert(repair.index) }
            } else if repair.kind == .insertedOutput {
                failures += checkInserted(repair, items: items, input: input)
                if let resultIndex = repair.resultIndex {
                    if let other = claimed[resultIndex] {
                        failures.append("result \(resultIndex) is claimed twice: \(other) and an inserted output")
                    }
                    claimed[resultIndex] = "inserted output for \(repair.callId ?? "?")"
                }
            }
        }
        for (index, kind) in dropped where placed[index] != nil {
            failures.append("input \(index) is both dropped (\(kind.rawValue)) and placed at result \(placed[index]!)")
        }
        for (index, resultIndex) in placed.sorted(by: { $0.key < $1.key }) {
            if let other = claimed[resultIndex] {
                failures.append("result \(resultIndex) is claimed twice: \(other) and input \(index)")
            }
            claimed[resultIndex] = "input \(index)"
            guard let original = input.items[index] else {
                failures.append("input \(index) is not an item, yet it is placed at result \(resultIndex)")
                continue
            }
            let item = items[resultIndex]
            let expected = converted.contains(index) ? item.outputKind.map(original.converted(to:)) : original
            if item != expected {
                failures.append("result \(resultIndex) should be input \(index) \(values[index]), but it is \(item.value)")
            }
        }

        // Untouched inputs against free result positions.
        var freeOutputs: [String: Int] = [:]
        var freeOthers: [Int] = []
        for position in items.indices where claimed[position] == nil {
            if items[position].outputKind != nil, let callId = items[position].callId {
                if freeOutputs[callId] != nil {
                    failures.append("the result has two outputs for \(callId)")
                }
                freeOutputs[callId] = position
            } else {
                freeOthers.append(position)
            }
        }
        var untouchedOthers: [Int] = []
        for index in values.indices where dropped[index] == nil && placed[index] == nil {
            guard let item = input.items[index] else {
                failures.append("input \(index) \(values[index]) is not an item, yet no dropped_invalid repair names it")
                continue
            }
            guard item.outputKind != nil, let callId = item.callId else {
                untouchedOthers.append(index)
                continue
            }
            guard let position = freeOutputs.removeValue(forKey: callId) else {
                failures.append("input \(index) \(values[index]) has no repair and is not in the result")
                continue
            }
            if items[position] != item {
                failures.append("result \(position) should be input \(index) \(values[index]), but it is \(items[position].value)")
            }
        }
        for (callId, position) in freeOutputs {
            failures.append("result \(position), an output for \(callId), comes from no input and no repair")
        }
        if untouchedOthers.count != freeOthers.count {
            failures.append(
                "\(untouchedOthers.count) untouched inputs \(untouchedOthers) but \(freeOthers.count) result items \(freeOthers) with no repair")
        }
        for (index, position) in zip(untouchedOthers, freeOthers) where items[position] != input.items[index] {
            failures.append("untouched items changed order: result \(position) is \(items[position].value), but the next untouched input is \(index) \(values[index])")
            break
        }
        return failures
    }

    /// An inserted output answers the call at its `index`, with the `lost` text, at its `resultIndex`.
    private static func checkInserted(_ repair: Repair, items: [Item], input: Input) -> [String] {
        guard let resultIndex = repair.resultIndex, items.indices.contains(resultIndex) else {
            return ["inserted_output for \(repair.callId ?? "?") has no result index in the result"]
        }
        let output = items[resultIndex]
        guard let call = input.items[repair.index], let kind = call.callKind, let callId = call.callId,
            callId == repair.callId
        else {
            return ["inserted_output at result \(resultIndex) names input \(repair.index), which is not the call \(repair.callId ?? "?")"]
        }
        if output != Item.synthetic(answering: kind, callId: callId, reason: .lost, text: SyntheticOutputs.defaults.lost) {
            return ["result \(resultIndex) should be the synthetic lost output for \(callId), but it is \(output.value)"]
        }
        return []
    }

    /// The calls with no output anywhere in the input: each is synthesized (`synthesize`),
    /// dropped (`drop`) or reported as a `missing_output` error (`error`), and no other one.
    ///
    /// A call is the first valid call with its `call_id` (later ones are duplicates or
    /// conflicts); it has an output when any valid output with its `call_id` is in the input,
    /// before or after it, of either kind (an early output waits for it, a wrong kind is converted).
    static func unansweredCalls(of result: Sequencer.Result, input: Input, policy: MissingOutputPolicy) -> [String] {
        var calls: [String: (index: Int, kind: CallKind)] = [:]
        var answered: Set<String> = []
        for (index, item) in input.items.enumerated() {
            guard let item, let callId = item.callId else { continue }
            if let kind = item.callKind, calls[callId] == nil { calls[callId] = (index, kind) }
        }
        // An output answers its call when it is of a type the call's kind takes (or converts
        // to); an output of another type is reported as wrong_kind and answers nothing.
        for item in input.items {
            guard let item, let callId = item.callId, let outputKind = item.outputKind, let call = calls[callId] else { continue }
            if Session.answers(outputKind, call.kind) { answered.insert(callId) }
        }
        let expected = calls.filter { !answered.contains($0.key) }
        let named: [(callId: String?, index: Int)]
        switch policy {
        case .synthesize:
            // A kind with no honest synthetic output (computer_call) is dropped instead.
            named = result.repairs.filter { $0.kind == .insertedOutput || ($0.kind == .droppedCall) }.map { ($0.callId, $0.index) }
        case .drop:
            named = result.repairs.filter { $0.kind == .droppedCall }.map { ($0.callId, $0.index) }
        case .error:
            named = result.problems.map { ($0.callId, $0.index) }
            var failures: [String] = []
            for problem in result.problems {
                guard let callId = problem.callId, let call = expected[callId] else { continue }
                let text = "No tool output found for \(call.kind.displayName) \(callId)."
                if problem.code != .missingOutput || problem.severity != .error || problem.message != text {
                    failures.append("the problem for \(callId) is \(problem.severity) \(problem.code.rawValue) \"\(problem.message)\", expected error missing_output \"\(text)\"")
                }
            }
            if !failures.isEmpty { return failures }
        }
        let got = named.map { "\($0.callId ?? "nil")@\($0.index)" }.sorted()
        let want = expected.map { "\($0.key)@\($0.value.index)" }.sorted()
        guard got == want else {
            return ["with \(policy), the unanswered calls named are \(got), expected \(want)"]
        }
        if policy != .error && !result.problems.isEmpty {
            return ["with \(policy), the result has problems: \(result.problems.map(\.message))"]
        }
        return []
    }
}

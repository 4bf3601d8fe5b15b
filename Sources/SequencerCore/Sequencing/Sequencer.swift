/// The one-shot sequencer, for hosts that keep the history themselves and send it whole.
public enum Sequencer {
    /// How ``sequence(_:options:)`` closes calls and what it writes in synthetic outputs.
    public struct Options: Sendable, Equatable {
        /// What to do with calls that never got an output.
        public var missingOutput: MissingOutputPolicy
        /// The texts of synthetic outputs.
        public var syntheticOutputs: SyntheticOutputs
        /// The call kinds items are read with.
        public var kinds: CallKindTable

        /// Options with the given policy, texts and call kinds.
        public init(missingOutput: MissingOutputPolicy = .synthesize, syntheticOutputs: SyntheticOutputs = .defaults,
                    kinds: CallKindTable = .builtIn) {
            self.missingOutput = missingOutput
            self.syntheticOutputs = syntheticOutputs
            self.kinds = kinds
        }
    }

    /// The sequenced array and what it took to make it.
    public struct Result: Sendable, Equatable {
        /// The valid array.
        public var items: [Item]
        /// Every change made, ordered by the index in the input of the item concerned.
        public var repairs: [Repair]
        /// With ``MissingOutputPolicy/error``: one `missing_output` problem per unanswered call
        /// (its index is the call's index in the input). Empty otherwise.
        public var problems: [Problem]
        /// Each unknown item type, once (its arrival is the index of its first item).
        public var warnings: [Warning]
        /// The calls closed with a synthetic output, and why (`interrupted` where a recorded
        /// cancellation closed them, `lost` where their response ended without an output).
        public var closedCalls: [String: CancelReason]
        /// The work the session rules did for it (``Session/operationCount``): at most 3 per item,
        /// whatever the history's shape.
        public var operationCount: Int
    }

    /// Runs the ``Session`` rules over a whole history and closes every call left without output.
    ///
    /// The result is valid for every provider, and sequencing it again changes nothing:
    /// `sequence(sequence(x).items) == sequence(x).items`, with no repairs the second time.
    /// - Parameters:
    ///   - values: The history, in order, as JSON.
    ///   - options: The missing-output policy and synthetic texts.
    public static func sequence(_ values: [JSONValue], options: Options = Options()) -> Result {
        let kinds = options.kinds  // not `options.kinds` in the closure: that copies the table per item
        return sequence(values.map { Session.Submitted($0, kinds: kinds) }, cancellations: [], options: options)
    }

    /// One step of a recorded history.
    public enum Event: Sendable, Equatable {
        /// An item arrived.
        case item(JSONValue)
        /// The host cancelled every pending call (for example, the user interrupted the turn).
        case cancel(CancelReason)
    }

    /// Runs the ``Session`` rules over a recorded history in which cancellations are marked
    /// (such as a Codex rollout's `turn_aborted` events), then closes every call left without
    /// output as ``sequence(_:options:)`` does. Indices in the result count items only.
    public static func sequence(events: [Event], options: Options = Options()) -> Result {
        var submissions: [Session.Submitted] = []
        submissions.reserveCapacity(events.count)
        let kinds = options.kinds
        var cancellations: [Cancellation] = []
        for event in events {
            switch event {
            case .item(let value): submissions.append(Session.Submitted(value, kinds: kinds))
            case .cancel(let reason): cancellations.append(Cancellation(after: submissions.count, reason: reason))
            }
        }
        return sequence(submissions, cancellations: cancellations, options: options)
    }

    /// A cancellation in a recorded history: after how many items it came, and why.
    private struct Cancellation {
        let after: Int
        let reason: CancelReason
    }

    /// Both entry points' work, on the items each value makes (each read once).
    private static func sequence(
        _ submissions: [Session.Submitted], cancellations: [Cancellation], options: Options
    ) -> Result {
        var session = Session(syntheticOutputs: options.syntheticOutputs, kinds: options.kinds)
        // The array ends about as long as the history: grow it once, not by doubling.
        session.committed.reserveCapacity(submissions.count + submissions.count / 8)
        session.provenance.reserveCapacity(submissions.count + submissions.count / 8)
        var lostCalls: Session.LostCalls? = Session.LostCalls(policy: options.missingOutput, ids: callsWithoutOutput(submissions))
        var reports: [Report] = []
        var warnings: [Warning] = []
        var submitted = 0
        for cancellation in cancellations {
            let outcome = session.submit(submissions[submitted..<cancellation.after], lostCalls: &lostCalls)
            reports += outcome.reports
            warnings += outcome.warnings
            submitted = cancellation.after
            reports += session.cancel(reason: cancellation.reason, lostCalls: &lostCalls).reports
        }
        let outcome = session.submit(submissions[submitted...], lostCalls: &lostCalls)
        reports += outcome.reports
        warnings += outcome.warnings
        // Calls still pending at the end are closed the same way, batch after batch.
        while session.openBatch != nil {
            var log = Session.Log()
            session.closeLostCalls(&lostCalls, &log)
            session.drainHeld(&log, &lostCalls)
            reports += log.reports
        }
        var problems: [Problem] = []
        if options.missingOutput == .error {
            problems = (lostCalls?.closed ?? []).map { call in
                Problem(code: .missingOutput, severity: .error, index: call.arrival, callId: call.callId,
                        message: "No tool output found for \(call.kind.displayName) \(call.callId).")
            }
        }
        let orphans = session.early
        _ = session.close()

        var items = session.committed
        var provenance = session.provenance
        var repairs: [Repair] = []
        let droppedCalls = reports.filter { $0.reason == .droppedCall }.map(\.arrival)
        let droppedReasoning = reasoningLeadingOnlyInto(droppedCalls, in: submissions)
        if !droppedReasoning.isEmpty {
            var kept: [Item] = []
            var keptProvenance: [Session.Provenance] = []
            for (item, origin) in zip(items, provenance) {
                if let arrival = origin.arrival, droppedReasoning.contains(arrival) {
                    repairs.append(Repair(
                        kind: .droppedReasoning, callId: nil, index: arrival, resultIndex: nil,
                        message: "reasoning dropped: it led only into calls that were dropped for having no output"))
                } else {
                    kept.append(item)
                    keptProvenance.append(origin)
                }
            }
            items = kept
            provenance = keptProvenance
        }
        repairs += repairsMade(items: items, provenance: provenance, calls: session.calls)
        for orphan in orphans {
            repairs.append(Repair(
                kind: .droppedOrphan, callId: orphan.item.callId, index: orphan.arrival, resultIndex: nil,
                message: "\(orphan.item.type) dropped: no call with call_id \(orphan.item.callId ?? "") came"))
        }
        for report in reports {
            repairs.append(Repair(
                kind: repairKind(for: report.reason), callId: report.callId, index: report.arrival, resultIndex: nil,
                message: report.message))
        }
        repairs.sort { ($0.index, $0.resultIndex ?? Int.max) < ($1.index, $1.resultIndex ?? Int.max) }
        var closedCalls: [String: CancelReason] = [:]
        for index in items.indices {
            if let reason = provenance[index].synthetic, let callId = items[index].callId { closedCalls[callId] = reason }
        }
        return Result(items: items, repairs: repairs, problems: problems, warnings: warnings, closedCalls: closedCalls,
                      operationCount: session.operationCount)
    }

    /// The `call_id`s of calls that no output anywhere in `items` answers. A value that is not a
    /// valid item answers nothing: the session refuses it.
    ///
    /// - Complexity: O(n): one dictionary insertion per call and one lookup per output.
    static func callsWithoutOutput(_ items: [Session.Submitted]) -> Set<String> {
        // The first call of each `call_id`, as the session keeps it; then every output that
        // answers it, wherever it is, takes it off.
        var unanswered: [String: CallKind] = [:]
        unanswered.reserveCapacity(items.count / 2)
        for index in items.indices {
            guard case .call(let callId, let kind) = items[index].pairing else { continue }
            if unanswered[callId] == nil { unanswered[callId] = kind }
        }
        for index in items.indices where !unanswered.isEmpty {
            guard case .output(let callId, let outputKind) = items[index].pairing, let found = unanswered.index(forKey: callId),
                  Session.answers(outputKind, unanswered.values[found]) else { continue }
            unanswered.remove(at: found)
        }
        return Set(unanswered.keys)
    }

    /// The repairs visible in the committed array itself: synthetic, moved and converted items.
    private static func repairsMade(
        items: [Item], provenance: [Session.Provenance], calls: [String: Session.CallRecord]
    ) -> [Repair] {
        var repairs: [Repair] = []
        // Indices, not `zip`: the standard library's iterators copy each item through generic
        // code, and most items (neither moved, converted nor made) are not copied at all.
        for resultIndex in items.indices where provenance[resultIndex].isRepair {
            let origin = provenance[resultIndex]
            let item = items[resultIndex]
            let callId = item.callId
            if let reason = origin.synthetic {
                let callIndex = callId.flatMap { calls[$0]?.arrival } ?? 0
                repairs.append(Repair(
                    kind: .insertedOutput, callId: callId, index: callIndex, resultIndex: resultIndex,
                    message: "\(item.type) inserted for \(callId ?? ""), which had no output (\(reason.rawValue))"))
                continue
            }
            guard let arrival = origin.arrival else { continue }
            if origin.wasHeld {
                repairs.append(Repair(
                    kind: .movedAfterOutput, callId: callId, index: arrival, resultIndex: resultIndex,
                    message: "\(describe(item)) moved after the outputs of the calls pending when it arrived"))
            }
            if origin.wasEarly {
                repairs.append(Repair(
                    kind: .movedAfterCall, callId: callId, index: arrival, resultIndex: resultIndex,
                    message: "\(item.type) moved after its call \(callId ?? ""), which came later"))
            }
            if let from = origin.convertedFrom {
                repairs.append(Repair(
                    kind: .convertedOutput, callId: callId, index: arrival, resultIndex: resultIndex,
                    message: "\(from.type) converted to \(item.type): \(callId ?? "") is a \(calls[callId ?? ""]?.call.type ?? "call")"))
            }
        }
        return repairs
    }

    /// The arrivals of reasoning items whose part of a model response holds only dropped calls.
    ///
    /// A reasoning item leads into the model-side items after it, up to the next reasoning
    /// item or the next item that is not model-side.
    private static func reasoningLeadingOnlyInto(_ droppedArrivals: [Int], in items: [Session.Submitted]) -> Set<Int> {
        guard !droppedArrivals.isEmpty else { return [] }
        let dropped = Set(droppedArrivals)
        var result: Set<Int> = []
        let kinds = items.map { $0.item?.kind }
        for (index, kind) in kinds.enumerated() where kind == .reasoning {
            var ledIntoDropped = false
            var ledIntoOther = false
            var next = index + 1
            while next < kinds.count, let nextKind = kinds[next], nextKind.isModelSide, nextKind != .reasoning {
                if dropped.contains(next) { ledIntoDropped = true } else { ledIntoOther = true }
                next += 1
            }
            if ledIntoDropped && !ledIntoOther { result.insert(index) }
        }
        return result
    }

    private static func describe(_ item: Item) -> String {
        if let role = item.role { return "\(role.rawValue) message" }
        if let callId = item.callId { return "\(item.type) \(callId)" }
        return item.type
    }

    private static func repairKind(for reason: ReportReason) -> Repair.Kind {
        switch reason {
        case .duplicate: .droppedDuplicate
        case .late: .droppedLate
        case .conflict: .droppedConflict
        case .invalid: .droppedInvalid
        case .orphan: .droppedOrphan
        case .wrongKind: .droppedWrongKind
        case .droppedCall: .droppedCall
        case .droppedReasoning: .droppedReasoning
        }
    }
}

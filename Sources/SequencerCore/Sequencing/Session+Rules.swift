// The sequencing rules, one function per rule; see `Session` for the rules in prose, and
// protocol/README.md ("The rules") for the contract. Every item is processed O(1) times
// amortized, whatever the interleaving (see `releaseHeld`).

extension Session {
    /// Submits items in arrival order.
    ///
    /// Values that are not valid items are reported as `invalid`; the others are processed.
    /// - Parameters:
    ///   - values: The items, as JSON.
    ///   - time: The caller's clock (any monotonic unit); recorded for timelines and ages.
    /// - Returns: What was committed and what was reported.
    /// - Complexity: O(n) amortized in the items submitted and released.
    public mutating func submit(_ values: [JSONValue], at time: UInt64 = 0) -> SubmitOutcome {
        submit(values, bytes: values.reduce(0) { $0 + $1.serializedCount }, at: time)
    }

    /// ``submit(_:at:)`` for a caller that has counted the values' bytes already.
    /// - Precondition: `itemBytes` is the sum of the values' ``JSONValue/serializedCount``
    ///   (checked in debug builds).
    package mutating func submit(_ values: [JSONValue], bytes itemBytes: Int, at time: UInt64) -> SubmitOutcome {
        assert(itemBytes == values.reduce(0) { $0 + $1.serializedCount }, "itemBytes is not the values' size")
        var noLostCalls: LostCalls?
        let kinds = self.kinds
        // A session keeps its items: over the request's buffer only while that buffer is not
        // much larger than the items themselves, and over storage of their own otherwise (a
        // request whose other members are large must not stay alive through its items).
        return submit(values.lazy.map { Submitted($0, kinds: kinds) }, at: time,
                      retainLimit: 2 * itemBytes + Session.retainSlack, lostCalls: &noLostCalls)
    }

    /// A submitted value with the item it makes, or why it makes none.
    struct Submitted {
        let reading: Reading
        /// For a call or an output, its key and kind, read out of the item once: finding the
        /// calls that never get an output then copies no item.
        let pairing: Pairing

        /// The item a value makes, or the value and why it makes none. (Not a `Result`: a
        /// generic enum is copied through its runtime witnesses, which on a long history costs
        /// more than the rules themselves.) A valid value is kept once, as its item.
        enum Reading {
            case item(Item)
            case invalid(JSONValue, ItemError)
        }

        /// What pairing needs of a call or an output.
        enum Pairing {
            case none
            case call(key: String, CallKind)
            case output(key: String, OutputKind)
        }

        /// The item, if the value is a valid one.
        var item: Item? {
            if case .item(let item) = reading { return item }
            return nil
        }

        init(_ value: JSONValue, kinds: CallKindTable) {
            do throws(ItemError) {
                let item = try Item(value, kinds: kinds)
                switch item.kind {
                case .call(let kind): pairing = .call(key: item.callId ?? "", kind)
                case .output(let kind): pairing = .output(key: item.callId ?? "", kind)
                default: pairing = .none
                }
                reading = .item(item)
            } catch {
                reading = .invalid(value, error)
                pairing = .none
            }
        }
    }

    /// ``submit(_:at:)`` for values taken as items, each read once (the one-shot sequencer
    /// reads them ahead, for this and for finding the calls that never get an output), closing
    /// lost calls by `lostCalls` when the one-shot sequencer passes them. An item whose storage
    /// is larger than `retainLimit` bytes is kept over storage of its own.
    mutating func submit(
        _ values: some Collection<Submitted>, at time: UInt64 = 0, retainLimit: Int = .max, lostCalls: inout LostCalls?
    ) -> SubmitOutcome {
        let before = revision
        now = time
        var log = Log()
        for index in values.indices {
            let arrival = nextArrival
            nextArrival += 1
            switch values[index].reading {
            case .item(let item):
                let entry = item.retainedStorageCount > retainLimit
                    ? Entry(item: item.owningItsStorage(), arrival: arrival, time: time)
                    : Entry(item: item, arrival: arrival, time: time)
                warnIfUnknown(entry.item, arrival: arrival, &log)
                take(entry, &log, &lostCalls)
            case .invalid(let value, let error):
                let report = Report(
                    reason: .invalid, callId: value["call_id"]?.stringValue, item: value,
                    arrival: arrival, flushed: false, message: error.message)
                log.reports.append(report)
                reportLog.append(ReportRecord(arrival: arrival, reason: .invalid, callId: report.callId, time: time, message: report.message))
            }
        }
        verifyInvariantsInDebug()
        return SubmitOutcome(committed: revision - before, reports: log.reports, conversions: log.conversions, warnings: log.warnings)
    }

    /// Closes pending calls with synthetic outputs whose text says why; a call of a kind with no
    /// honest synthetic output (`computer_call`) is left out instead, with the reasoning that led
    /// only into it, and both are reported (`dropped_call`, `dropped_reasoning`).
    ///
    /// - Parameters:
    ///   - callIds: The calls to close; `nil` closes every call pending now.
    ///   - reason: Why their outputs are missing; picks the synthetic text.
    ///   - time: The caller's clock.
    /// - Returns: The calls closed, the calls left out, the named calls that were not pending,
    ///   and what the commit of the batch (and the items held behind it) did.
    public mutating func cancel(_ callIds: [String]? = nil, reason: CancelReason, at time: UInt64 = 0) -> CancelOutcome {
        var noLostCalls: LostCalls?
        return cancel(callIds, reason: reason, at: time, lostCalls: &noLostCalls)
    }

    /// ``cancel(_:reason:at:)`` within one-shot sequencing, closing lost calls by `lostCalls`.
    mutating func cancel(_ callIds: [String]? = nil, reason: CancelReason, at time: UInt64 = 0, lostCalls: inout LostCalls?) -> CancelOutcome {
        let before = revision
        now = time
        var log = Log()
        var cancelled: [String] = []
        var dropped: [String] = []
        var notPending: [String] = []
        var seen: Set<String> = []
        for callId in callIds ?? pendingCallIds where seen.insert(callId).inserted {
            switch closeWithSyntheticOutput(callId, reason: reason, at: time) {
            case .closed: cancelled.append(callId)
            case .noHonestOutput: dropped.append(callId)
            case .notPending: notPending.append(callId)
            }
        }
        for entry in dropCalls(Set(dropped)) {
            report(entry, entry.item.callId == nil ? .droppedReasoning : .droppedCall, Session.droppedMessage(entry.item), &log)
        }
        commitIfComplete()
        drainHeld(&log, &lostCalls)
        verifyInvariantsInDebug()
        return CancelOutcome(
            cancelled: cancelled, dropped: dropped, notPending: notPending, committed: revision - before,
            reports: log.reports, conversions: log.conversions)
    }

    /// Ends the session and hands back what never made it into the array.
    public mutating func close() -> CloseOutcome {
        // Outputs whose call is held are not orphans: they wait, with their call, behind the batch.
        let waiting = early
        let orphans = waiting.filter { calls[$0.item.callId ?? ""]?.state != .held }
        let heldOutputs = waiting.filter { calls[$0.item.callId ?? ""]?.state == .held }
        let held = (heldEntries[heldHead...].map { ($0.arrival, $0.item) } + heldOutputs.map { ($0.arrival, $0.item) })
            .sorted { $0.0 < $1.0 }.map(\.1)
        earlyEntries = [:]
        return CloseOutcome(orphans: orphans.map(\.item), pending: pendingCallIds, held: held)
    }

    /// The bytes beyond twice its items' own that a submit's buffer may have and still be kept
    /// by them.
    public static let retainSlack = 4096

    static func droppedMessage(_ item: Item) -> String {
        if let callId = item.callId {
            return "\(item.type) \(callId) left out: no honest synthetic output exists for a \(item.type), and it has no output"
        }
        return "reasoning left out: it led only into calls that were left out for having no output"
    }
}

// MARK: - Processing

extension Session {
    /// What processing reports back to the caller.
    struct Log {
        var reports: [Report] = []
        var conversions: [Conversion] = []
        var warnings: [Warning] = []
    }

    /// Takes one newly submitted entry, then whatever its commit released.
    mutating func take(_ entry: Entry, _ log: inout Log, _ lostCalls: inout LostCalls?) {
        while !process(entry, &log, &lostCalls) {
            // The lost calls of the open batch were closed first: take the entry after what
            // that commit released, as it arrived after them. (Each turn commits a batch.)
            drainHeld(&log, &lostCalls)
        }
        drainHeld(&log, &lostCalls)
    }

    /// Warns, once per session, about an item whose type the session's table does not know.
    mutating func warnIfUnknown(_ item: Item, arrival: Int, _ log: inout Log) {
        guard !item.isKnownType, warnedTypes.insert(item.type).inserted else { return }
        log.warnings.append(Warning(
            code: .unknownType, type: item.type, arrival: arrival,
            message: "unknown item type \"\(item.type)\": passed through as it is, as a model-side item that needs no output; declare it in callKinds if a host runs it"))
    }

    /// The hold rule, the one place that decides whether `item` waits in the held queue if it
    /// is processed now:
    /// - no batch open: nothing is held;
    /// - outputs are never held (they join their batch, or wait as early outputs);
    /// - a batch with no output yet takes model-side items and holds host-side ones;
    /// - a batch with an output holds everything else: its model response has ended.
    func wouldHold(_ item: Item) -> Bool {
        guard let batch = openBatch else { return false }
        switch item.kind {
        case .output: return false
        default: return batch.hasOutput || item.kind.isHostSide
        }
    }

    /// Processes the held queue again after a commit, until nothing was committed since.
    ///
    /// Items are taken from the front in arrival order. Once the open batch has an output, every
    /// item left would be held again (the queue holds no outputs), so they are left in place
    /// untouched: an item is processed again only after a commit, and a host-side item held
    /// again behind a batch without output is committed at the next release, so every item is
    /// processed O(1) times amortized.
    mutating func drainHeld(_ log: inout Log, _ lostCalls: inout LostCalls?) {
        while needsRelease {
            needsRelease = false
            releaseHeld(&log, &lostCalls)
        }
    }

    private mutating func releaseHeld(_ log: inout Log, _ lostCalls: inout LostCalls?) {
        var again: [Entry] = []
        while heldHead < heldEntries.count {
            if let batch = openBatch, batch.hasOutput, !(lostCalls?.canClose(batch) ?? false) { break }
            var entry = heldEntries[heldHead]
            entry.heldBehind = entry.heldBehind?.through(queueHeldBehind)
            heldHead += 1
            let countBefore = heldEntries.count
            let processed = process(entry, &log, &lostCalls, requeue: &again)
            if !processed { heldHead -= 1 }  // lost calls were closed first; take it again
            if needsRelease || !processed {
                // A commit: what was held again goes back in front, before the rest.
                needsRelease = false
                putBack(&again)
            }
            assert(heldEntries.count == countBefore, "the release path appends nothing to the queue")
        }
        putBack(&again)
        // Every item left waits behind the open batch, if any (the queue is empty otherwise).
        queueHeldBehind = openBatch?.id
        if heldHead < heldEntries.count { openBatch?.heldAny = true }
        if heldHead > 0 && heldHead * 2 >= heldEntries.count {
            heldEntries.removeSubrange(..<heldHead)
            heldHead = 0
        }
    }

    /// Puts items held again during a release back in front of the queue, in their order.
    private mutating func putBack(_ again: inout [Entry]) {
        guard !again.isEmpty else { return }
        assert(again.count <= heldHead, "items held again fit in the slots they were taken from")
        heldHead -= again.count
        for (offset, entry) in again.enumerated() {
            heldEntries[heldHead + offset] = entry
        }
        again.removeAll(keepingCapacity: true)
    }

    /// Processes one entry by the rules; `false` when it was not processed because the open
    /// batch's lost calls had to be closed first (one-shot sequencing).
    @discardableResult
    mutating func process(_ entry: Entry, _ log: inout Log, _ lostCalls: inout LostCalls?) -> Bool {
        var direct: [Entry] = []
        let processed = process(entry, &log, &lostCalls, requeue: &direct)
        for held in direct { hold(held) }
        return processed
    }

    private mutating func process(
        _ entry: Entry, _ log: inout Log, _ lostCalls: inout LostCalls?, requeue: inout [Entry]
    ) -> Bool {
        if let batch = openBatch, lostCalls?.canClose(batch) ?? false, wouldHold(entry.item) {
            // The model response ends here, and its unanswered calls will never get an output.
            closeLostCalls(&lostCalls, &log)
            return false
        }
        operationCount += 1
        switch entry.item.kind {
        case .call(let kind):
            processCall(entry, kind: kind, &log, &lostCalls, requeue: &requeue)
        case .output:
            processOutput(entry, &log)
        default:
            if openBatch == nil {
                commitLoose(entry)
            } else if wouldHold(entry.item) {
                requeue.append(heldEntry(entry))
            } else {
                openBatch?.model.append(entry)
            }
        }
        return true
    }

    mutating func processCall(
        _ entry: Entry, kind: CallKind, _ log: inout Log, _ lostCalls: inout LostCalls?, requeue: inout [Entry]
    ) {
        let callId = entry.item.callId ?? ""
        let known = calls.index(forKey: callId)
        if let known, !(calls.values[known].state == .held && calls.values[known].arrival == entry.arrival) {
            let record = calls.values[known]
            let reason: ReportReason = record.call.value == entry.submitted ? .duplicate : .conflict
            let message = reason == .duplicate
                ? "\(entry.item.type) \(callId) was already submitted; this identical copy was not added again"
                : "call_id \(callId) was already used by an earlier \(record.call.type) with different content; this \(entry.item.type) was not added"
            return report(entry, reason, message, &log)
        }
        if known == nil { callOrder.append(callId) }
        if wouldHold(entry.item) {
            calls[callId] = CallRecord(call: entry.item, arrival: entry.arrival, submittedAt: entry.time, state: .held)
            return requeue.append(heldEntry(entry))
        }
        if openBatch == nil {
            openBatch = OpenBatch(id: nextBatchId, openedAt: entry.time)
            nextBatchId += 1
        }
        var record = CallRecord(call: entry.item, arrival: entry.arrival, submittedAt: entry.time, state: .pending)
        record.batchSlot = openBatch?.callIds.count ?? 0
        calls[callId] = record
        openBatch?.model.append(entry)
        openBatch?.callIds.append(callId)
        openBatch?.outputs.append(nil)
        openBatch?.unanswered += 1
        if lostCalls?.ids.contains(callId) ?? false { openBatch?.unansweredLost += 1 }
        if !earlyEntries.isEmpty, let found = calls.index(forKey: callId), let early = earlyEntries.removeValue(forKey: callId) {
            attach(early, to: kind, record: found, &log)
        }
        commitIfComplete()
    }

    mutating func processOutput(_ entry: Entry, _ log: inout Log) {
        let callId = entry.item.callId ?? ""
        guard let found = calls.index(forKey: callId) else { return keepEarly(entry, &log) }
        let record = calls.values[found]
        guard record.state != .held, case .call(let kind) = record.call.kind else { return keepEarly(entry, &log) }
        let slot = record.batchSlot  // valid while the call is pending
        switch record.state {
        case .pending where openBatch?.outputs[slot] == nil:
            guard answers(entry.item, kind) else { return reportWrongKind(entry, call: kind, &log) }
            attach(entry, to: kind, record: found, &log)
            commitIfComplete()
        case .pending where openBatch?.outputs[slot]?.synthetic != nil:
            let reason = openBatch?.outputs[slot]?.synthetic ?? .interrupted
            report(entry, .late,
                   "\(callId) was already closed with a synthetic output (\(reason.rawValue)); this real output came too late and was not added",
                   &log)
        case .pending, .answered(synthetic: nil):
            reportRepeatedOutput(entry, previous: record.submittedOutput, &log)
        case .answered(synthetic: let reason?):
            report(entry, .late,
                   "\(callId) was already closed with a synthetic output (\(reason.rawValue)); this real output came too late and was not added",
                   &log)
        case .dropped, .held:
            report(entry, .late, "\(callId) was dropped for having no output; this output came too late and was not added", &log)
        }
    }

    /// Whether `output` can answer a call of `kind`: it is one of the kind's output types, or
    /// both it and the kind's first output type carry a text `output`, so that changing its
    /// `type` converts it.
    func answers(_ output: Item, _ kind: CallKind) -> Bool {
        guard case .output(let outputKind) = output.kind else { return false }
        return Session.answers(outputKind, kind)
    }

    /// ``answers(_:_:)`` by kinds.
    static func answers(_ outputKind: OutputKind, _ kind: CallKind) -> Bool {
        kind.isAnsweredDirectly(by: outputKind.type) || (outputKind.carriesTextOutput && kind.outputKind.carriesTextOutput)
    }

    /// Reports an output that cannot answer its call's kind; the call stays pending.
    mutating func reportWrongKind(_ entry: Entry, call kind: CallKind, _ log: inout Log) {
        let callId = entry.item.callId ?? ""
        report(entry, .wrongKind,
               "\(entry.item.type) cannot answer the \(kind.type) \(callId), which needs \(kind.outputTypes.joined(separator: " or ")); this output was not added and the call is still pending",
               &log)
    }

    /// Keeps an output whose call has not arrived (or is held) until the call is processed.
    mutating func keepEarly(_ entry: Entry, _ log: inout Log) {
        let callId = entry.item.callId ?? ""
        if let existing = earlyEntries[callId] {
            return reportRepeatedOutput(entry, previous: existing.submitted, &log)
        }
        var entry = entry
        if calls[callId]?.state == .held {
            entry.wasHeld = true  // its call is waiting in the held queue: it waits with it
        } else {
            entry.wasEarly = true
        }
        earlyEntries[callId] = entry
    }

    /// Adds an output to the open batch, converting it to the kind its call needs; `record` is
    /// where its call's record is in ``calls``.
    mutating func attach(_ entry: Entry, to callKind: CallKind, record: [String: CallRecord].Index, _ log: inout Log) {
        var entry = entry
        let callId = entry.item.callId ?? ""
        if !answers(entry.item, callKind) {
            // An early output of the wrong kind: it cannot answer; the call stays pending.
            return reportWrongKind(entry, call: callKind, &log)
        }
        if case .output(let arrived) = entry.item.kind, !callKind.isAnsweredDirectly(by: arrived.type) {
            entry.convert(from: arrived, to: callKind.outputKind)
            log.conversions.append(Conversion(
                callId: callId, arrival: entry.arrival, flushed: entry.wasHeld || entry.wasEarly,
                from: arrived, to: callKind.outputKind))
        }
        let answeredAt = max(entry.time, now)
        let slot = updateCall(at: record) { record in
            record.submittedOutput = entry.submitted
            record.answeredAt = answeredAt
            record.outputArrival = entry.arrival
            record.outputWasEarly = entry.wasEarly
            return record.batchSlot
        }
        openBatch?.outputs[slot] = entry
        openBatch?.unanswered -= 1
        openBatch?.hasOutput = true
    }

    /// What ``closeWithSyntheticOutput(_:reason:at:)`` did.
    enum Closing {
        case closed, noHonestOutput, notPending
    }

    /// Answers a pending call with a synthetic output; `.noHonestOutput` when its kind has none
    /// (the caller leaves the call out), `.notPending` if the call is not pending.
    mutating func closeWithSyntheticOutput(_ callId: String, reason: CancelReason, at time: UInt64) -> Closing {
        guard let found = calls.index(forKey: callId), calls.values[found].state == .pending,
              case .call(let kind) = calls.values[found].call.kind, let slot = batchSlot(ofRecordAt: found),
              openBatch?.outputs[slot] == nil
        else { return .notPending }
        guard let item = Item.synthetic(answering: kind, callId: callId, reason: reason, text: syntheticOutputs[reason]) else {
            return .noHonestOutput
        }
        openBatch?.outputs[slot] = Entry(item: item, arrival: -1, time: time, synthetic: reason)
        openBatch?.unanswered -= 1
        openBatch?.hasOutput = true
        updateCall(callId) { $0.answeredAt = time }
        return .closed
    }

    /// Removes unanswered calls from the open batch, with every reasoning item of the batch
    /// that led only into removed calls when `withReasoning`, so that the batch can be
    /// committed without them. (Reasoning committed before the call's batch opened stays: the
    /// array is append-only. The one-shot sequencer removes such reasoning from its result.)
    ///
    /// A reasoning item leads into the model items after it in the batch, up to the next
    /// reasoning item.
    /// - Returns: The removed calls and reasoning items, in arrival order.
    mutating func dropCalls(_ callIds: Set<String>, withReasoning: Bool = true) -> [Entry] {
        guard let batch = openBatch else { return [] }
        let removing = callIds.filter { callId in batchSlot(of: callId).map { batch.outputs[$0] == nil } ?? false }
        guard !removing.isEmpty else { return [] }
        func isDropped(_ entry: Entry) -> Bool {
            entry.item.callId.map(removing.contains) ?? false && entry.item.callKind != nil
        }
        var droppedReasoning: Set<Int> = []
        var index = withReasoning ? 0 : batch.model.count
        while index < batch.model.count {
            guard batch.model[index].item.kind == .reasoning else { index += 1; continue }
            var next = index + 1
            var ledIntoDropped = false
            var ledIntoOther = false
            while next < batch.model.count, batch.model[next].item.kind != .reasoning {
                if isDropped(batch.model[next]) { ledIntoDropped = true } else { ledIntoOther = true }
                next += 1
            }
            if ledIntoDropped && !ledIntoOther { droppedReasoning.insert(batch.model[index].arrival) }
            index = next
        }
        let dropped = batch.model.filter { isDropped($0) || droppedReasoning.contains($0.arrival) }
        openBatch?.model.removeAll { isDropped($0) || droppedReasoning.contains($0.arrival) }
        // The calls kept move up to fill the places of those removed.
        let kept = batch.callIds.indices.filter { !removing.contains(batch.callIds[$0]) }
        openBatch?.callIds = kept.map { batch.callIds[$0] }
        openBatch?.outputs = kept.map { batch.outputs[$0] }
        for (slot, index) in kept.enumerated() where slot != index {
            updateCall(batch.callIds[index]) { $0.batchSlot = slot }
        }
        openBatch?.unanswered -= removing.count
        for callId in removing { updateCall(callId) { $0.state = .dropped } }
        return dropped
    }

    /// Commits the open batch if every one of its calls has an output, and marks the held
    /// queue for release.
    mutating func commitIfComplete() {
        guard let batch = openBatch, batch.unanswered == 0 else { return }
        openBatch = nil
        if batch.heldAny { batchCalls[batch.id] = batch.callIds }
        for entry in batch.model {
            append(entry)
        }
        for slot in batch.callIds.indices {
            guard let output = batch.outputs[slot] else { continue }
            append(output)
            updateCall(batch.callIds[slot]) { $0.state = .answered(synthetic: output.synthetic) }
        }
        commitBoundaries.append(revision)
        needsRelease = true
    }

    /// The place of `callId` among the open batch's calls (and outputs), if it is one of them.
    func batchSlot(of callId: String) -> Int? {
        calls.index(forKey: callId).flatMap(batchSlot(ofRecordAt:))
    }

    /// ``batchSlot(of:)`` for the call whose record is at `found` in ``calls``.
    func batchSlot(ofRecordAt found: [String: CallRecord].Index) -> Int? {
        guard let batch = openBatch, calls.values[found].state == .pending else { return nil }
        let slot = calls.values[found].batchSlot
        assert(slot < batch.callIds.count && batch.callIds[slot] == calls.keys[found], "a pending call's slot is its place in the open batch")
        return slot
    }

    /// The output the open batch has for `callId`, if any.
    func batchOutput(for callId: String) -> Entry? {
        batchSlot(of: callId).flatMap { openBatch?.outputs[$0] }
    }

    /// Changes the record of `callId` in place, if there is one. (`calls[callId]?.x = y` would
    /// move the record out of the dictionary and back for every such line.)
    mutating func updateCall(_ callId: String, _ body: (inout CallRecord) -> Void) {
        guard let index = calls.index(forKey: callId) else { return }
        body(&calls.values[index])
    }

    /// Changes the record at `index` of ``calls`` in place, in one access.
    mutating func updateCall<Result>(at index: [String: CallRecord].Index, _ body: (inout CallRecord) -> Result) -> Result {
        body(&calls.values[index])
    }

    /// Commits an item that arrived while no batch was open.
    mutating func commitLoose(_ entry: Entry) {
        append(entry)
        commitBoundaries.append(revision)
    }

    mutating func append(_ entry: Entry) {
        committed.append(entry.item)
        provenance.append(Provenance(
            arrival: entry.synthetic == nil ? entry.arrival : nil, synthetic: entry.synthetic,
            callId: entry.item.callId, wasHeld: entry.wasHeld, wasEarly: entry.wasEarly,
            convertedFrom: entry.convertedFrom, time: entry.time, committedAt: now,
            heldBehind: entry.heldBehind))
    }

    /// `entry` marked as held behind the open batch.
    func heldEntry(_ entry: Entry) -> Entry {
        var entry = entry
        entry.wasHeld = true
        if let batch = openBatch?.id {
            entry.heldBehind = entry.heldBehind?.through(batch) ?? HeldBehind(first: batch, last: batch)
        }
        return entry
    }

    /// Appends `entry` to the held queue.
    mutating func hold(_ entry: Entry) {
        openBatch?.heldAny = true
        heldEntries.append(entry)
    }

    mutating func reportRepeatedOutput(_ entry: Entry, previous: JSONValue?, _ log: inout Log) {
        let callId = entry.item.callId ?? ""
        if let previous, Session.sameOutput(previous, entry.submitted, answering: calls[callId]?.call.callKind) {
            report(entry, .duplicate, "the output of \(callId) was already submitted; this identical copy was not added again", &log)
        } else {
            report(entry, .conflict, "\(callId) already has a different output; this \(entry.item.type) was not added", &log)
        }
    }

    /// Whether two submitted outputs are the same output: identical, or identical once both are
    /// given the kind their call needs (a resubmission of a converted output in its committed form).
    static func sameOutput(_ first: JSONValue, _ second: JSONValue, answering callKind: CallKind?) -> Bool {
        if first == second { return true }
        guard let kind = callKind?.outputKind, var a = first.objectValue, var b = second.objectValue else { return false }
        a["type"] = .string(JSONString(kind.type))
        b["type"] = .string(JSONString(kind.type))
        return a == b
    }

    mutating func report(_ entry: Entry, _ reason: ReportReason, _ message: String, _ log: inout Log) {
        log.reports.append(Report(
            reason: reason, callId: entry.item.callId, item: entry.submitted,
            arrival: entry.arrival, flushed: entry.wasHeld, message: message))
        reportLog.append(ReportRecord(arrival: entry.arrival, reason: reason, callId: entry.item.callId, time: now, message: message))
    }
}

// MARK: - Closing calls whose output never comes (one-shot sequencing)

extension Session {
    /// The one-shot sequencer's state for closing calls whose output never comes: owned by
    /// ``Sequencer``, passed into the session's processing so that the rule runs at the moment
    /// a model response ends.
    struct LostCalls {
        /// How to close them.
        let policy: MissingOutputPolicy
        /// Calls known never to get an output.
        let ids: Set<String>
        /// The calls closed, in order, with their arrival numbers.
        var closed: [(callId: String, arrival: Int, kind: CallKind)] = []

        /// Whether every unanswered call of `batch` is lost, so its response can be closed.
        func canClose(_ batch: OpenBatch) -> Bool {
            batch.unanswered > 0 && batch.unanswered == batch.unansweredLost
        }
    }

    /// Closes the open batch's unanswered calls by the policy and commits the batch.
    mutating func closeLostCalls(_ lostCalls: inout LostCalls?, _ log: inout Log) {
        guard let policy = lostCalls?.policy else { return }
        var leftOut: Set<String> = []
        for callId in pendingCallIds {
            guard let record = calls[callId], case .call(let kind) = record.call.kind else { continue }
            lostCalls?.closed.append((callId, record.arrival, kind))
            switch policy {
            case .synthesize, .error:
                if closeWithSyntheticOutput(callId, reason: .lost, at: now) == .noHonestOutput { leftOut.insert(callId) }
            case .drop:
                leftOut.insert(callId)
            }
        }
        for entry in dropCalls(leftOut, withReasoning: false) {
            if let callId = entry.item.callId {
                let why = policy == .drop ? "" : ", and no honest synthetic output exists for a \(entry.item.type)"
                report(entry, .droppedCall, "\(entry.item.type) \(callId) dropped: it never got an output\(why)", &log)
            } else {
                report(entry, .droppedReasoning, "reasoning dropped: it led only into calls that were dropped for having no output", &log)
            }
        }
        openBatch?.unansweredLost = 0
        commitIfComplete()
    }
}

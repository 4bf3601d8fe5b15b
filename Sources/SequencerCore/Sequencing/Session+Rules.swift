// The sequencing rules, one function per rule. See `Session` for the rules in prose.

extension Session {
    /// Submits items in arrival order.
    ///
    /// Values that are not valid items are reported as `invalid`; the others are processed.
    /// - Parameters:
    ///   - values: The items, as JSON.
    ///   - time: The caller's clock (any monotonic unit); recorded for timelines and ages.
    /// - Returns: What was committed and what was reported.
    public mutating func submit(_ values: [JSONValue], at time: UInt64 = 0) -> SubmitOutcome {
        submit(values.lazy.map(Submitted.init), at: time)
    }

    /// A submitted value with the item it makes, or why it makes none.
    struct Submitted {
        let value: JSONValue
        let item: Result<Item, ItemError>

        init(_ value: JSONValue) {
            self.value = value
            do throws(ItemError) {
                item = .success(try Item(value))
            } catch {
                item = .failure(error)
            }
        }
    }

    /// ``submit(_:at:)`` for values already taken as items (the one-shot sequencer reads each
    /// item once, for this and for finding the calls that never get an output).
    mutating func submit(_ values: some Collection<Submitted>, at time: UInt64 = 0) -> SubmitOutcome {
        let before = revision
        now = time
        var log = Log()
        for submitted in values {
            let arrival = nextArrival
            nextArrival += 1
            switch submitted.item {
            case .success(let item):
                work.append(Entry(item: item, arrival: arrival, time: time, submitted: submitted.value))
                runWork(&log)
            case .failure(let error):
                let value = submitted.value
                let report = Report(
                    reason: .invalid, callId: value["call_id"]?.stringValue, item: value,
                    arrival: arrival, flushed: false, message: error.message)
                log.reports.append(report)
                reportLog.append(ReportRecord(arrival: arrival, reason: .invalid, callId: report.callId, time: time, message: report.message))
            }
        }
        return SubmitOutcome(committed: revision - before, reports: log.reports, conversions: log.conversions)
    }

    /// Closes pending calls with synthetic outputs whose text says why.
    ///
    /// - Parameters:
    ///   - callIds: The calls to close; `nil` closes every call pending now.
    ///   - reason: Why their outputs are missing; picks the synthetic text.
    ///   - time: The caller's clock.
    /// - Returns: The calls closed, the named calls that were not pending, and what the commit
    ///   of the batch (and the items held behind it) did.
    public mutating func cancel(_ callIds: [String]? = nil, reason: CancelReason, at time: UInt64 = 0) -> CancelOutcome {
        let before = revision
        now = time
        var log = Log()
        var cancelled: [String] = []
        var notPending: [String] = []
        var seen: Set<String> = []
        for callId in callIds ?? pendingCallIds where seen.insert(callId).inserted {
            if closeWithSyntheticOutput(callId, reason: reason, at: time) {
                cancelled.append(callId)
            } else {
                notPending.append(callId)
            }
        }
        commitIfComplete()
        runWork(&log)
        return CancelOutcome(
            cancelled: cancelled, notPending: notPending, committed: revision - before,
            reports: log.reports, conversions: log.conversions)
    }

    /// Ends the session and hands back what never made it into the array.
    public mutating func close() -> CloseOutcome {
        // Outputs whose call is held are not orphans: they wait, with their call, behind the batch.
        let waiting = early
        let orphans = waiting.filter { calls[$0.item.callId ?? ""]?.state != .held }
        let heldOutputs = waiting.filter { calls[$0.item.callId ?? ""]?.state == .held }
        let held = (heldEntries.map { ($0.arrival, $0.item) } + heldOutputs.map { ($0.arrival, $0.item) })
            .sorted { $0.0 < $1.0 }.map(\.1)
        earlyEntries = [:]
        return CloseOutcome(orphans: orphans.map(\.item), pending: pendingCallIds, held: held)
    }
}

// MARK: - Processing

extension Session {
    /// What processing reports back to the caller.
    struct Log {
        var reports: [Report] = []
        var conversions: [Conversion] = []
    }

    /// Processes queued entries (new submissions, and held items a commit released) in order.
    mutating func runWork(_ log: inout Log) {
        var cursor = 0
        while cursor < work.count {
            let entry = work[cursor]
            cursor += 1
            let countBefore = work.count
            process(entry, &log)
            if work.count != countBefore {
                // A commit released held items: they go before everything not yet processed.
                let released = Array(work[countBefore...])
                work.removeSubrange(countBefore...)
                work.insert(contentsOf: released, at: cursor)
            }
        }
        work.removeAll(keepingCapacity: true)
    }

    mutating func process(_ entry: Entry, _ log: inout Log) {
        if lostCallPolicy != nil, wouldBeHeld(entry), let batch = openBatch,
           batch.callIds.allSatisfy({ batch.outputs[$0] != nil || lostCallIds.contains($0) }) {
            // The model response ends here, and its unanswered calls will never get an output:
            // close them now, then take this item after whatever the commit releases.
            closeLostCalls()
            work.append(entry)
            return
        }
        switch entry.item.kind {
        case .call(let kind):
            processCall(entry, kind: kind, &log)
        case .output:
            processOutput(entry, &log)
        default:
            guard let batch = openBatch else { return commitLoose(entry) }
            if entry.item.kind.isModelSide && !batch.hasOutput {
                openBatch?.model.append(entry)
            } else {
                hold(entry)
            }
        }
    }

    mutating func processCall(_ entry: Entry, kind: CallKind, _ log: inout Log) {
        let callId = entry.item.callId ?? ""
        if let record = calls[callId], !(record.state == .held && record.arrival == entry.arrival) {
            let reason: ReportReason = record.call.value == entry.submitted ? .duplicate : .conflict
            let message = reason == .duplicate
                ? "\(entry.item.type) \(callId) was already submitted; this identical copy was not added again"
                : "call_id \(callId) was already used by an earlier \(record.call.type) with different content; this \(entry.item.type) was not added"
            return report(entry, reason, message, &log)
        }
        if calls[callId] == nil { callOrder.append(callId) }
        if let batch = openBatch, batch.hasOutput {
            calls[callId] = CallRecord(call: entry.item, arrival: entry.arrival, submittedAt: entry.time, state: .held)
            return hold(entry)
        }
        if openBatch == nil {
            openBatch = OpenBatch(id: nextBatchId, openedAt: entry.time)
            nextBatchId += 1
        }
        calls[callId] = CallRecord(call: entry.item, arrival: entry.arrival, submittedAt: entry.time, state: .pending)
        openBatch?.model.append(entry)
        openBatch?.callIds.append(callId)
        openBatch?.unanswered += 1
        if let early = earlyEntries.removeValue(forKey: callId) {
            attach(early, to: kind, &log)
        }
        commitIfComplete()
    }

    mutating func processOutput(_ entry: Entry, _ log: inout Log) {
        let callId = entry.item.callId ?? ""
        guard let record = calls[callId], record.state != .held, let kind = record.call.callKind else {
            return keepEarly(entry, &log)
        }
        switch record.state {
        case .pending where openBatch?.outputs[callId] == nil:
            attach(entry, to: kind, &log)
            commitIfComplete()
        case .pending where openBatch?.outputs[callId]?.synthetic != nil:
            let reason = openBatch?.outputs[callId]?.synthetic ?? .interrupted
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

    /// Adds an output to the open batch, converting it to the kind its call needs.
    mutating func attach(_ entry: Entry, to callKind: CallKind, _ log: inout Log) {
        var entry = entry
        let callId = entry.item.callId ?? ""
        if let arrived = entry.item.outputKind, arrived != callKind.outputKind {
            entry.convertedFrom = arrived
            entry.item = entry.item.converted(to: callKind.outputKind)
            log.conversions.append(Conversion(
                callId: callId, arrival: entry.arrival, flushed: entry.wasHeld || entry.wasEarly,
                from: arrived, to: callKind.outputKind))
        }
        let answeredAt = max(entry.time, now)
        updateCall(callId) { record in
            record.submittedOutput = entry.submitted
            record.answeredAt = answeredAt
            record.outputArrival = entry.arrival
            record.outputWasEarly = entry.wasEarly
        }
        openBatch?.outputs[callId] = entry
        openBatch?.unanswered -= 1
        openBatch?.hasOutput = true
    }

    /// Answers a pending call with a synthetic output; `false` if the call is not pending.
    mutating func closeWithSyntheticOutput(_ callId: String, reason: CancelReason, at time: UInt64) -> Bool {
        guard let record = calls[callId], record.state == .pending, let kind = record.call.callKind,
              let batch = openBatch, batch.outputs[callId] == nil
        else { return false }
        let item = Item.output(kind.outputKind, callId: callId, text: syntheticOutputs[reason])
        openBatch?.outputs[callId] = Entry(item: item, arrival: -1, time: time, synthetic: reason, submitted: item.value)
        openBatch?.unanswered -= 1
        openBatch?.hasOutput = true
        updateCall(callId) { $0.answeredAt = time }
        return true
    }

    /// Removes the open batch's unanswered calls, so that the batch can be committed without them.
    /// - Returns: The removed calls.
    mutating func dropUnansweredCalls() -> [Entry] {
        guard let batch = openBatch else { return [] }
        let unanswered = Set(batch.callIds.filter { batch.outputs[$0] == nil })
        let dropped = batch.model.filter { unanswered.contains($0.item.callId ?? "") && $0.item.callKind != nil }
        openBatch?.model.removeAll { unanswered.contains($0.item.callId ?? "") && $0.item.callKind != nil }
        openBatch?.callIds.removeAll { unanswered.contains($0) }
        openBatch?.unanswered = 0
        for callId in unanswered { updateCall(callId) { $0.state = .dropped } }
        commitIfComplete()
        return dropped
    }

    /// Commits the open batch if every one of its calls has an output, and releases the held items.
    mutating func commitIfComplete() {
        guard let batch = openBatch, batch.unanswered == 0 else { return }
        openBatch = nil
        if batch.heldAny { batchCalls[batch.id] = batch.callIds }
        for entry in batch.model {
            append(entry)
        }
        for callId in batch.callIds {
            guard let output = batch.outputs[callId] else { continue }
            append(output)
            updateCall(callId) { $0.state = .answered(synthetic: output.synthetic) }
        }
        commitBoundaries.append(revision)
        work.append(contentsOf: heldEntries)
        heldEntries.removeAll()
    }

    /// Changes the record of `callId` in place, if there is one. (`calls[callId]?.x = y` would
    /// move the record out of the dictionary and back for every such line.)
    mutating func updateCall(_ callId: String, _ body: (inout CallRecord) -> Void) {
        guard let index = calls.index(forKey: callId) else { return }
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

    mutating func hold(_ entry: Entry) {
        var entry = entry
        entry.wasHeld = true
        if let batch = openBatch, entry.heldBehind.last != batch.id {
            entry.heldBehind.append(batch.id)
            openBatch?.heldAny = true
        }
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
        a["type"] = .string(JSONString(kind.rawValue))
        b["type"] = .string(JSONString(kind.rawValue))
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
    /// Whether `entry` would wait in the held queue if it were processed now.
    func wouldBeHeld(_ entry: Entry) -> Bool {
        guard let batch = openBatch else { return false }
        switch entry.item.kind {
        case .output:
            return false
        case .call:
            guard let record = calls[entry.item.callId ?? ""] else { return batch.hasOutput }
            return record.state == .held && record.arrival == entry.arrival && batch.hasOutput
        default:
            return entry.item.kind.isHostSide || batch.hasOutput
        }
    }

    /// Closes the open batch's unanswered calls by ``lostCallPolicy`` and commits the batch.
    mutating func closeLostCalls() {
        guard let policy = lostCallPolicy else { return }
        for callId in pendingCallIds {
            if let record = calls[callId], let kind = record.call.callKind {
                closedLostCalls.append((callId, record.arrival, kind))
            }
        }
        switch policy {
        case .synthesize, .error:
            for callId in pendingCallIds {
                _ = closeWithSyntheticOutput(callId, reason: .lost, at: now)
            }
            commitIfComplete()
        case .drop:
            droppedCalls += dropUnansweredCalls()
        }
    }
}

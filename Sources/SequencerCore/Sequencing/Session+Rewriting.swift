// Rewriting the history a session holds: rewinding to an earlier revision, and replacing the
// committed array (a compaction). Both start a new epoch.

extension Session {
    /// What ``rewind(to:)`` discarded.
    public struct RewindOutcome: Sendable, Equatable {
        /// How many committed items were discarded.
        public var committed: Int
        /// The calls that were pending, now forgotten.
        public var pending: [String]
        /// How many held items were discarded.
        public var held: Int
        /// How many early outputs were discarded.
        public var early: Int
    }

    /// Why a history cannot be rewritten as asked.
    public enum RewriteError: Error, Sendable, Equatable {
        /// The revision is not a commit boundary at or before the current revision; carries the
        /// nearest boundaries below and above it (`nil` when there is none).
        case notABoundary(revision: Int, below: Int?, above: Int?)
        /// A replacement array names a call key that a pending or held call, or an early
        /// output, of the session already uses.
        case keyInUse(String)
    }

    /// Goes back to `revision`: committed items after it are discarded, and so is everything not
    /// yet committed (the open batch, held items, early outputs), since they belong to the
    /// abandoned future. Call keys seen only after it are forgotten and may be used again.
    ///
    /// - Parameter revision: A commit boundary no later than ``revision``.
    /// - Throws: ``RewriteError/notABoundary(revision:below:above:)``, and nothing changes.
    /// - Complexity: O(n) in the items the session holds.
    public mutating func rewind(to revision: Int) throws(RewriteError) -> RewindOutcome {
        guard revision >= 0, revision <= self.revision, isCommitBoundary(revision) else {
            let below = commitBoundaries.last { $0 < revision }
            let above = commitBoundaries.first { $0 > revision && $0 <= self.revision }
            throw .notABoundary(revision: revision, below: below, above: above)
        }
        let pending = pendingCallIds
        let outcome = RewindOutcome(
            committed: self.revision - revision, pending: pending, held: heldCount, early: earlyCount)
        discarded += provenance[revision...].compactMap { $0.replaced ? nil : $0.arrival }
        if let batch = openBatch {
            discarded += batch.model.map(\.arrival)
            discarded += batch.outputs.compactMap { $0 }.filter { $0.synthetic == nil }.map(\.arrival)
        }
        discarded += heldEntries[heldHead...].map(\.arrival)
        discarded += earlyEntries.values.map(\.arrival)
        committed.removeSubrange(revision...)
        provenance.removeSubrange(revision...)
        commitBoundaries.removeAll { $0 > revision }
        openBatch = nil
        heldEntries.removeAll()
        heldHead = 0
        earlyEntries.removeAll()
        needsRelease = false
        queueHeldBehind = nil
        let kept = Set(committed.compactMap { $0.callKind != nil ? $0.callId : nil })
        calls = calls.filter { kept.contains($0.key) }
        callOrder.removeAll { !kept.contains($0) }
        epoch += 1
        verifyInvariantsInDebug()
        return outcome
    }

    /// What ``replace(with:)`` did.
    public struct ReplaceOutcome: Sendable, Equatable {
        /// The changes the one-shot rules made to the replacement, indexed in it.
        public var repairs: [Repair]
        /// Unknown types in the replacement.
        public var warnings: [Warning]
    }

    /// Makes `values` (at `time`, the caller's clock), sequenced by the one-shot rules (``Sequencer``, `missingOutput:
    /// synthesize`), the committed array: what a host does when it compacts its history. The
    /// open batch, held items, early outputs and pending calls stay as they are.
    ///
    /// - Throws: ``RewriteError/keyInUse(_:)`` when the sequenced replacement names a call key
    ///   that a pending or held call or an early output uses; nothing changes.
    /// - Complexity: O(n) in the replacement and the items the session holds.
    public mutating func replace(with values: [JSONValue], at time: UInt64 = 0) throws(RewriteError) -> ReplaceOutcome {
        let result = Sequencer.sequence(
            values, options: Sequencer.Options(missingOutput: .synthesize, syntheticOutputs: syntheticOutputs, kinds: kinds))
        let waiting = Set(calls.filter { $0.value.state == .pending || $0.value.state == .held }.keys)
            .union(earlyEntries.keys)
        if let used = result.items.lazy.compactMap(\.callId).first(where: waiting.contains) {
            throw .keyInUse(used)
        }
        now = time
        discarded += provenance.compactMap { $0.replaced ? nil : $0.arrival }
        committed = result.items.map { $0.owningItsStorage() }
        provenance = committed.map { item in
            Provenance(arrival: nil, synthetic: nil, callId: item.callId, wasHeld: false, wasEarly: false,
                       convertedFrom: nil, time: now, committedAt: now, replaced: true, heldBehind: nil)
        }
        commitBoundaries = committed.isEmpty ? [0] : [0, committed.count]
        let forgotten = Set(calls.filter { $0.value.state != .pending && $0.value.state != .held }.keys)
        calls = calls.filter { !forgotten.contains($0.key) }
        var order: [String] = []
        for item in committed {
            guard case .call = item.kind, let callId = item.callId, calls[callId] == nil else { continue }
            calls[callId] = CallRecord(call: item, arrival: -1, submittedAt: now, state: .answered(synthetic: nil), answeredAt: now)
            order.append(callId)
        }
        callOrder = order + callOrder.filter { !forgotten.contains($0) && calls[$0]?.arrival != -1 }
        epoch += 1
        verifyInvariantsInDebug()
        return ReplaceOutcome(repairs: result.repairs, warnings: result.warnings)
    }
}

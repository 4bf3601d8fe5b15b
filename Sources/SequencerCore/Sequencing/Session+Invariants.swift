// The session's invariants, checked after every submit and cancel in debug builds, and by the
// property tests and the fuzz targets.

extension Session {
    /// A broken invariant of a session's state.
    public struct InvariantViolation: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// Checks that every submitted item is in exactly one place (committed, in the open batch,
    /// held, early, reported, or discarded by a rewrite) and that every cached count is right.
    ///
    /// - Throws: ``InvariantViolation`` naming the first invariant that does not hold.
    /// - Complexity: O(n) in the items submitted.
    public func verifyInvariants() throws(InvariantViolation) {
        func fail(_ text: String) throws(InvariantViolation) { throw InvariantViolation(description: text) }
        var places = [Int](repeating: 0, count: nextArrival)
        func count(_ arrival: Int?, _ place: String) throws(InvariantViolation) {
            guard let arrival, arrival >= 0 else { return }
            if arrival >= nextArrival { try fail("\(place) holds arrival \(arrival), beyond the \(nextArrival) submitted") }
            places[arrival] += 1
        }
        for origin in provenance where origin.synthetic == nil && !origin.replaced { try count(origin.arrival, "committed") }
        for arrival in discarded { try count(arrival, "the discarded items") }
        if let batch = openBatch {
            for entry in batch.model { try count(entry.arrival, "the open batch") }
            for case let output? in batch.outputs where output.synthetic == nil { try count(output.arrival, "the open batch's outputs") }
            if batch.outputs.count != batch.callIds.count { try fail("the open batch has \(batch.outputs.count) output places for \(batch.callIds.count) calls") }
            for (slot, callId) in batch.callIds.enumerated() where calls[callId]?.batchSlot != slot {
                try fail("the open batch's call \(callId) is at \(slot), its record says \(calls[callId]?.batchSlot ?? -1)")
            }
            let unanswered = batch.outputs.filter { $0 == nil }.count
            let answered = batch.outputs.count - unanswered
            if unanswered != batch.unanswered { try fail("the open batch counts \(batch.unanswered) unanswered calls, but \(unanswered) are") }
            if batch.hasOutput != (answered > 0) { try fail("the open batch's hasOutput is \(batch.hasOutput) with \(answered) outputs") }
            if unanswered == 0 { try fail("the open batch has every output but was not committed") }
        }
        if heldHead > heldEntries.count { try fail("the held queue's head \(heldHead) is past its end \(heldEntries.count)") }
        var previous = -1
        for entry in heldEntries[heldHead...] {
            try count(entry.arrival, "the held queue")
            if entry.arrival <= previous { try fail("the held queue is not in arrival order at \(entry.arrival)") }
            if case .output = entry.item.kind { try fail("the held queue holds an output, arrival \(entry.arrival)") }
            previous = entry.arrival
        }
        for (_, entry) in earlyEntries { try count(entry.arrival, "the early outputs") }
        for record in reportLog { try count(record.arrival, "the reports") }
        if let stray = places.firstIndex(where: { $0 != 1 }) {
            try fail("arrival \(stray) is in \(places[stray]) places, not exactly one")
        }
        if commitBoundaries.last != revision { try fail("the last commit boundary \(commitBoundaries.last ?? -1) is not the revision \(revision)") }
        if provenance.count != committed.count { try fail("\(provenance.count) provenance records for \(committed.count) committed items") }
    }

    /// ``verifyInvariants()``, trapping on a violation, in debug builds only.
    func verifyInvariantsInDebug() {
        #if DEBUG
        do throws(InvariantViolation) {
            try verifyInvariants()
        } catch {
            assertionFailure("Session invariant broken: \(error.description)")
        }
        #endif
    }
}

/// The life of every call in a session, and why each reported item was not taken.
///
/// Times are the caller's clock values given to ``Session/submit(_:at:)`` and
/// ``Session/cancel(_:reason:at:)``.
public struct SessionTimeline: Sendable, Equatable {
    /// One call's life.
    public struct Call: Sendable, Equatable {
        /// How a call ended, so far.
        public enum Outcome: Sendable, Equatable {
            /// Waiting in the open batch for its output.
            case pending
            /// Waiting in the held queue behind another batch.
            case held
            /// Answered by a real output (which may have arrived before the call).
            case answered(at: UInt64, outputArrival: Int?, early: Bool)
            /// Closed with a synthetic output.
            case cancelled(at: UInt64, reason: CancelReason)
            /// Removed for having no output (`missingOutput: drop`).
            case dropped
        }

        /// The call's `call_id`.
        public var callId: String
        /// The call's kind.
        public var kind: CallKind
        /// The tool's name.
        public var name: String?
        /// The call's arrival number.
        public var arrival: Int
        /// When it was submitted.
        public var submittedAt: UInt64
        /// How it ended, so far.
        public var outcome: Outcome
        /// The items that were (or are) held while it was pending. An item that waited behind
        /// several batches in a row is listed under the calls of the first and of the last, so
        /// that the timeline stays linear in the items.
        public var heldBehind: [Held]
    }

    /// An item that waited in the held queue.
    public struct Held: Sendable, Equatable {
        /// Its arrival number.
        public var arrival: Int
        /// Its `type`, and `role` for a message (`"message/user"`).
        public var label: String
        /// When it was submitted.
        public var heldAt: UInt64
        /// When it was committed; `nil` while it is still held.
        public var releasedAt: UInt64?
    }

    /// A submitted item that was reported back instead of taken.
    public struct Reported: Sendable, Equatable {
        /// Its arrival number.
        public var arrival: Int
        /// Why.
        public var reason: ReportReason
        /// Its `call_id`, if any.
        public var callId: String?
        /// When it was reported.
        public var at: UInt64
        /// What was wrong.
        public var message: String
    }

    /// Every call, in the order the calls arrived.
    public var calls: [Call]
    /// Every reported item, in the order they were reported.
    public var reported: [Reported]
}

extension Session {
    /// The life of every call so far, with what was held behind it, and every report.
    ///
    /// - Complexity: O(n) in the number of items submitted.
    public var timeline: SessionTimeline {
        var heldByCall: [String: [SessionTimeline.Held]] = [:]
        func label(_ item: Item) -> String {
            item.role.map { "message/\($0.rawValue)" } ?? item.type
        }
        func callIds(ofBatch id: Int) -> [String] {
            if let openBatch, openBatch.id == id { return openBatch.callIds }
            return batchCalls[id] ?? []
        }
        func list(_ held: SessionTimeline.Held, behind batches: HeldBehind?) {
            guard let batches else { return }
            for batch in Set([batches.first, batches.last]).sorted() {
                for callId in callIds(ofBatch: batch) { heldByCall[callId, default: []].append(held) }
            }
        }
        for (item, origin) in zip(committed, provenance) where origin.wasHeld {
            let held = SessionTimeline.Held(arrival: origin.arrival ?? -1, label: label(item), heldAt: origin.time, releasedAt: origin.committedAt)
            list(held, behind: origin.heldBehind)
        }
        for entry in heldEntries[heldHead...] {
            let held = SessionTimeline.Held(arrival: entry.arrival, label: label(entry.item), heldAt: entry.time, releasedAt: nil)
            list(held, behind: entry.heldBehind?.through(queueHeldBehind))
        }
        let lives = callOrder.compactMap { callId -> SessionTimeline.Call? in
            guard let record = calls[callId], let kind = record.call.callKind else { return nil }
            let outcome: SessionTimeline.Call.Outcome
            switch record.state {
            case .held: outcome = .held
            case .pending:
                if let answeredAt = record.answeredAt, let output = batchOutput(for: callId) {
                    outcome = output.synthetic.map { .cancelled(at: answeredAt, reason: $0) }
                        ?? .answered(at: answeredAt, outputArrival: record.outputArrival, early: record.outputWasEarly)
                } else {
                    outcome = .pending
                }
            case .answered(synthetic: let reason?): outcome = .cancelled(at: record.answeredAt ?? 0, reason: reason)
            case .answered(synthetic: nil):
                outcome = .answered(at: record.answeredAt ?? 0, outputArrival: record.outputArrival, early: record.outputWasEarly)
            case .dropped: outcome = .dropped
            }
            return SessionTimeline.Call(
                callId: callId, kind: kind, name: record.call.toolName, arrival: record.arrival,
                submittedAt: record.submittedAt, outcome: outcome, heldBehind: heldByCall[callId] ?? [])
        }
        let reported = reportLog.map {
            SessionTimeline.Reported(arrival: $0.arrival, reason: $0.reason, callId: $0.callId, at: $0.time, message: $0.message)
        }
        return SessionTimeline(calls: lives, reported: reported)
    }
}

/// A streaming sequencer: takes items in arrival order and keeps an array that the provider
/// APIs accept at every moment.
///
/// Every submitted item ends in exactly one place:
/// - ``committed``: the append-only array handed to the model; every call in it is followed,
///   right after its model response, by one output;
/// - the open ``batch``: a model response with pending calls, and the outputs that have come;
/// - ``held``: items that arrived while the batch was open and do not belong to it; they are
///   processed again, in arrival order and by the same rules, once the batch is committed;
/// - ``early``: outputs whose call has not arrived yet;
/// - reported back to the caller (``Report``) with the reason it was not taken.
///
/// The rules:
/// - A call opens a batch when none is open. While no output of the batch has arrived,
///   model-side items (see ``ItemKind/isModelSide``) join it and host-side items are held;
///   once one has, everything but the outputs of its calls is held.
/// - When every call of the batch has an output (real, early or synthetic), the batch is
///   committed as a whole: its model items in arrival order, then the outputs in call order.
/// - An output of the wrong kind for its call is converted to the right kind.
/// - A call or output whose `call_id` was seen before is reported as `duplicate` (identical),
///   `late` (a real output after a synthetic one) or `conflict` (anything else).
///
/// `Session` is a value: copying one copies its whole state.
public struct Session: Sendable {
    /// The texts of synthetic outputs.
    public var syntheticOutputs: SyntheticOutputs
    /// The call kinds items are read with.
    public let kinds: CallKindTable

    /// The committed items, in order. Append-only; valid for every provider at every moment.
    public internal(set) var committed: [Item] = []
    /// What the session knows of each committed item, parallel to ``committed``.
    public internal(set) var provenance: [Provenance] = []
    /// The revisions at which a commit ended, ascending; `0` is always one.
    var commitBoundaries: [Int] = [0]

    var calls: [String: CallRecord] = [:]
    var openBatch: OpenBatch?
    /// The held queue: `heldEntries[heldHead...]`, in arrival order. Slots before `heldHead`
    /// were taken by releases and are reclaimed when they are half the array.
    var heldEntries: [Entry] = []
    var heldHead = 0
    var earlyEntries: [String: Entry] = [:]
    /// Set by a commit: the held queue is to be processed again.
    var needsRelease = false
    /// The batch that every item in the held queue waits behind, when one is open: items left
    /// in place by a release are held behind it without being touched.
    var queueHeldBehind: Int?
    var nextArrival = 0
    /// The number of times an item was processed by the rules (submitted or taken again from
    /// the held queue): the measure of a session's work, linear in the items submitted.
    public internal(set) var operationCount = 0
    /// The unknown types already warned about, so each is warned about once.
    var warnedTypes: Set<String> = []
    /// How many times the history was rewritten (``rewind(to:)``, ``replace(with:)``): a host
    /// that kept a copy of the array since an earlier epoch must take it whole again.
    public internal(set) var epoch = 0
    /// The arrivals of submitted items a rewrite discarded (committed after the revision
    /// rewound to, or replaced; and whatever was waiting then).
    var discarded: [Int] = []
    /// The time of the submit or cancel being processed.
    var now: UInt64 = 0
    /// Every call, in the order calls arrived, for the timeline.
    var callOrder: [String] = []
    /// Every report, for the timeline.
    var reportLog: [ReportRecord] = []
    var nextBatchId = 0
    /// The calls of each committed batch that had items held behind it, for the timeline.
    var batchCalls: [Int: [String]] = [:]

    /// A session with the given synthetic texts and call kinds.
    public init(syntheticOutputs: SyntheticOutputs = .defaults, kinds: CallKindTable = .builtIn) {
        self.syntheticOutputs = syntheticOutputs
        self.kinds = kinds
    }

    /// The number of items committed so far.
    public var revision: Int { committed.count }

    /// Whether `revision` is a point at which a commit ended, so that the items after it form
    /// a whole number of model responses and their outputs.
    public func isCommitBoundary(_ revision: Int) -> Bool {
        var low = 0
        var high = commitBoundaries.count
        while low < high {
            let mid = (low + high) / 2
            if commitBoundaries[mid] < revision { low = mid + 1 } else { high = mid }
        }
        return low < commitBoundaries.count && commitBoundaries[low] == revision
    }

    /// The `call_id`s of the open batch's calls that have no output yet, in call order.
    public var pendingCallIds: [String] {
        guard let openBatch, openBatch.unanswered > 0 else { return [] }
        return openBatch.callIds.indices.filter { openBatch.outputs[$0] == nil }.map { openBatch.callIds[$0] }
    }

    /// The open batch, if any.
    public var batch: Batch? {
        guard let openBatch else { return nil }
        return Batch(
            items: openBatch.model.map(\.item),
            calls: openBatch.callIds.indices.compactMap { slot in
                let callId = openBatch.callIds[slot]
                guard let record = calls[callId], let kind = record.call.callKind else { return nil }
                return PendingCall(
                    callId: callId, kind: kind, name: record.call.toolName,
                    submittedAt: record.submittedAt, hasOutput: openBatch.outputs[slot] != nil)
            },
            outputs: openBatch.outputs.compactMap { $0?.item },
            openedAt: openBatch.openedAt)
    }

    /// The items waiting for the open batch to be committed, in arrival order.
    public var held: [Waiting] {
        heldEntries[heldHead...].map { Waiting(item: $0.item, arrival: $0.arrival, since: $0.time) }
    }

    /// The outputs waiting for their calls, in arrival order.
    public var early: [Waiting] {
        earlyEntries.values.sorted { $0.arrival < $1.arrival }
            .map { Waiting(item: $0.item, arrival: $0.arrival, since: $0.time) }
    }

    /// The number of items held now.
    public var heldCount: Int { heldEntries.count - heldHead }
    /// The number of early outputs waiting now.
    public var earlyCount: Int { earlyEntries.count }
    /// The number of items submitted so far.
    public var submittedCount: Int { nextArrival }
}

// MARK: - Public views of the state

extension Session {
    /// What the session knows of one committed item.
    ///
    /// One is kept per committed item for the session's life, so it is kept small (56 bytes):
    /// what only a few items have (a conversion, a hold) lives in a box of its own, made only
    /// for those.
    public struct Provenance: Sendable, Equatable {
        /// The item's arrival number, or `nil` for a synthetic output.
        public var arrival: Int? {
            get { storedArrival >= 0 ? storedArrival : nil }
            set { storedArrival = newValue ?? -1 }
        }
        /// The `call_id` of a call or output.
        public var callId: String?
        /// Whether the item waited in the held queue.
        public var wasHeld: Bool {
            get { flags & Provenance.heldFlag != 0 }
            set { set(Provenance.heldFlag, newValue) }
        }
        /// Whether the item is an output that arrived before its call.
        public var wasEarly: Bool {
            get { flags & Provenance.earlyFlag != 0 }
            set { set(Provenance.earlyFlag, newValue) }
        }
        /// For an output that was converted, the kind it arrived as.
        public var convertedFrom: OutputKind? {
            get { rare?.convertedFrom }
            set { rare = Rare.make(convertedFrom: newValue, heldBehind: heldBehind) }
        }
        /// When the item was submitted (the caller's clock), or made for a synthetic output.
        public var time: UInt64
        /// When the item was committed.
        public var committedAt: UInt64
        /// Whether the item came from a ``Session/replace(with:)`` (it then has no arrival).
        public var replaced: Bool {
            get { flags & Provenance.replacedFlag != 0 }
            set { set(Provenance.replacedFlag, newValue) }
        }
        /// For a held item, the first and the last batch it was held behind (see ``Session/timeline``).
        var heldBehind: HeldBehind? {
            get { rare?.heldBehind }
            set { rare = Rare.make(convertedFrom: convertedFrom, heldBehind: newValue) }
        }

        /// `arrival`, with -1 for none.
        private var storedArrival: Int
        /// What few items have; `nil` for the rest.
        private var rare: Rare?
        private var flags: UInt8 = 0
        private static let heldFlag: UInt8 = 1
        private static let earlyFlag: UInt8 = 2
        private static let replacedFlag: UInt8 = 4

        /// Whether the item was made, moved or converted by the session: a repair visible in
        /// the array (`sequence` lists one for each).
        var isRepair: Bool {
            synthetic != nil || flags & (Provenance.heldFlag | Provenance.earlyFlag) != 0 || rare?.convertedFrom != nil
        }

        /// Sets `flag` in ``flags`` when `on`, clears it otherwise.
        private mutating func set(_ flag: UInt8, _ on: Bool) {
            flags = on ? flags | flag : flags & ~flag
        }
        /// For a synthetic output, why it was made. (Declared last, with the other small
        /// fields: a provenance then takes 56 bytes rather than 64.)
        public var synthetic: CancelReason?

        /// The facts only some committed items have, boxed so that the others do not pay for
        /// them. Immutable: a change makes a new box.
        private final class Rare: Sendable, Equatable {
            let convertedFrom: OutputKind?
            let heldBehind: HeldBehind?

            private init(convertedFrom: OutputKind?, heldBehind: HeldBehind?) {
                self.convertedFrom = convertedFrom
                self.heldBehind = heldBehind
            }

            /// A box holding these, or `nil` when both are `nil`.
            static func make(convertedFrom: OutputKind?, heldBehind: HeldBehind?) -> Rare? {
                convertedFrom == nil && heldBehind == nil ? nil : Rare(convertedFrom: convertedFrom, heldBehind: heldBehind)
            }

            static func == (lhs: Rare, rhs: Rare) -> Bool {
                lhs.convertedFrom == rhs.convertedFrom && lhs.heldBehind == rhs.heldBehind
            }
        }

        /// A provenance with every fact given.
        init(arrival: Int?, synthetic: CancelReason?, callId: String?, wasHeld: Bool, wasEarly: Bool, convertedFrom: OutputKind?,
             time: UInt64, committedAt: UInt64, replaced: Bool = false, heldBehind: HeldBehind?) {
            self.storedArrival = arrival ?? -1
            self.synthetic = synthetic
            self.callId = callId
            self.time = time
            self.committedAt = committedAt
            self.rare = Rare.make(convertedFrom: convertedFrom, heldBehind: heldBehind)
            self.wasHeld = wasHeld
            self.wasEarly = wasEarly
            self.replaced = replaced
        }
    }

    /// The open batch: one model response with pending calls.
    public struct Batch: Sendable, Equatable {
        /// Its model items (calls included), in arrival order.
        public var items: [Item]
        /// Its calls, in order.
        public var calls: [PendingCall]
        /// The outputs that have arrived, in call order.
        public var outputs: [Item]
        /// When its first call was submitted.
        public var openedAt: UInt64
    }

    /// One call of the open batch.
    public struct PendingCall: Sendable, Equatable {
        /// The call's `call_id`.
        public var callId: String
        /// The call's kind.
        public var kind: CallKind
        /// The tool's name (`shell` for shell calls).
        public var name: String?
        /// When the call was submitted.
        public var submittedAt: UInt64
        /// Whether its output has arrived.
        public var hasOutput: Bool
    }

    /// An item waiting in the held queue or as an early output.
    public struct Waiting: Sendable, Equatable {
        /// The item.
        public var item: Item
        /// Its arrival number.
        public var arrival: Int
        /// When it was submitted.
        public var since: UInt64
    }
}

// MARK: - Internal state

extension Session {
    /// One submitted item on its way through the session.
    struct Entry: Sendable {
        /// The item, converted if it is an output that was.
        private(set) var item: Item
        let arrival: Int
        let time: UInt64
        var wasHeld = false
        var wasEarly = false
        /// The first and the last batch it was held behind.
        var heldBehind: HeldBehind?
        var synthetic: CancelReason?
        /// For an output that was converted, the kind it arrived as.
        private(set) var convertedFrom: OutputKind?
        /// For an output that was converted, the object as it was submitted (only those keep a
        /// second one: every other entry's item is as it was submitted).
        private var original: JSONObject?

        init(item: Item, arrival: Int, time: UInt64, synthetic: CancelReason? = nil) {
            self.item = item
            self.arrival = arrival
            self.time = time
            self.synthetic = synthetic
        }

        /// The item as it was submitted, before any conversion.
        var submitted: JSONValue { original.map(JSONValue.object) ?? item.value }

        /// Converts the output, which arrived as `arrived`, to `kind`, keeping what it was.
        mutating func convert(from arrived: OutputKind, to kind: OutputKind) {
            convertedFrom = convertedFrom ?? arrived
            original = original ?? item.json
            item = item.converted(to: kind)
        }
    }

    enum CallState: Sendable, Equatable {
        case held
        case pending
        case answered(synthetic: CancelReason?)
        case dropped
    }

    /// What the session keeps of every call for its whole life, kept small: optional numbers
    /// are stored with a sentinel, and the small fields side by side.
    struct CallRecord: Sendable {
        let arrival: Int
        let submittedAt: UInt64
        private var storedAnsweredAt = UInt64.max
        private var storedOutputArrival = -1
        var call: Item
        /// The output as submitted, for telling duplicates from conflicts.
        var submittedOutput: JSONValue?
        var state: CallState
        /// Whether the real output arrived before the call.
        var outputWasEarly = false
        /// While the call is pending: its place among the open batch's calls and outputs.
        var batchSlot: Int {
            get { Int(storedBatchSlot) }
            set { storedBatchSlot = Int32(truncatingIfNeeded: newValue) }
        }
        /// ``batchSlot`` in four bytes, so that the record stays 120 bytes (a batch of more than
        /// two billion calls would not fit a session's byte limit).
        private var storedBatchSlot: Int32 = -1
        /// When the output (real or synthetic) was taken.
        var answeredAt: UInt64? {
            get { storedAnsweredAt == .max ? nil : storedAnsweredAt }
            set { storedAnsweredAt = newValue ?? .max }
        }
        /// The arrival of a real output.
        var outputArrival: Int? {
            get { storedOutputArrival >= 0 ? storedOutputArrival : nil }
            set { storedOutputArrival = newValue ?? -1 }
        }

        init(call: Item, arrival: Int, submittedAt: UInt64, state: CallState, answeredAt: UInt64? = nil) {
            self.call = call
            self.arrival = arrival
            self.submittedAt = submittedAt
            self.state = state
            self.answeredAt = answeredAt
        }
    }

    /// The first and the last batch an item waited behind. An item that waited behind several
    /// batches in a row is known by these two only, so that what the session keeps stays
    /// linear in the items (see ``Session/timeline``).
    struct HeldBehind: Sendable, Equatable {
        var first: Int
        var last: Int

        /// These, with `batch` as the last when it is later.
        func through(_ batch: Int?) -> HeldBehind {
            guard let batch, batch > last else { return self }
            return HeldBehind(first: first, last: batch)
        }
    }

    /// A report kept for the timeline, in at most ``ReportRecord/maxTextBytes`` bytes per text,
    /// so that what a session keeps of a reported item (which it does not keep) is bounded
    /// whatever the item's size.
    struct ReportRecord: Sendable {
        /// The most UTF-8 bytes kept of a report's `call_id` and of its message; longer ones are
        /// cut at a character boundary and end in `…`.
        static let maxTextBytes = 512

        let arrival: Int
        let reason: ReportReason
        let callId: String?
        let time: UInt64
        let message: String

        init(arrival: Int, reason: ReportReason, callId: String?, time: UInt64, message: String) {
            self.arrival = arrival
            self.reason = reason
            self.callId = callId.map(ReportRecord.bounded)
            self.time = time
            self.message = ReportRecord.bounded(message)
        }

        /// `text` if it fits in ``maxTextBytes``, else its longest prefix of whole characters
        /// that fits with `…` after it.
        /// - Complexity: O(``maxTextBytes``).
        static func bounded(_ text: String) -> String {
            guard text.utf8.count > maxTextBytes else { return text }
            let ellipsis = "…"
            let room = maxTextBytes - ellipsis.utf8.count
            var end = text.startIndex
            var used = 0
            for index in text.indices {
                let next = text.index(after: index)
                let size = text.utf8.distance(from: index, to: next)
                if used + size > room { break }
                used += size
                end = next
            }
            return String(text[..<end]) + ellipsis
        }
    }

    struct OpenBatch: Sendable {
        /// A number no other batch of the session has.
        let id: Int
        let openedAt: UInt64
        var model: [Entry] = []
        var callIds: [String] = []
        /// The output of each of ``callIds``, at the same place; `nil` while none has come.
        var outputs: [Entry?] = []
        /// How many of `callIds` have no output yet.
        var unanswered = 0
        var hasOutput = false
        /// Whether an item was held while it was open.
        var heldAny = false
        /// How many of the unanswered calls are known never to get an output (one-shot
        /// sequencing only; see ``Sequencer``).
        var unansweredLost = 0
    }
}

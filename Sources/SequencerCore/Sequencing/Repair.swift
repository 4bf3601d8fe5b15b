/// One change the sequencer made to turn the submitted items into a valid array.
public struct Repair: Sendable, Equatable {
    /// The kinds of change.
    public enum Kind: String, Sendable, CaseIterable {
        /// A synthetic output was inserted for a call that had none.
        case insertedOutput = "inserted_output"
        /// An item that arrived while calls were pending was moved after their outputs.
        case movedAfterOutput = "moved_after_output"
        /// An output that arrived before its call was moved after the call.
        case movedAfterCall = "moved_after_call"
        /// An output of the wrong kind for its call was converted to the right kind.
        case convertedOutput = "converted_output"
        /// An output whose call never came was dropped.
        case droppedOrphan = "dropped_orphan"
        /// A second copy of a call or output was dropped.
        case droppedDuplicate = "dropped_duplicate"
        /// A real output that arrived after a synthetic one was dropped.
        case droppedLate = "dropped_late"
        /// A call or output reusing a `call_id` with different content was dropped.
        case droppedConflict = "dropped_conflict"
        /// Something that is not a valid item was dropped.
        case droppedInvalid = "dropped_invalid"
        /// An output of a type that cannot answer its call's kind was dropped.
        case droppedWrongKind = "dropped_wrong_kind"
        /// A call with no output was dropped (`missingOutput: drop`, or a kind with no honest
        /// synthetic output such as `computer_call`).
        case droppedCall = "dropped_call"
        /// A reasoning item that led only into dropped calls was dropped with them.
        case droppedReasoning = "dropped_reasoning"
    }

    /// What was done.
    public var kind: Kind
    /// The call involved, if any.
    public var callId: String?
    /// The index in the input of the item concerned; for an inserted output, the index of the call it answers.
    public var index: Int
    /// The item's index in the result, when it is there.
    public var resultIndex: Int?
    /// A sentence saying what was done and why.
    public var message: String

    /// A repair with every field given.
    public init(kind: Kind, callId: String?, index: Int, resultIndex: Int?, message: String) {
        self.kind = kind
        self.callId = callId
        self.index = index
        self.resultIndex = resultIndex
        self.message = message
    }
}

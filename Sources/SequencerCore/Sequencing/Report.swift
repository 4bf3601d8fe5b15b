/// Why a submitted item was not taken into the array.
public enum ReportReason: String, Sendable, CaseIterable {
    /// The same call or output (same `call_id`, same content) was already submitted.
    case duplicate
    /// A real output arrived after the call was closed with a synthetic one.
    case late
    /// A call or output reuses a `call_id` with different content.
    case conflict
    /// Not an item: not an object, no `type`, a call or output with no `call_id`, and so on.
    case invalid
    /// An output whose call never came.
    case orphan
    /// An output of a type that cannot answer its call's kind (a `function_call_output` for a
    /// `shell_call`); the call stays pending.
    case wrongKind = "wrong_kind"
    /// A call left out because its kind has no honest synthetic output and it got no output.
    case droppedCall = "dropped_call"
    /// A reasoning item left out because it led only into calls that were left out.
    case droppedReasoning = "dropped_reasoning"
}

/// A submitted item that was not taken into the array, given back with the reason.
public struct Report: Sendable, Equatable {
    /// Why the item was not taken.
    public var reason: ReportReason
    /// The `call_id` involved, when the item has one.
    public var callId: String?
    /// The item exactly as it was submitted.
    public var item: JSONValue
    /// The item's arrival number in the session (0 for the first item ever submitted).
    public var arrival: Int
    /// Whether it was reported while being flushed from the held queue rather than on arrival.
    public var flushed: Bool
    /// A sentence saying what was wrong.
    public var message: String

    /// A report with every field given.
    public init(reason: ReportReason, callId: String?, item: JSONValue, arrival: Int, flushed: Bool, message: String) {
        self.reason = reason
        self.callId = callId
        self.item = item
        self.arrival = arrival
        self.flushed = flushed
        self.message = message
    }
}

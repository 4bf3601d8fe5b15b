/// What one ``Session/submit(_:at:)`` did.
public struct SubmitOutcome: Sendable, Equatable {
    /// How many items were committed by this call, flushed held items included.
    public var committed: Int
    /// The items that were not taken, with their reasons.
    public var reports: [Report]
    /// The outputs that were converted to the kind their call needs.
    public var conversions: [Conversion]
}

/// What one ``Session/cancel(_:reason:at:)`` did.
public struct CancelOutcome: Sendable, Equatable {
    /// The calls closed with a synthetic output, in the order they were named.
    public var cancelled: [String]
    /// The named calls that were not pending (unknown, held, or already answered).
    public var notPending: [String]
    /// How many items were committed by this call, flushed held items included.
    public var committed: Int
    /// Items reported while held items were processed again.
    public var reports: [Report]
    /// Outputs converted while held items were processed again.
    public var conversions: [Conversion]
}

/// What was left in a session when it was closed.
public struct CloseOutcome: Sendable, Equatable {
    /// Early outputs whose call never came, in arrival order.
    public var orphans: [Item]
    /// Calls still pending, in call order.
    public var pending: [String]
    /// Items still held, in arrival order.
    public var held: [Item]
}

/// An output that arrived as the wrong kind for its call and was converted.
public struct Conversion: Sendable, Equatable {
    /// The call it answers.
    public var callId: String
    /// The output's arrival number.
    public var arrival: Int
    /// Whether it was converted while being processed again (joining from the early outputs).
    public var flushed: Bool
    /// The kind it arrived as.
    public var from: OutputKind
    /// The kind it was converted to.
    public var to: OutputKind
}

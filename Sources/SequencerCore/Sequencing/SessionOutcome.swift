/// What one ``Session/submit(_:at:)`` did.
public struct SubmitOutcome: Sendable, Equatable {
    /// How many items were committed by this call, flushed held items included.
    public var committed: Int
    /// The items that were not taken, with their reasons.
    public var reports: [Report]
    /// The outputs that were converted to the kind their call needs.
    public var conversions: [Conversion]
    /// What was taken but is worth saying: each unknown item type, once per session.
    public var warnings: [Warning]
}

/// What one ``Session/cancel(_:reason:at:)`` did.
public struct CancelOutcome: Sendable, Equatable {
    /// The calls closed with a synthetic output, in the order they were named.
    public var cancelled: [String]
    /// The calls left out because their kind has no honest synthetic output (`computer_call`),
    /// in the order they were named; they and the reasoning that led only into them are
    /// in ``reports`` (`dropped_call`, `dropped_reasoning`).
    public var dropped: [String]
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

/// Something a session took but says, such as an item type it does not know.
public struct Warning: Sendable, Equatable {
    /// The kinds of warning.
    public enum Code: String, Sendable, CaseIterable {
        /// An item of a type the session's call kind table does not know was passed through.
        case unknownType = "unknown_type"
    }

    /// What it is.
    public var code: Code
    /// The item type concerned.
    public var type: String
    /// The arrival number of the item that caused it.
    public var arrival: Int
    /// A sentence saying what was done and what the host may do.
    public var message: String

    /// A warning with every field given.
    public init(code: Code, type: String, arrival: Int, message: String) {
        self.code = code
        self.type = type
        self.arrival = arrival
        self.message = message
    }
}

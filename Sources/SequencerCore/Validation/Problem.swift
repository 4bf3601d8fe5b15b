/// One thing wrong with an array of items or messages.
public struct Problem: Sendable, Equatable {
    /// How bad a problem is.
    public enum Severity: String, Sendable {
        /// The provider's API rejects the array with a `400`.
        case error
        /// The API accepts the array, but it breaks an order this project keeps stricter.
        case warning
    }

    /// A stable machine-readable name for the rule that was broken (see ``ProblemCode``).
    public var code: ProblemCode
    /// Whether the API rejects the array.
    public var severity: Severity
    /// The index, in the array that was checked, of the item or message at fault.
    public var index: Int
    /// The call id involved, if any.
    public var callId: String?
    /// For an error, the exact text the provider's API answers with; for a warning, our own.
    public var message: String

    /// A problem with every field given.
    public init(code: ProblemCode, severity: Severity, index: Int, callId: String? = nil, message: String) {
        self.code = code
        self.severity = severity
        self.index = index
        self.callId = callId
        self.message = message
    }
}

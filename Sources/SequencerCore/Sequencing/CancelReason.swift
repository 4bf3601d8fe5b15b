/// Why a call is closed with a synthetic output instead of a real one.
public enum CancelReason: String, Sendable, CaseIterable {
    /// The user interrupted the turn while the tool ran.
    case interrupted
    /// The host failed while running the tool.
    case failed
    /// The tool ran past its time limit.
    case timeout
    /// A whole history arrived with no output for the call.
    case lost
}

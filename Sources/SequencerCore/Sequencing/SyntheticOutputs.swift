/// The texts of synthetic outputs, one per ``CancelReason``.
///
/// A synthetic output tells the model *why* a call has no real output, so that it neither
/// blames the user nor blindly runs a side effect again. Every default starts with `aborted`
/// (the word Codex itself writes), says what happened, and says the tool may have partly run.
public struct SyntheticOutputs: Sendable, Equatable {
    /// For ``CancelReason/interrupted``.
    public var interrupted: String
    /// For ``CancelReason/failed``.
    public var failed: String
    /// For ``CancelReason/timeout``.
    public var timeout: String
    /// For ``CancelReason/lost``.
    public var lost: String

    /// The default texts.
    public static let defaults = SyntheticOutputs(
        interrupted: "aborted: the user interrupted this tool call before it finished; it may have partly run.",
        failed: "aborted: the host failed while running this tool call; it may have partly run.",
        timeout: "aborted: this tool call timed out before it finished; it may have partly run.",
        lost: "aborted: no output was recorded for this tool call; it may have partly run."
    )

    /// Texts with every reason given.
    public init(interrupted: String, failed: String, timeout: String, lost: String) {
        self.interrupted = interrupted
        self.failed = failed
        self.timeout = timeout
        self.lost = lost
    }

    /// The text for `reason`.
    public subscript(reason: CancelReason) -> String {
        get {
            switch reason {
            case .interrupted: interrupted
            case .failed: failed
            case .timeout: timeout
            case .lost: lost
            }
        }
        set {
            switch reason {
            case .interrupted: interrupted = newValue
            case .failed: failed = newValue
            case .timeout: timeout = newValue
            case .lost: lost = newValue
            }
        }
    }
}

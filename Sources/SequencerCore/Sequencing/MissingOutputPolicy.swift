/// What ``Sequencer/sequence(_:options:)`` does with a call that never got an output.
public enum MissingOutputPolicy: String, Sendable, CaseIterable {
    /// Insert the synthetic `lost` output right after the call's model response.
    case synthesize
    /// Remove the call, and a reasoning item that led only into removed calls.
    case drop
    /// Fail: the result lists each unanswered call as a problem.
    case error
}

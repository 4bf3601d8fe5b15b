import SequencerCore

/// The result of `validate`: whether the array is valid (no problem of severity error), and
/// every problem found.
struct ValidateResult: WireObject {
    var valid: Bool
    var problems: [JSONValue]

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("valid", valid)
        encoder.member("problems", problems)
    }
}

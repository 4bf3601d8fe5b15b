/// The result of `session/cancel`: which calls it cancelled, which it could not, then the
/// session's progress as `session/submit` gives it.
struct SessionCancelResult: WireObject {
    var cancelled: [String]
    /// The calls left out: their kind has no honest synthetic output (`computer_call`).
    var dropped: [String]
    var notPending: [String]
    var progress: SessionProgress

    func encodeMembers(to encoder: inout WireEncoder) {
        encoder.member("cancelled", cancelled)
        encoder.member("dropped", dropped)
        encoder.member("notPending", notPending)
        progress.encodeMembers(to: &encoder)
    }
}

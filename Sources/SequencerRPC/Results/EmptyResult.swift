/// The result `{}` (`shutdown`).
struct EmptyResult: WireObject {
    func encodeMembers(to encoder: inout WireEncoder) {}
}

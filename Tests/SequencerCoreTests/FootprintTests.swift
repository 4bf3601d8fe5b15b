@testable import SequencerCore
import Testing

/// What a session keeps per item, in bytes: the memory target of issue 15 (peak RSS holding
/// 100,000 items within 1.25× their bytes plus 32 MB) is met with these, and a field added in
/// the wrong place grows them silently. Sizes on 64-bit platforms.
@Suite("Footprint: what a session keeps per item stays small")
struct FootprintTests {
    @Test("a committed item, its provenance and a call's record take 64, 56 and 120 bytes")
    func perItemRecords() {
        #expect(MemoryLayout<Item>.stride == 64)
        #expect(MemoryLayout<Session.Provenance>.stride == 56)
        #expect(MemoryLayout<Session.CallRecord>.stride == 120)
    }

    @Test("a deferred member takes 16 bytes, an object 17 and a JSON value 24")
    func deferredMembers() {
        #expect(MemoryLayout<DeferredMembers.Member>.stride == 16)
        #expect(MemoryLayout<JSONObject>.size == 17)
        #expect(MemoryLayout<JSONValue>.stride == 24)
    }

    @Test("a provenance keeps its rare facts: a conversion and a hold round-trip through the box")
    func rareFactsRoundTrip() {
        var origin = Session.Provenance(
            arrival: 3, synthetic: nil, callId: "c", wasHeld: true, wasEarly: false, convertedFrom: nil,
            time: 1, committedAt: 2, replaced: false, heldBehind: nil)
        #expect(origin.arrival == 3 && origin.wasHeld && !origin.wasEarly && !origin.replaced)
        #expect(origin.convertedFrom == nil && origin.heldBehind == nil)
        origin.convertedFrom = .custom
        origin.heldBehind = Session.HeldBehind(first: 1, last: 4)
        #expect(origin.convertedFrom == .custom && origin.heldBehind == Session.HeldBehind(first: 1, last: 4))
        var copy = origin
        copy.convertedFrom = nil
        #expect(origin.convertedFrom == .custom && copy.convertedFrom == nil && copy.heldBehind == origin.heldBehind)
        #expect(copy != origin)
        copy.arrival = nil
        copy.replaced = true
        #expect(copy.arrival == nil && copy.replaced && copy.wasHeld)
    }
}

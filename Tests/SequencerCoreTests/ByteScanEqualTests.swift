@testable import SequencerCore
import Testing

@Suite("ByteScan.equal: byte comparison 8 at a time")
struct ByteScanEqualTests {
    @Test("equal bytes of every length up to 40 are equal; a difference at any offset is found")
    func everyLengthAndOffset() {
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            bytes.withUnsafeBufferPointer { left in
                let copy = Array(bytes)
                copy.withUnsafeBufferPointer { right in #expect(ByteScan.equal(left, right), "length \(count)") }
                for offset in 0..<count {
                    var changed = bytes
                    changed[offset] ^= 0x80
                    changed.withUnsafeBufferPointer { right in #expect(!ByteScan.equal(left, right), "length \(count), offset \(offset)") }
                }
                let longer = bytes + [0]
                longer.withUnsafeBufferPointer { right in #expect(!ByteScan.equal(left, right), "length \(count) against \(count + 1)") }
            }
        }
    }

    @Test("an empty buffer with no storage equals an empty one with storage")
    func emptyBuffers() {
        let empty: [UInt8] = []
        let withStorage = [UInt8](repeating: 1, count: 4)
        withStorage.withUnsafeBufferPointer { full in
            #expect(ByteScan.equal(UnsafeBufferPointer(start: nil, count: 0), UnsafeBufferPointer(rebasing: full[0..<0])))
            empty.withUnsafeBufferPointer { #expect(ByteScan.equal($0, UnsafeBufferPointer(rebasing: full[2..<2]))) }
        }
    }
}

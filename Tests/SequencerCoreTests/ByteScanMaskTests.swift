@testable import SequencerCore
import SequencerTestSupport
import Testing

@Suite("ByteScan masks: vector lanes gathered into bits")
struct ByteScanMaskTests {
    @Test("every one of the 65,536 lane patterns of a 16-byte comparison gathers into its own bits")
    func everyLanePattern() {
        var mismatches = 0
        for pattern in 0..<(1 << 16) {
            var bytes = SIMD16<UInt8>(repeating: 0x41)
            for lane in 0..<16 where pattern & (1 << lane) != 0 { bytes[lane] = UInt8(ascii: "\"") }
            let gathered = ByteScan.bits(bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "\"")))
            if gathered != UInt64(pattern) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("a 32-byte block's mask has bit i set exactly where byte i is the byte sought")
    func blockMask() {
        var generator = SplitMix64(seed: 15)
        for _ in 0..<2_000 {
            let block = (0..<32).map { _ in UInt8(truncatingIfNeeded: generator.next() % 4) &+ 9 }  // 9…12: newlines among others
            let expected = block.indices.reduce(UInt64(0)) { block[$1] == 10 ? $0 | 1 << UInt64($1) : $0 }
            let mask = block.withUnsafeBytes { ByteScan.mask(of: 10, inBlockAt: $0.baseAddress!) }
            #expect(mask == expected, "block \(block)")
        }
    }
}

import CVectorMask

/// The SIMD scan of 32-byte blocks that the JSON parser (for the special bytes of a string) and
/// the line framer (for newlines) share: two 16-byte vector comparisons whose lane results are
/// gathered into a bit mask, bit `i` for the byte at offset `i` of the block.
///
/// The caller guarantees that the 32 bytes from the pointer it passes are readable; the loads
/// are unaligned.
package enum ByteScan {
    /// The number of bytes one block holds.
    package static let blockSize = 32

    /// A mask with bit `i` set if the byte at `block + i` is `byte`, for `i` in `0..<32`.
    @inlinable @inline(__always)
    package static func mask(of byte: UInt8, inBlockAt block: UnsafeRawPointer) -> UInt64 {
        // (The vector types are spelled out: inferred ones select lane-by-lane operators.)
        let wanted = SIMD16<UInt8>(repeating: byte)
        let low = block.loadUnaligned(as: SIMD16<UInt8>.self)
        let high = block.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self)
        return bits(low .== wanted) | bits(high .== wanted) &<< 16
    }

    /// Whether `left` and `right` hold the same bytes, compared 8 at a time: the comparison of
    /// keys, types and texts in place (the standard `elementsEqual` goes byte by byte through
    /// iterators).
    @inlinable
    package static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        guard let a = left.baseAddress, let b = right.baseAddress else { return true }  // both empty
        let count = left.count
        var index = 0
        while index &+ 8 <= count {
            if UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) {
                return false
            }
            index &+= 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index &+= 1
        }
        return true
    }

    /// Whether `bytes` are exactly the UTF-8 bytes of `literal` (an ASCII key, type or role).
    @inlinable
    package static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        equal(bytes, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Whether any of the 64 bytes from `window` is `byte`: four vector comparisons and one test,
    /// with no mask gathered, for skipping long runs that hold no newline.
    ///
    /// The caller guarantees that the 64 bytes from `window` are readable.
    @inlinable @inline(__always)
    package static func contains(_ byte: UInt8, inWindowAt window: UnsafeRawPointer) -> Bool {
        let wanted = SIMD16<UInt8>(repeating: byte)
        let zero = SIMD16<UInt8>(repeating: 0)
        let hits = zero.replacing(with: 0xFF, where: window.loadUnaligned(as: SIMD16<UInt8>.self) .== wanted)
            | zero.replacing(with: 0xFF, where: window.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self) .== wanted)
            | zero.replacing(with: 0xFF, where: window.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt8>.self) .== wanted)
            | zero.replacing(with: 0xFF, where: window.loadUnaligned(fromByteOffset: 48, as: SIMD16<UInt8>.self) .== wanted)
        let words = unsafeBitCast(hits, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// A mask with bit `i` set if the byte at `block + i` is a `"`, a `\`, a control character
    /// (below 0x20) or not ASCII, for `i` in `0..<32`: the bytes a JSON string scan must visit.
    @inlinable @inline(__always)
    package static func jsonStringSpecials(inBlockAt block: UnsafeRawPointer) -> UInt64 {
        bits(jsonStringSpecials(in: block.loadUnaligned(as: SIMD16<UInt8>.self)))
            | bits(jsonStringSpecials(in: block.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self))) &<< 16
    }

    /// The lanes of `lanes` that are a `"`, a `\`, a control character or not ASCII.
    @inlinable @inline(__always)
    static func jsonStringSpecials(in lanes: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
        // Signed, non-ASCII bytes are negative, so one comparison finds them and the controls.
        lanes .== SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
            .| lanes .== SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
            .| unsafeBitCast(lanes, to: SIMD16<Int8>.self) .< SIMD16<Int8>(repeating: 0x20)
    }

    /// The 16 lanes of `lanes` as the low 16 bits of a mask, lane `i` as bit `i`.
    @inlinable @inline(__always)
    static func bits(_ lanes: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        // A comparison's lanes are 0 or -1: their high bits, gathered by one instruction.
        UInt64(ts_vector_mask(unsafeBitCast(lanes, to: SIMD16<UInt8>.self)))
    }
}

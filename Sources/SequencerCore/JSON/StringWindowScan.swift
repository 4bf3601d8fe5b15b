/// The bulk check of a JSON string's body, a 64-byte window at a time: the string scan's fast
/// path for text dense with escapes and non-ASCII characters, where visiting each special byte
/// in turn costs a mispredicted branch or two apiece.
///
/// One window is classified with vector comparisons into bit masks (bit `i` for the byte at
/// offset `i`), and the masks are checked against each other: escapes by the carry trick that
/// pairs each backslash run (as simdjson does), UTF-8 by matching the continuation bytes against
/// the ones the lead bytes call for. A window that holds anything less common (a `\u` escape, a
/// four-byte sequence, `E0`/`ED`-led sequences, a control character, an error) is answered
/// ``Step/unusual`` and left to the byte-by-byte scan, which also reports the errors. So the
/// window scan accepts a strict subset of what the byte-by-byte scan accepts, and where it
/// accepts, it ends at the same closing quote.
///
/// The window must start where a character or an escape starts (never inside one), and its 64
/// bytes must be readable.
package enum StringWindowScan {
    /// The number of bytes one window holds.
    package static let windowSize = 64

    /// What the scan of one window found.
    package enum Step: Equatable {
        /// The string's closing quote is at this offset, and every byte before it is valid.
        case end(at: Int)
        /// The bytes before this offset (59 to 64) are valid, and a character or an escape
        /// starts at it.
        case valid(through: Int)
        /// The window needs the byte-by-byte scan.
        case unusual
    }

    /// Scans the window at `window`.
    ///
    /// - Precondition: the 64 bytes from `window` are readable, and `window` is not inside an
    ///   escape or a UTF-8 sequence.
    /// - Complexity: O(1): a fixed number of vector and word operations.
    @inline(__always)
    package static func step(at window: UnsafeRawPointer) -> Step {
        let lanes = Lanes(window)
        let special = lanes.mask(ByteScan.jsonStringSpecials(in: lanes.0), ByteScan.jsonStringSpecials(in: lanes.1),
                                 ByteScan.jsonStringSpecials(in: lanes.2), ByteScan.jsonStringSpecials(in: lanes.3))
        if special == 0 { return .valid(through: windowSize) }
        let quote = lanes.mask(equalTo: UInt8(ascii: "\""))
        if quote != 0 {
            // Plain text up to the first quote (the common short case): no further masks.
            let quoteAt = quote.trailingZeroBitCount
            if special & ~(UInt64.max &<< UInt64(quoteAt)) == 0 { return .end(at: quoteAt) }
        }
        let backslash = lanes.mask(equalTo: UInt8(ascii: "\\"))
        let nonASCII = lanes.mask(atLeast: 0x80)
        // Special bytes that are none of those are control characters.
        var trouble = special & ~(quote | backslash | nonASCII)

        // Escapes: `escaped` marks every byte a backslash escapes (a backslash run pairs up
        // from its start; an odd run escapes the byte after it).
        var escaped: UInt64 = 0
        if backslash != 0 {
            let oddBits: UInt64 = 0xAAAA_AAAA_AAAA_AAAA
            let series = ((backslash &<< 1) | oddBits) &- backslash
            escaped = (series ^ oddBits) ^ backslash
            let escapedCharacters = escaped & ~backslash
            if escapedCharacters != 0 {
                trouble |= escapedCharacters & ~lanes.simpleEscapes()
            }
        }

        // UTF-8: two-byte sequences (lead C2–DF) and three-byte ones whose lead needs no check
        // of its second byte beyond that of a continuation byte (E1–EC, EE–EF).
        var continuations: UInt64 = 0
        if nonASCII != 0 {
            let lead2 = lanes.mask(from: 0xC2, through: 0xDF)
            let lead3 = lanes.mask(from: 0xE1, through: 0xEF) & ~lanes.mask(equalTo: 0xED)
            let continuation = nonASCII & ~lanes.mask(atLeast: 0xC0)
            continuations = (lead2 | lead3) &<< 1 | lead3 &<< 2
            trouble |= (nonASCII & ~(lead2 | lead3 | continuation)) | (continuation ^ continuations)
        }

        let quotes = quote & ~escaped
        if quotes != 0 {
            // The quote's own bit is checked too: a sequence cut short by it is an error.
            let quoteAt = quotes.trailingZeroBitCount
            let checked = UInt64.max &>> UInt64(63 - quoteAt)
            return trouble & checked == 0 ? .end(at: quoteAt) : .unusual
        }
        // No closing quote: stop at the last boundary between characters among offsets 59–61, so
        // that every character or escape started before it ends inside the window.
        let boundaries = ~(escaped | continuations) & (0b111 &<< 59)
        guard boundaries != 0 else { return .unusual }
        let through = 63 - boundaries.leadingZeroBitCount
        return trouble & ~(UInt64.max &<< UInt64(through)) == 0 ? .valid(through: through) : .unusual
    }

    /// The window's 64 bytes as four vectors, and the masks of the bytes that pass a test.
    private struct Lanes {
        let lanes: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)

        @inline(__always)
        init(_ window: UnsafeRawPointer) {
            lanes = (
                window.loadUnaligned(as: SIMD16<UInt8>.self),
                window.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self),
                window.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt8>.self),
                window.loadUnaligned(fromByteOffset: 48, as: SIMD16<UInt8>.self))
        }

        var `0`: SIMD16<UInt8> { lanes.0 }
        var `1`: SIMD16<UInt8> { lanes.1 }
        var `2`: SIMD16<UInt8> { lanes.2 }
        var `3`: SIMD16<UInt8> { lanes.3 }

        /// The 64-bit mask of four vectors' marked lanes, in window order.
        @inline(__always)
        func mask(_ m0: SIMDMask<SIMD16<Int8>>, _ m1: SIMDMask<SIMD16<Int8>>,
                  _ m2: SIMDMask<SIMD16<Int8>>, _ m3: SIMDMask<SIMD16<Int8>>) -> UInt64 {
            ByteScan.bits(m0) | ByteScan.bits(m1) &<< 16 | ByteScan.bits(m2) &<< 32 | ByteScan.bits(m3) &<< 48
        }

        @inline(__always)
        func mask(equalTo byte: UInt8) -> UInt64 {
            let wanted = SIMD16<UInt8>(repeating: byte)
            return mask(lanes.0 .== wanted, lanes.1 .== wanted, lanes.2 .== wanted, lanes.3 .== wanted)
        }

        @inline(__always)
        func mask(atLeast byte: UInt8) -> UInt64 {
            let bound = SIMD16<UInt8>(repeating: byte)
            return mask(lanes.0 .>= bound, lanes.1 .>= bound, lanes.2 .>= bound, lanes.3 .>= bound)
        }

        @inline(__always)
        func mask(from low: UInt8, through high: UInt8) -> UInt64 {
            let base = SIMD16<UInt8>(repeating: low)
            let width = SIMD16<UInt8>(repeating: high - low)
            return mask((lanes.0 &- base) .<= width, (lanes.1 &- base) .<= width,
                        (lanes.2 &- base) .<= width, (lanes.3 &- base) .<= width)
        }

        /// The bytes that complete a two-byte escape after a backslash, but for `\\` (which a
        /// backslash run accounts for): `"`, `/`, `b`, `f`, `n`, `r`, `t`.
        @inline(__always)
        func simpleEscapes() -> UInt64 {
            mask(Lanes.isSimpleEscape(lanes.0), Lanes.isSimpleEscape(lanes.1),
                 Lanes.isSimpleEscape(lanes.2), Lanes.isSimpleEscape(lanes.3))
        }

        @inline(__always)
        static func isSimpleEscape(_ bytes: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
            bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
                .| bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "/"))
                .| bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "b"))
                .| bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "f"))
                .| bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "n"))
                .| bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "r"))
                .| bytes .== SIMD16<UInt8>(repeating: UInt8(ascii: "t"))
        }
    }
}

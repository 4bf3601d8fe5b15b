/// The bulk check of a JSON string's body, a 64-byte window at a time: the string scan's fast
/// path for text dense with escapes and non-ASCII characters, where visiting each special byte
/// in turn costs a mispredicted branch or two apiece.
///
/// One window is classified with vector comparisons, and what they find is gathered into bit
/// masks (bit `i` for the byte at offset `i`, one instruction per 16 lanes, see ``ByteScan``)
/// only as far as needed: a window of plain text costs twelve comparisons and one test, and one
/// that holds only quotes and backslashes gathers two masks. Escapes are checked on the masks,
/// by the carry trick that pairs each backslash run (as simdjson does); UTF-8 in the vectors
/// themselves, by comparing each byte with the lead bytes one and two places before it (loaded
/// again at those offsets), whose lanes are gathered only when one of them is wrong. So a
/// window of valid text gathers at most three masks. A window that holds anything less common
/// (a `\u` escape, a four-byte sequence, `E0`/`ED`-led sequences, a control character, an
/// error) is answered ``Step/unusual`` and left to the byte-by-byte scan, which also reports the
/// errors. So the window scan accepts a strict subset of what the byte-by-byte scan accepts, and
/// where it accepts, it ends at the same closing quote.
///
/// The window must start where a character or an escape starts (never inside one); its 64
/// bytes and the 2 before it must be readable.
package enum StringWindowScan {
    /// The number of bytes one window holds.
    package static let windowSize = 64
    /// How many bytes before a window must be readable (the UTF-8 check looks back two).
    package static let lookBehind = 2

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

    private typealias Bytes = SIMD16<UInt8>
    private typealias Lanes = SIMDMask<SIMD16<Int8>>

    /// Scans the window at `window`.
    ///
    /// - Precondition: the 64 bytes from `window` and the 2 before it are readable, and
    ///   `window` is not inside an escape or a UTF-8 sequence.
    /// - Complexity: O(1): a fixed number of vector and word operations.
    @inline(__always)
    package static func step(at window: UnsafeRawPointer) -> Step {
        let v0 = window.loadUnaligned(as: Bytes.self)
        let v1 = window.loadUnaligned(fromByteOffset: 16, as: Bytes.self)
        let v2 = window.loadUnaligned(fromByteOffset: 32, as: Bytes.self)
        let v3 = window.loadUnaligned(fromByteOffset: 48, as: Bytes.self)
        let quote = Bytes(repeating: UInt8(ascii: "\""))
        let backslash = Bytes(repeating: UInt8(ascii: "\\"))
        let q0 = v0 .== quote, q1 = v1 .== quote, q2 = v2 .== quote, q3 = v3 .== quote
        let b0 = v0 .== backslash, b1 = v1 .== backslash, b2 = v2 .== backslash, b3 = v3 .== backslash
        let n0 = isControlOrNonASCII(v0), n1 = isControlOrNonASCII(v1), n2 = isControlOrNonASCII(v2), n3 = isControlOrNonASCII(v3)
        // Plain text (the common case in most strings): no mask gathered.
        if !any(q0 .| b0 .| n0, q1 .| b1 .| n1, q2 .| b2 .| n2, q3 .| b3 .| n3) { return .valid(through: windowSize) }
        let quotes = gather(q0, q1, q2, q3)
        let hasOthers = any(n0, n1, n2, n3)
        let backslashes = any(b0, b1, b2, b3) ? gather(b0, b1, b2, b3) : 0
        let firstQuote = quotes.trailingZeroBitCount  // 64 when there is none
        if !hasOthers && backslashes & lowBits(firstQuote) == 0 {
            return firstQuote < windowSize ? .end(at: firstQuote) : .valid(through: windowSize)
        }

        // Escapes: `escaped` marks every byte a backslash escapes (a backslash run pairs up
        // from its start; an odd run escapes the byte after it).
        var escaped: UInt64 = 0
        var trouble: UInt64 = 0
        if backslashes != 0 {
            let oddBits: UInt64 = 0xAAAA_AAAA_AAAA_AAAA
            let series = ((backslashes &<< 1) | oddBits) &- backslashes
            escaped = (series ^ oddBits) ^ backslashes
            let escapedCharacters = escaped & ~backslashes
            if escapedCharacters != 0 {
                trouble |= escapedCharacters
                    & ~gather(isSimpleEscape(v0), isSimpleEscape(v1), isSimpleEscape(v2), isSimpleEscape(v3))
            }
        }
        // Control characters and UTF-8, only when the window has one or the other; their lanes
        // are gathered only when there is one to place (valid text has none).
        if hasOthers {
            let t0 = troubleBytes(v0, after: window.loadUnaligned(fromByteOffset: -1, as: Bytes.self),
                                  window.loadUnaligned(fromByteOffset: -2, as: Bytes.self))
            let t1 = troubleBytes(v1, after: window.loadUnaligned(fromByteOffset: 15, as: Bytes.self),
                                  window.loadUnaligned(fromByteOffset: 14, as: Bytes.self))
            let t2 = troubleBytes(v2, after: window.loadUnaligned(fromByteOffset: 31, as: Bytes.self),
                                  window.loadUnaligned(fromByteOffset: 30, as: Bytes.self))
            let t3 = troubleBytes(v3, after: window.loadUnaligned(fromByteOffset: 47, as: Bytes.self),
                                  window.loadUnaligned(fromByteOffset: 46, as: Bytes.self))
            if any(t0, t1, t2, t3) { trouble |= gather(t0, t1, t2, t3) }
        }

        let closing = quotes & ~escaped
        if closing != 0 {
            // The quote's own bit is checked too: a sequence cut short by it is an error.
            let quoteAt = closing.trailingZeroBitCount
            return trouble & lowBits(quoteAt &+ 1) == 0 ? .end(at: quoteAt) : .unusual
        }
        // No closing quote: stop at the last boundary between characters among offsets 59–61, so
        // that every character or escape started before it ends inside the window.
        var through = 61
        while through >= 59, escaped & (1 &<< UInt64(through)) != 0 || continues(window, at: through) {
            through -= 1
        }
        guard through >= 59 else { return .unusual }
        return trouble & lowBits(through) == 0 ? .valid(through: through) : .unusual
    }

    /// A mask of the `count` lowest bits (all 64 when `count` is 64 or more).
    @inline(__always)
    private static func lowBits(_ count: Int) -> UInt64 {
        count >= 64 ? UInt64.max : (1 &<< UInt64(count)) &- 1
    }

    /// Whether the byte at `offset` of the window is a continuation byte that a lead byte one or
    /// two places before it calls for (so a character does not start there).
    @inline(__always)
    private static func continues(_ window: UnsafeRawPointer, at offset: Int) -> Bool {
        let before = window.load(fromByteOffset: offset - 1, as: UInt8.self)
        let twoBefore = window.load(fromByteOffset: offset - 2, as: UInt8.self)
        return before >= 0xC0 || twoBefore >= 0xE0
    }

    /// The bytes a string scan must look at besides quotes and backslashes: control characters
    /// and non-ASCII bytes (as signed bytes, both are below 0x20).
    @inline(__always)
    private static func isControlOrNonASCII(_ bytes: Bytes) -> Lanes {
        unsafeBitCast(bytes, to: SIMD16<Int8>.self) .< SIMD16<Int8>(repeating: 0x20)
    }

    /// Whether any lane of the four masks is set, without gathering them.
    @inline(__always)
    private static func any(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes) -> Bool {
        let zero = Bytes(repeating: 0)
        let set = zero.replacing(with: 0xFF, where: m0 .| m1 .| m2 .| m3)
        let words = unsafeBitCast(set, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// The 64-bit mask of four vectors' marked lanes, in window order.
    @inline(__always)
    private static func gather(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes) -> UInt64 {
        ByteScan.bits(m0) | ByteScan.bits(m1) &<< 16 | ByteScan.bits(m2) &<< 32 | ByteScan.bits(m3) &<< 48
    }

    /// The bytes that complete a two-byte escape after a backslash, but for `\\` (which a
    /// backslash run accounts for): `"`, `/`, `b`, `f`, `n`, `r`, `t`.
    @inline(__always)
    private static func isSimpleEscape(_ bytes: Bytes) -> Lanes {
        bytes .== Bytes(repeating: UInt8(ascii: "\""))
            .| bytes .== Bytes(repeating: UInt8(ascii: "/"))
            .| bytes .== Bytes(repeating: UInt8(ascii: "b"))
            .| bytes .== Bytes(repeating: UInt8(ascii: "f"))
            .| bytes .== Bytes(repeating: UInt8(ascii: "n"))
            .| bytes .== Bytes(repeating: UInt8(ascii: "r"))
            .| bytes .== Bytes(repeating: UInt8(ascii: "t"))
    }

    /// The lanes of `bytes` that are a control character, or break the window's UTF-8 rule,
    /// given the bytes one (`previous`) and two (`previous2`) places before each lane: a byte
    /// the window leaves to the byte-by-byte scan (C0, C1, E0, ED, F0–FF); a continuation byte
    /// (80–BF) where none is called for; or another byte where one is. A continuation is called
    /// for after any lead byte (C0 and above) and after the first continuation of a three-byte
    /// lead (E0 and above). Where the lead is one the window leaves, that lead's own lane is
    /// trouble, and it comes first: so every lane up to the first trouble is judged exactly, and
    /// the window looks no further. (The bytes before the window end whole characters: no lead
    /// there calls for a continuation in it.)
    @inline(__always)
    private static func troubleBytes(_ bytes: Bytes, after previous: Bytes, _ previous2: Bytes) -> Lanes {
        let isContinuation = (bytes & Bytes(repeating: 0xC0)) .== Bytes(repeating: 0x80)
        let expected = previous .>= Bytes(repeating: 0xC0) .| previous2 .>= Bytes(repeating: 0xE0)
        let leftToBytes = (bytes & Bytes(repeating: 0xFE)) .== Bytes(repeating: 0xC0)
            .| bytes .== Bytes(repeating: 0xE0) .| bytes .== Bytes(repeating: 0xED) .| bytes .>= Bytes(repeating: 0xF0)
        return bytes .< Bytes(repeating: 0x20) .| (isContinuation .^ expected) .| leftToBytes
    }
}

@testable import SequencerCore
import SequencerTestSupport
import Testing

@Suite("StringWindowScan: the string scan's 64-byte fast path")
struct StringWindowScanTests {
    /// The step for the window made of `text` (padded with `a` to 64 bytes), after `:"` as a
    /// string's first window is.
    private func step(_ text: [UInt8]) -> StringWindowScan.Step {
        var window = Array(#":""#.utf8) + text
        window += [UInt8](repeating: UInt8(ascii: "a"), count: max(0, 66 - window.count))
        return window.withUnsafeBytes { StringWindowScan.step(at: $0.baseAddress! + StringWindowScan.lookBehind) }
    }

    private func ascii(_ count: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: "x"), count: count) }

    @Test("a window of plain text is valid whole")
    func plainWindow() {
        #expect(step(ascii(64)) == .valid(through: 64))
    }

    @Test("the first unescaped quote ends the string, an escaped one does not")
    func quotes() {
        #expect(step(ascii(10) + Array(#"""#.utf8)) == .end(at: 10))
        #expect(step(ascii(3) + Array(#"\"ab\\"x"#.utf8)) == .end(at: 9))
        #expect(step(ascii(3) + Array(#"\\\"é"tail"#.utf8)) == .end(at: 9))
    }

    @Test("escapes, two- and three-byte characters and escaped backslash runs are taken in bulk")
    func commonSpecials() {
        let text = Array(#"line\n\"quoted\" path\\to é 日本 \/\b\f\r\t"#.utf8)
        #expect(step(text + Array(#"""#.utf8)) == .end(at: text.count))
    }

    @Test("a window stops before a character or an escape that runs past its end")
    func boundaries() {
        // A backslash at 60 escapes the byte at 61: 60 is the last boundary in 59–61.
        #expect(step(ascii(60) + Array(#"\n"#.utf8)) == .valid(through: 60))
        // A three-byte character at 60 ends at 62; 59 and 60 are boundaries, 61 is not.
        #expect(step(ascii(60) + Array("日".utf8)) == .valid(through: 60))
        // A two-byte character at 59 covers 60; 61 is the last boundary.
        #expect(step(ascii(59) + Array("é".utf8)) == .valid(through: 61))
        // A run of three backslashes at 59: the escape at 61 reaches 62.
        #expect(step(ascii(59) + Array(#"\\\n"#.utf8)) == .valid(through: 61))
    }

    @Test("anything less common is left to the byte-by-byte scan", arguments: [
        #"\u0041"#, "😀", "\u{7}", #"\x"#, "\u{800}", "\u{D000}",
    ])
    func unusual(_ text: String) {
        #expect(step(ascii(5) + Array(text.utf8) + Array(#"""#.utf8)) == .unusual)
    }

    @Test("ill-formed UTF-8 is left to the byte-by-byte scan", arguments: [
        [0xC3], [0x80], [0xE6, 0x97], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xFF],
    ] as [[UInt8]])
    func illFormed(_ bytes: [UInt8]) {
        #expect(step(ascii(5) + bytes + Array(#"""#.utf8)) == .unusual)
    }

    /// Strings built from pieces that straddle window boundaries at every offset, valid and not.
    private static func randomStringLiteral(_ random: inout SplitMix64) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("plain text ".utf8), Array(#"\n"#.utf8), Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\\\\"#.utf8),
            Array(#"\/"#.utf8), Array(#"\t\r\b\f"#.utf8), Array(#"\u00e9"#.utf8), Array(#"\uD83D\uDE00"#.utf8),
            Array("é".utf8), Array("日本".utf8), Array("😀".utf8), Array("\u{E000}".utf8), Array("\u{D7FF}".utf8),
            [0x22], [0x5C], [0x5C, 0x78], [0x01], [0x7F], [0xC3], [0x80], [0xE6, 0x97], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xC0, 0xAF], [0xFF], Array(#"\uD800x"#.utf8), Array(#"\u12"#.utf8),
        ]
        var text: [UInt8] = [UInt8(ascii: "\"")]
        let count = 1 + random.below(40)
        for _ in 0..<count {
            // Mostly the valid pieces; an invalid one now and then.
            let index = random.below(100) < 85 ? random.below(14) : random.below(pieces.count)
            text += pieces[index]
            text += [UInt8](repeating: UInt8(ascii: "a"), count: random.below(4))
        }
        if random.below(10) < 9 { text.append(UInt8(ascii: "\"")) }
        return text
    }

    @Test("parsing with and without the window scan gives the same value or the same error")
    func sameResultBothWays() {
        var random = SplitMix64(seed: 15)
        var windowed = 0
        for _ in 0..<20_000 {
            var text = StringWindowScanTests.randomStringLiteral(&random)
            if random.below(2) == 0 { text = Array(#"{"key":"#.utf8) + text + Array("}".utf8) }
            let fast = Result { () throws(JSONParseError) in try JSONParser.parse(text, windowScan: true) }
            let slow = Result { () throws(JSONParseError) in try JSONParser.parse(text, windowScan: false) }
            #expect(fast == slow, "\(String(decoding: text, as: UTF8.self))")
            if text.count > 70 { windowed += 1 }
        }
        // Most texts are long enough for at least one window.
        #expect(windowed > 10_000)
    }
}

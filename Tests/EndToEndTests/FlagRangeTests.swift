import Foundation
import SequencerCLI
import SequencerTestSupport
import Testing

/// Every numeric flag of the built binary, at and past the ends of its range.
@Suite("Flags: a numeric flag outside its range is a usage error, never a crash")
struct FlagRangeTests {
    /// Each flag with a value just past its range and one far past it (`Int.max`, which used to
    /// trap on an overflow in the line framer), and 0.
    static let outOfRange: [(LimitFlag, String)] = LimitFlag.allCases.flatMap { flag in
        [(flag, String(flag.range.upperBound + 1)), (flag, String(Int.max)), (flag, "0"), (flag, "99999999999999999999")]
    }

    @Test("a value outside the range: the flag and its range on stderr, the usage hint, exit 2, nothing on stdout",
          arguments: outOfRange)
    func outside(_ flag: LimitFlag, _ value: String) throws {
        let input = Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#.utf8) + [0x0A]
        let outcome = try Sidecar.run(arguments: [flag.rawValue, value], input: input)
        #expect(!outcome.timedOut)
        #expect(outcome.exitedNormally && outcome.status == 2, "exit \(outcome.status), killed: \(!outcome.exitedNormally); stderr: \(outcome.stderrText)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderrText == """
            tool-sequencer: \(flag.rawValue) must be a whole number from 1 to \(flag.range.upperBound), not '\(value)'
            Run 'tool-sequencer --help' for usage.

            """)
    }

    @Test("the largest value of each range is accepted and reported by initialize", arguments: LimitFlag.allCases)
    func largest(_ flag: LimitFlag) throws {
        let input = Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#.utf8) + [0x0A]
        let outcome = try Sidecar.run(arguments: ["\(flag.rawValue)=\(flag.range.upperBound)"], input: input)
        #expect(outcome.exitedNormally && outcome.status == 0, "exit \(outcome.status); stderr: \(outcome.stderrText)")
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        #expect(text.contains(#""\#(flag.key)":\#(flag.range.upperBound)"#), "initialize: \(text)")
    }
}

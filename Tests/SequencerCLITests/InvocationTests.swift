import SequencerCore
import SequencerRPC
import Testing
@testable import SequencerCLI

@Suite("Invocation: the command line")
struct InvocationTests {
    @Test("no arguments serve with the default limits")
    func serveDefaults() throws {
        #expect(try Invocation.parse([]) == .serve(.init()))
    }

    @Test("every sidecar flag, in both spellings")
    func serveFlags() throws {
        var expected = Invocation.ServeOptions()
        expected.limits = ServerLimits(maxLineBytes: 100, maxDepth: 7, maxSessions: 3)
        expected.frozenClock = true
        expected.tracePath = "/tmp/t.jsonl"
        #expect(try Invocation.parse(["--max-line-bytes", "100", "--max-depth=7", "--max-sessions", "3", "--frozen-clock", "--trace", "/tmp/t.jsonl"]) == .serve(expected))
    }

    @Test("--max-total-bytes sets the limit on all sessions' bytes, a whole number in its range like the other limits")
    func maxTotalBytes() throws {
        var expected = Invocation.ServeOptions()
        expected.limits.maxTotalBytes = 4096
        #expect(try Invocation.parse(["--max-total-bytes", "4096"]) == .serve(expected))
        #expect(try Invocation.parse(["--max-total-bytes=4096"]) == .serve(expected))
        #expect(throws: Invocation.UsageError(message: "--max-total-bytes must be a whole number from 1 to 1099511627776, not '0'", subcommand: nil)) {
            try Invocation.parse(["--max-total-bytes", "0"])
        }
    }

    @Test("help and version, anywhere they are asked for")
    func helpAndVersion() throws {
        #expect(try Invocation.parse(["--help"]) == .help(nil))
        #expect(try Invocation.parse(["-h"]) == .help(nil))
        #expect(try Invocation.parse(["help"]) == .help(nil))
        #expect(try Invocation.parse(["help", "repair"]) == .help(.repair))
        #expect(try Invocation.parse(["check", "--help"]) == .help(.check))
        #expect(try Invocation.parse(["--version"]) == .version)
    }

    @Test("subcommands with their options")
    func subcommands() throws {
        #expect(try Invocation.parse(["check", "a.jsonl"]) == .check(.init(path: "a.jsonl", timeline: false)))
        #expect(try Invocation.parse(["check", "--timeline", "-"]) == .check(.init(path: "-", timeline: true)))
        #expect(try Invocation.parse(["repair", "r.jsonl", "--format", "gemini", "--missing-output=drop"])
            == .repair(.init(path: "r.jsonl", format: .gemini, missingOutput: .drop)))
        #expect(try Invocation.parse(["replay", "t.jsonl"]) == .replay(path: "t.jsonl"))
    }

    @Test("mistakes name what is wrong and which usage applies", arguments: [
        (["--max-depth"], "--max-depth needs a value", nil),
        (["--max-depth", "0"], "--max-depth must be a whole number from 1 to 512, not '0'", nil),
        (["--max-depth", "513"], "--max-depth must be a whole number from 1 to 512, not '513'", nil),
        (["--max-depth", "100000"], "--max-depth must be a whole number from 1 to 512, not '100000'", nil),
        (["--max-line-bytes=abc"], "--max-line-bytes must be a whole number from 1 to 1099511627776, not 'abc'", nil),
        (["--max-line-bytes", "9223372036854775807"], "--max-line-bytes must be a whole number from 1 to 1099511627776, not '9223372036854775807'", nil),
        (["--max-line-bytes", "1099511627777"], "--max-line-bytes must be a whole number from 1 to 1099511627776, not '1099511627777'", nil),
        (["--max-session-bytes", "-1"], "--max-session-bytes must be a whole number from 1 to 1099511627776, not '-1'", nil),
        (["--max-sessions", "2147483648"], "--max-sessions must be a whole number from 1 to 2147483647, not '2147483648'", nil),
        (["--max-held", "99999999999999999999"], "--max-held must be a whole number from 1 to 2147483647, not '99999999999999999999'", nil),
        (["--bogus"], "unknown argument '--bogus'", nil),
        (["check"], "check needs a FILE", Invocation.Subcommand.check),
        (["check", "a", "b"], "check takes one FILE; 'b' is one too many", .check),
        (["check", "--format", "chat", "a"], "unknown option '--format' for check", .check),
        (["repair", "a", "--format", "xml"], "--format must be one of responses, chat, anthropic, gemini, not 'xml'", .repair),
        (["repair", "a", "--missing-output", "keep"], "--missing-output must be one of synthesize, drop, error, not 'keep'", .repair),
        (["help", "nope"], "no subcommand named 'nope'; the subcommands are check, repair, replay", nil),
    ] as [([String], String, Invocation.Subcommand?)])
    func mistakes(arguments: [String], message: String, subcommand: Invocation.Subcommand?) {
        #expect(throws: Invocation.UsageError(message: message, subcommand: subcommand)) {
            try Invocation.parse(arguments)
        }
    }

    @Test("each numeric flag accepts both ends of its range")
    func rangeEnds() throws {
        for flag in LimitFlag.allCases {
            for value in [flag.range.lowerBound, flag.range.upperBound] {
                guard case .serve(let options) = try Invocation.parse([flag.rawValue, String(value)]) else {
                    Issue.record("\(flag.rawValue) \(value) is not a serve invocation")
                    continue
                }
                #expect(flag.value(in: options.limits) == value)
            }
        }
    }

    @Test("the documented ranges: bytes up to 1 TiB, counts up to Int32.max, depth up to 512, every default inside")
    func ranges() {
        #expect(LimitFlag.maxLineBytes.range == 1...1_099_511_627_776)
        #expect(LimitFlag.maxSessionBytes.range == 1...1_099_511_627_776)
        #expect(LimitFlag.maxSessions.range == 1...2_147_483_647)
        #expect(LimitFlag.maxHeld.range == 1...2_147_483_647)
        #expect(LimitFlag.maxDepth.range == 1...512)
        #expect(LimitFlag.problems(in: ServerLimits.defaults).isEmpty)
    }

    @Test("--help gives each numeric flag's default, read from ServerLimits.defaults, and its range")
    func helpDefaultsAndRanges() {
        let tool = HelpText.text(for: nil)
        for flag in LimitFlag.allCases {
            let expected = "(default \(flag.value(in: ServerLimits.defaults))"
            let option = HelpText.option(flag)
            #expect(option.hasPrefix("  \(flag.rawValue) N"))
            #expect(option.contains(expected), "\(option)")
            #expect(option.contains("1 to \(flag.range.upperBound)"), "\(option)")
            #expect(tool.contains(option))
        }
        #expect(HelpText.option(.maxDepth) == """
              --max-depth N        Deepest nesting of arrays and objects (default 512; 1 to 512:
                                   deeper could overflow the stack).
            """)
    }

    @Test("--help names every flag and subcommand, and each subcommand's help its options")
    func helpTexts() {
        let tool = HelpText.text(for: nil)
        for word in ["--max-line-bytes", "--max-depth", "--max-sessions", "--frozen-clock", "--trace", "check FILE", "repair FILE", "replay TRACE", "TOOL_SEQUENCER_LOG", "EXAMPLES"] {
            #expect(tool.contains(word), "tool help lacks \(word)")
        }
        #expect(HelpText.text(for: .check).contains("--timeline"))
        #expect(HelpText.text(for: .repair).contains("--missing-output POLICY"))
        #expect(HelpText.text(for: .replay).contains("EXIT STATUS"))
    }
}

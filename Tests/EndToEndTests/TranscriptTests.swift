import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

/// Runs every golden conversation in `protocol/transcripts/` through the built `tool-sequencer`
/// over real pipes and compares its stdout, line by line, with the expected one.
@Suite("Golden transcripts: the built sidecar answers each one exactly")
struct TranscriptTests {
    @Test("the transcripts directory holds complete NAME.in.jsonl / NAME.out.jsonl pairs")
    func pairsAreComplete() throws {
        #expect(Transcript.names.count >= 30, "found \(Transcript.names.count) transcripts in \(ProtocolDirectory.transcripts.path)")
        let names = Set(Transcript.names)
        for file in Transcript.allFiles where file != "README.md" {
            let stem = [".in.jsonl", ".out.jsonl", ".args"].lazy.compactMap { suffix in
                file.hasSuffix(suffix) ? String(file.dropLast(suffix.count)) : nil
            }.first
            #expect(stem.map(names.contains) == true, "\(file) belongs to no transcript")
        }
        for name in Transcript.names {
            let output = ProtocolDirectory.transcripts.appendingPathComponent("\(name).out.jsonl")
            #expect(FileManager.default.fileExists(atPath: output.path), "\(name).in.jsonl has no \(name).out.jsonl")
        }
    }

    @Test("stdout matches NAME.out.jsonl exactly, exit status 0, protocol lines only", arguments: Transcript.names)
    func transcript(_ name: String) throws {
        let transcript = try Transcript(named: name)
        let outcome = try transcript.run()
        #expect(!outcome.timedOut, "\(name): the sidecar did not finish in time")
        #expect(outcome.exitedNormally && outcome.status == 0,
                "\(name): exit \(outcome.exitedNormally ? "status" : "signal") \(outcome.status); stderr: \(outcome.stderrText)")

        for (index, line) in outcome.stdoutLines.enumerated() {
            if let problem = ProtocolLine.problem(with: line) {
                Issue.record("\(name): stdout line \(index + 1) is not a protocol line: \(problem): \(String(decoding: line, as: UTF8.self))")
            }
        }
        if outcome.stdout != transcript.expectedOutput {
            Issue.record(Comment(rawValue: TranscriptTests.firstDifference(transcript, actual: outcome.stdout)))
        }
    }

    /// A description of the first line where `actual` and the expected output differ, with the
    /// request that line answers.
    static func firstDifference(_ transcript: Transcript, actual: [UInt8]) -> String {
        let expected = transcript.expectedLines
        let got = Sidecar.lines(of: actual)
        let common = min(expected.count, got.count)
        let index = (0..<common).first { expected[$0] != got[$0] } ?? common
        func text(_ lines: [ArraySlice<UInt8>], _ index: Int) -> String {
            index < lines.count ? String(decoding: lines[index], as: UTF8.self) : "(no line: the output ends here)"
        }
        var report = "\(transcript.name): stdout differs from \(transcript.name).out.jsonl at line \(index + 1)\n"
        report += "  expected: \(text(expected, index))\n"
        report += "  actual:   \(text(got, index))\n"
        if expected.count == got.count && index == expected.count {
            report += "  (the lines agree; the bytes differ, for example in the final newline)\n"
        }
        let lines = index < expected.count ? expected : got
        if let exchanges = try? Exchange.pair(inputLines: transcript.inputLines, outputLines: Array(lines.prefix(index + 1))) {
            let requests = exchanges.filter { $0.outputLine == index }.compactMap { (exchange: Exchange) in exchange.request }
            if requests.isEmpty {
                report += "  answering: a line without a usable id (a parse error, an invalid request or an over-long line)"
            }
            for request in requests {
                report += "  answering input line \(request.inputLine + 1): \(request.message)\n"
            }
        }
        return report
    }
}

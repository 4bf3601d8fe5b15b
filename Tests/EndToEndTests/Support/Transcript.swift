import Foundation
import SequencerTestSupport

/// One golden conversation in `protocol/transcripts/`: `NAME.in.jsonl` (the request bytes),
/// `NAME.out.jsonl` (the exact expected stdout) and, optionally, `NAME.args` (extra command-line
/// flags, whitespace-separated).
struct Transcript: Sendable, CustomStringConvertible {
    /// The common file name stem.
    let name: String
    /// The request bytes, exactly as the sidecar reads them.
    let input: [UInt8]
    /// The expected stdout, exactly.
    let expectedOutput: [UInt8]
    /// The flags to pass after `--frozen-clock`.
    let arguments: [String]

    var description: String { name }

    /// The transcript names, sorted: every `NAME` with a `NAME.in.jsonl`.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: ProtocolDirectory.transcripts.path)) ?? []
        return files.filter { $0.hasSuffix(".in.jsonl") }.map { String($0.dropLast(".in.jsonl".count)) }.sorted()
    }()

    /// Every file in the transcripts directory, for checking that each belongs to a transcript.
    static let allFiles: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: ProtocolDirectory.transcripts.path)) ?? []).sorted()
    }()

    /// Loads the transcript `name`.
    init(named name: String) throws {
        self.name = name
        let directory = ProtocolDirectory.transcripts
        input = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).in.jsonl")))
        expectedOutput = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).out.jsonl")))
        let argumentsFile = directory.appendingPathComponent("\(name).args")
        if FileManager.default.fileExists(atPath: argumentsFile.path) {
            let text = try String(contentsOf: argumentsFile, encoding: .utf8)
            arguments = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        } else {
            arguments = []
        }
    }

    /// The input lines, split at `\n` (raw bytes: they may be garbage or invalid UTF-8).
    var inputLines: [ArraySlice<UInt8>] { Sidecar.lines(of: input) }

    /// The expected output lines.
    var expectedLines: [ArraySlice<UInt8>] { Sidecar.lines(of: expectedOutput) }

    /// Runs the built sidecar over this transcript's input, with `--frozen-clock` and its flags.
    func run() throws -> Sidecar.Outcome {
        try Sidecar.run(arguments: ["--frozen-clock"] + arguments, input: input)
    }
}

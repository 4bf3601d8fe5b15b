import Foundation
import SequencerCore

/// The in-process peer (issue 15): `examples/rust-host`'s `sequence-peer`, a Rust program that
/// times in its own process what a Rust host does per request instead of asking the sidecar
/// (clone the history, insert the missing outputs, drop orphans, serialize the body), and, for
/// one small `session/submit` line, the least a JSON-RPC peer built on serde does with it.
///
/// Only figures the peer printed are returned: when it is not built or fails, `measure` says
/// why and returns nil, and the benchmark reports no row for it.
struct InProcessPeer {
    /// The peer's executable.
    let path: String

    /// What the peer printed for one request file.
    struct Measurement {
        /// Items in the history it read.
        let items: Int
        /// Bytes of the request line it read.
        let bytes: Int
        /// Median nanoseconds per request on Codex's typed items (`ResponseItem`).
        let medianNs: Double
        /// Median nanoseconds per request on untyped `serde_json::Value`s.
        let valueMedianNs: Double
        /// Synthetic outputs it inserted.
        let synthesized: Int
    }

    /// Where the peer is looked for when `--peer` is not given: `examples/rust-host/target/
    /// release/sequence-peer` under the current directory or under any folder above the
    /// benchmark's executable (the repository, for `.build/release/tool-sequencer-bench`).
    static func defaultPath(executableDirectory: URL) -> String {
        let relative = "examples/rust-host/target/release/sequence-peer"
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var folder = executableDirectory
        while folder.path != "/" && !folder.path.isEmpty {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates {
            let path = candidate.appendingPathComponent(relative).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return candidates[0].appendingPathComponent(relative).path
    }

    /// Why the peer cannot be run, or nil when it can.
    var missing: String? {
        FileManager.default.isExecutableFile(atPath: path) ? nil
            : "no in-process peer at \(path); build it with 'cd examples/rust-host && cargo build --release --offline --bin sequence-peer' or pass --peer PATH"
    }

    /// What the peer printed for one small `session/submit` line (`--submit`).
    struct SubmitMeasurement {
        /// Bytes of the request line it read.
        let bytes: Int
        /// Median nanoseconds per line: parse it into typed items, find the session, keep the
        /// items, write the answer.
        let medianNs: Double
    }

    /// Runs the peer on `requestFile` for `runs` timed runs; returns its figures, or a reason.
    func measure(requestFile: String, runs: Int) -> Result<Measurement, PeerFailure> {
        run([requestFile, "--runs", String(runs)]).flatMap { record in
            guard let items = record["items"]?.numberValue?.intValue,
                  let bytes = record["bytes"]?.numberValue?.intValue,
                  let median = record["medianNs"]?.numberValue?.intValue,
                  let valueMedian = record["valueMedianNs"]?.numberValue?.intValue,
                  let synthesized = record["synthesized"]?.numberValue?.intValue else {
                return .failure(PeerFailure(message: "\(path) printed no figures for a sequence request: \(record)"))
            }
            return .success(Measurement(items: items, bytes: bytes, medianNs: Double(median), valueMedianNs: Double(valueMedian), synthesized: synthesized))
        }
    }

    /// Runs the peer on the `session/submit` line in `lineFile` (`--submit`) for `runs` timed
    /// runs; returns its figures, or a reason.
    func measureSubmit(lineFile: String, runs: Int) -> Result<SubmitMeasurement, PeerFailure> {
        run(["--submit", lineFile, "--runs", String(runs)]).flatMap { record in
            guard let bytes = record["bytes"]?.numberValue?.intValue,
                  let median = record["medianNs"]?.numberValue?.doubleValue else {
                return .failure(PeerFailure(message: "\(path) printed no figures for a submit line: \(record)"))
            }
            return .success(SubmitMeasurement(bytes: bytes, medianNs: median))
        }
    }

    /// Runs the peer with `arguments`; returns the JSON object it printed, or a reason.
    private func run(_ arguments: [String]) -> Result<JSONValue, PeerFailure> {
        if let missing { return .failure(PeerFailure(message: missing)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            return .failure(PeerFailure(message: "cannot start \(path): \(error)"))
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(PeerFailure(message: "\(path) exited with \(process.terminationStatus): \(String(decoding: complaint.prefix(400), as: UTF8.self))"))
        }
        let line = Array(printed).prefix { $0 != 10 }
        guard let record = try? JSONParser.parse(Array(line)), record.objectValue != nil else {
            return .failure(PeerFailure(message: "\(path) printed no figures: \(String(decoding: printed.prefix(400), as: UTF8.self))"))
        }
        return .success(record)
    }
}

/// Why the in-process peer gave no figures.
struct PeerFailure: Error {
    /// What a user can do about it.
    let message: String
}

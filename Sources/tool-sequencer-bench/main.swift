import Foundation
import SequencerCore

// tool-sequencer-bench: measures the release sidecar over real pipes, each figure against a
// baseline measured in the same run (an echo peer, cat, Foundation's JSONSerialization).

let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "--echo" {
    EchoPeer.run()
    exit(0)
}

if arguments.first == "--write-request", arguments.count == 3, let count = Int(arguments[1]) {
    // Writes the `sequence` request line the throughput measure sends, for profiling.
    var generator = HistoryGenerator(seed: 42)
    var writer = JSONWriter(capacity: 1 << 20)
    writer.raw(#"{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"items":"#)
    writer.write(generator.items(count))
    writer.raw("}}\n")
    guard FileManager.default.createFile(atPath: arguments[2], contents: Data(writer.bytes)) else {
        FileHandle.standardError.write(Data("tool-sequencer-bench: cannot write \(arguments[2])\n".utf8))
        exit(2)
    }
    exit(0)
}

if arguments.contains("-h") || arguments.contains("--help") {
    print("""
        USAGE: tool-sequencer-bench [--sidecar PATH] [--peer PATH] [--quick] [--json] [--only MEASURE]
               tool-sequencer-bench --soak [--requests N] [--sidecar PATH]
               tool-sequencer-bench --write-request N FILE

        Spawns the sidecar (by default the tool-sequencer next to this executable; build both
        with -c release) and measures, each against a baseline in the same run:
          latency     p50/p99/p999 of a small session/submit round trip vs an echo peer;
                      the sidecar's own work per submit (p50 less the echo's) vs the least
                      a serde peer does with the same line, in process (sequence-peer --submit)
          throughput  sequence of a 10,000-item history vs cat and vs Foundation JSON
          whole-history
                      sequence of a 10,000- and a 100,000-item history (the host keeps it
                      and sends it whole) vs an in-process Rust peer doing the same work
                      (examples/rust-host's sequence-peer) and vs cat | cat | cat; the time
                      half of cat | cat | cat's rate leaves, vs the in-process peer's
          growth      session/messages since a recent revision at 1,000 and 100,000 items;
                      one sequence call at 1,000, 10,000 and 100,000 items
          memory      peak RSS holding 100,000 items vs the bytes of those items
        Round trips (latency, and session/messages under growth) are timed with the benchmark
        and its peers on one CPU, the echo peer included: across CPUs, a shared machine's
        wake-up cost (3 to 80+ µs, run to run) would swamp what is measured.

        OPTIONS:
          --sidecar PATH   The tool-sequencer binary to measure.
          --peer PATH      The in-process peer (default: examples/rust-host/target/release/
                           sequence-peer under the current directory or above this
                           executable). When it is missing its rows are left out, and the
                           table says why.
          --quick          Smaller sizes, for a smoke run (figures are not comparable).
          --json           Print one machine-readable JSON record instead of the table.
          --only MEASURE   Run one measure: latency, throughput, whole-history, growth or
                           memory.
          --soak           Send N (default 1,000,000) mixed requests, bad ones included,
                           across 64 sessions; compare every answer with an in-process
                           server fed the same lines; check that memory after closing every
                           session is back within 8 MB of where it started. Exits 1 if not.
          --write-request N FILE
                           Write the sequence request of an N-item history to FILE (for
                           profiling the sidecar on the same bytes) and exit.
        """)
    exit(0)
}

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let executableDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let sidecar = option("--sidecar") ?? executableDirectory.appendingPathComponent("tool-sequencer").path
let quick = arguments.contains("--quick")
let asJSON = arguments.contains("--json")
guard FileManager.default.isExecutableFile(atPath: sidecar) else {
    FileHandle.standardError.write("tool-sequencer-bench: no sidecar at \(sidecar); build it with 'swift build -c release' or pass --sidecar PATH\n".data(using: .utf8)!)
    exit(2)
}
let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path

if arguments.contains("--soak") {
    let count = option("--requests").flatMap(Int.init) ?? 1_000_000
    let soak = Soak(sidecar: sidecar, requests: count, sessions: 64)
    let outcome = try soak.run()
    let mb = { (bytes: Int) in format(Double(bytes) / 1e6, 1) }
    print("soak: \(outcome.requests) answers checked against an in-process reference in \(format(outcome.seconds, 1)) s; \(outcome.mismatches) differed")
    print("soak: RSS \(mb(outcome.rssStart)) MB before, peak \(mb(outcome.rssPeak)) MB, \(mb(outcome.rssEnd)) MB after closing every session")
    if let first = outcome.firstMismatch { print("soak: first difference:\n\(first)") }
    let returned = outcome.rssEnd <= outcome.rssStart + 8 << 20
    print(outcome.mismatches == 0 && returned ? "soak: passed" : "soak: FAILED")
    exit(outcome.mismatches == 0 && returned ? 0 : 1)
}

let peer = InProcessPeer(path: option("--peer") ?? InProcessPeer.defaultPath(executableDirectory: executableDirectory))
var bench = Benchmark(sidecar: sidecar, selfPath: selfPath, quick: quick, log: !asJSON, peer: peer)
let only = option("--only")
if let only, !Benchmark.measures.contains(only) {
    FileHandle.standardError.write(Data("tool-sequencer-bench: --only takes one of \(Benchmark.measures.joined(separator: ", ")), not '\(only)'\n".utf8))
    exit(2)
}
let results = try bench.runAll(only: only)
if asJSON {
    print(results.json)
} else {
    print(results.table)
}

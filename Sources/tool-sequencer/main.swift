#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerCLI
import SequencerRPC
import SequencerStore

// Wires the command line, the environment, files, the server and stdio together.

let invocation: Invocation
do {
    invocation = try Invocation.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let help = error.subcommand.map { "tool-sequencer help \($0.rawValue)" } ?? "tool-sequencer --help"
    StdioTransport.log("tool-sequencer: \(error.message)\nRun '\(help)' for usage.")
    exit(2)
}

switch invocation {
case .help(let subcommand):
    print(HelpText.text(for: subcommand))
case .version:
    print("tool-sequencer \(Server.version) (protocol \(Server.protocolVersion))")
case .check(let options):
    exit(FileCommand.run(path: options.path) { CheckCommand.run(file: options.path, contents: $0, timeline: options.timeline) })
case .repair(let options):
    exit(FileCommand.run(path: options.path) { RepairCommand.run(file: options.path, contents: $0, options: options) })
case .replay(let path):
    exit(FileCommand.run(path: path) { ReplayCommand.run(file: path, contents: $0) })
case .serve(let options):
    var level = Logger.Level.warn
    if let name = getenv("TOOL_SEQUENCER_LOG").map({ String(cString: $0) }), !name.isEmpty {
        if let chosen = Logger.Level(name: name) {
            level = chosen
        } else {
            StdioTransport.log("tool-sequencer warn: TOOL_SEQUENCER_LOG='\(name)' is not one of error, warn, info, debug, trace; using warn")
        }
    }
    var logFormat = Logger.Format.text
    if let name = getenv("TOOL_SEQUENCER_LOG_FORMAT").map({ String(cString: $0) }), !name.isEmpty {
        if let chosen = Logger.Format(rawValue: name) {
            logFormat = chosen
        } else {
            StdioTransport.log("tool-sequencer warn: TOOL_SEQUENCER_LOG_FORMAT='\(name)' is not one of text, json; using text")
        }
    }
    let logger = Logger(level: level, format: logFormat, nonBlockingSink: StdioTransport.logWithoutWaiting)
    var trace: TraceFile?
    if let path = options.tracePath {
        do {
            trace = try TraceFile(path: path)
        } catch {
            StdioTransport.log("tool-sequencer: \(error.message)")
            exit(2)
        }
    }
    // One clock, the monotonic one. Under --frozen-clock the transport gives the server 0 as
    // every arrival time (and writes 0 as every time in the trace); the server itself reads the
    // clock only to time its handling for the logs on stderr, which stay real.
    var server = Server(limits: options.limits, clock: MonotonicClock.nanoseconds, logger: logger)
    // From here a stop signal ends the process within one write, even mid-restore.
    StopSignals.install()
    if let directory = options.stateDirectory {
        do {
            _ = try StopSignals.interruptible(answered: nil) { () throws(JournalError) in
                try server.restore(from: SQLiteJournal(directory: directory))
            }
        } catch {
            StdioTransport.log("tool-sequencer: cannot use the state directory '\(directory)': \(error.message)")
            exit(2)
        }
    }
    Allocator.keepLargeBuffers()
    exit(StdioTransport.run(&server, trace: trace, clock: MonotonicClock.nanoseconds, frozenClock: options.frozenClock))
}

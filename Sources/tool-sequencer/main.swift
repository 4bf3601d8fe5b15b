#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerRPC

// Wires the command line, the environment, the server and stdio together.

let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    StdioTransport.log("tool-sequencer: \(error.message)\nRun 'tool-sequencer --help' for usage.")
    exit(2)
}

switch options.command {
case .help:
    print(CommandLineOptions.usage)
case .version:
    print("tool-sequencer \(Server.version) (protocol \(Server.protocolVersion))")
case .serve:
    var level = Logger.Level.warn
    if let name = getenv("TOOL_SEQUENCER_LOG").map({ String(cString: $0) }), !name.isEmpty {
        if let chosen = Logger.Level(name: name) {
            level = chosen
        } else {
            StdioTransport.log("tool-sequencer warn: TOOL_SEQUENCER_LOG='\(name)' is not one of error, warn, info, debug, trace; using warn")
        }
    }
    let logger = Logger(level: level) { StdioTransport.log($0) }
    let frozen = options.frozenClock
    let clock: @Sendable () -> UInt64 = { frozen ? 0 : MonotonicClock.nanoseconds() }
    var server = Server(limits: options.limits, clock: clock, logger: logger)
    exit(StdioTransport.run(&server))
}

import SequencerRPC

/// What the command line asks for.
struct CommandLineOptions {
    /// The subcommand.
    enum Command: Equatable {
        /// Serve JSON-RPC on stdin/stdout (no subcommand).
        case serve
        /// Print usage and exit 0.
        case help
        /// Print the version and exit 0.
        case version
    }

    var command: Command = .serve
    var limits = ServerLimits.defaults
    /// Whether the server's clock stands still (every age is 0), for reproducible transcripts.
    var frozenClock = false

    /// A command-line mistake, with the sentence to print.
    struct UsageError: Error {
        let message: String
    }

    static let usage = """
        USAGE: tool-sequencer [--max-line-bytes N] [--max-depth N] [--max-sessions N] [--frozen-clock]

        Keeps conversation items in an order the model APIs accept. A host spawns it and
        speaks line-delimited JSON-RPC 2.0 on stdin/stdout: one request per line, one
        response per line. stdout carries protocol lines only; logs go to stderr.

        OPTIONS:
          --max-line-bytes N   Longest request line accepted, in bytes (default 67108864).
                               A longer line is skipped and answered with error -32001.
          --max-depth N        Deepest nesting of arrays and objects (default 512).
          --max-sessions N     Most sessions open at once (default 1024).
          --frozen-clock       Report every age as 0, so that output is reproducible
                               (golden transcripts, replays).
          --version            Print the version and exit.
          -h, --help           Print this help and exit.

        ENVIRONMENT:
          TOOL_SEQUENCER_LOG   error, warn (default), info, debug or trace.

        EXAMPLES:
          Sequence a history whose shell call was interrupted:
            echo '{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"items":[
              {"type":"local_shell_call","call_id":"c1","status":"in_progress",
               "action":{"type":"exec","command":["ls"]}},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]}}' \\
              | tr -d '\\n' | tool-sequencer

          Run a file of requests:
            tool-sequencer < examples/interrupted-turn.jsonl

        The protocol is specified in protocol/README.md.
        """

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var index = 0
        func value(for flag: String) throws(UsageError) -> Int {
            guard index + 1 < arguments.count else {
                throw UsageError(message: "\(flag) needs a value, a positive whole number")
            }
            index += 1
            guard let number = Int(arguments[index]), number > 0 else {
                throw UsageError(message: "\(flag) must be a positive whole number, not '\(arguments[index])'")
            }
            return number
        }
        while index < arguments.count {
            let argument = arguments[index]
            var flag = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func number() throws(UsageError) -> Int {
                if let inlineValue {
                    guard let number = Int(inlineValue), number > 0 else {
                        throw UsageError(message: "\(flag) must be a positive whole number, not '\(inlineValue)'")
                    }
                    return number
                }
                return try value(for: flag)
            }
            switch flag {
            case "-h", "--help", "help": options.command = .help
            case "--version": options.command = .version
            case "--max-line-bytes": options.limits.maxLineBytes = try number()
            case "--max-depth": options.limits.maxDepth = try number()
            case "--max-sessions": options.limits.maxSessions = try number()
            case "--frozen-clock": options.frozenClock = true
            default:
                throw UsageError(message: "unknown argument '\(argument)'")
            }
            index += 1
        }
        return options
    }
}

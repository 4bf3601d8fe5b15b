import SequencerRPC

/// The text of `--help`, for the tool and for each subcommand.
public enum HelpText {
    /// The help for `subcommand`, or for the tool when `nil`.
    ///
    /// The defaults and ranges of the numeric flags are read from ``ServerLimits/defaults`` and
    /// ``LimitFlag``, never typed here.
    public static func text(for subcommand: Invocation.Subcommand?) -> String {
        switch subcommand {
        case nil: tool
        case .check: check
        case .repair: repair
        case .replay: replay
        }
    }

    static var tool: String {
        """
        OVERVIEW: Keeps an agent's conversation items in an order the model APIs accept.

        When a user interrupts a turn while a tool runs, agent hosts send the model an array
        in which a call has no output, and the API answers "400 No tool output found for
        local shell call ..." on every retry. tool-sequencer makes that array impossible.

        USAGE: tool-sequencer [--max-line-bytes N] [--max-depth N] [--max-sessions N]
                              [--max-held N] [--max-session-bytes N] [--max-total-bytes N]
                              [--frozen-clock] [--trace FILE] [--state-dir DIR]
               tool-sequencer check FILE [--timeline]
               tool-sequencer repair FILE [--format FORMAT] [--missing-output POLICY]
               tool-sequencer replay TRACE

        With no subcommand, tool-sequencer is a sidecar: a host spawns it and speaks
        line-delimited JSON-RPC 2.0 on stdin/stdout, one request per line, one response per
        line. stdout carries protocol lines only; logs go to stderr. The protocol is
        specified in protocol/README.md.

        SUBCOMMANDS:
          check FILE           Print each problem the API would reject in a history, with the
                               API's own error text and the item's line; exit 1 if any.
          repair FILE          Write the repaired history to stdout, the repairs to stderr.
          replay TRACE         Replay a trace recorded with --trace; report the first answer
                               that differs, exit 1 if any does.
          help [SUBCOMMAND]    Print this help, or a subcommand's.

        SIDECAR OPTIONS:
        \(limitOptions)
          --frozen-clock       Report every age as 0, so that output is reproducible
                               (golden transcripts, replays).
          --trace FILE         Append every line in and out to FILE as JSON lines
                               {"t": µs since start, "dir": "in"|"out", "line": text},
                               with each request's handling time; replay it with 'replay'.
                               A new FILE is created 0600; a symbolic link is refused.
          --state-dir DIR      Keep every session durably in DIR (created 0700 if missing):
                               each accepted open, submit, cancel, close and import is written
                               to DIR/sessions.sqlite3 (created 0600) and synced before it is
                               answered. Started again on DIR, even after a crash or SIGKILL,
                               the sidecar has every open session back. One sidecar per DIR.
          --version            Print the version and exit.
          -h, --help           Print this help and exit.

        SIGNALS: SIGTERM or SIGINT ends the sidecar at once with status 0, even in the middle
        of a long request, which is then not answered; see "Lifecycle" in protocol/README.md.

        ENVIRONMENT:
          TOOL_SEQUENCER_LOG   Log level on stderr: error, warn (default), info, debug, trace.
          TOOL_SEQUENCER_LOG_FORMAT
                               text (default: one line per event) or json (one JSON object
                               per line, for machines).

        EXAMPLES:
          Sequence a history whose shell call was interrupted, as Chat Completions messages:
            echo '{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"format":"chat","items":[{"type":"local_shell_call","call_id":"c1","status":"in_progress","action":{"type":"exec","command":["ls"]}},{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]}}' | tool-sequencer

          Play a file of requests:
            tool-sequencer < examples/interrupted-turn.jsonl

          Find out why a Codex session is stuck, then repair it:
            tool-sequencer check ~/.codex/sessions/2026/11/25/rollout-....jsonl
            tool-sequencer repair rollout.jsonl --format responses > repaired.json
        """
    }

    static let check = """
        OVERVIEW: Print each problem the model API would reject in a conversation history.

        USAGE: tool-sequencer check FILE [--timeline]

        FILE is a JSON array of items, JSON lines of items, or a Codex rollout
        (rollout-*.jsonl, whose response_item payloads are the items). FILE may be - for
        standard input. The history is checked as OpenAI Responses input. Each problem is
        printed as FILE:LINE: severity: text [code], where an error's text is exactly what the
        API answers with, and LINE is the line the item starts on. Warnings are orders the API
        accepts but Chat Completions and Anthropic would reject.

        With --timeline, it also prints the life of each call as the sidecar would see it
        (a rollout's timestamps are the clock; its turn_aborted events cancel pending calls):
        when it was submitted, when its output came or when it was cancelled and why, what
        was held behind it and for how long, and each item the sidecar would report.

        EXIT STATUS: 0 when the API would accept the history, 1 when it would reject it,
        2 when FILE cannot be read.

        EXAMPLES:
          tool-sequencer check examples/rollouts/interrupted-turn.jsonl
            examples/rollouts/interrupted-turn.jsonl:6: error: No tool output found for local shell call call_8Qk2. [missing_output]
        """

    static let repair = """
        OVERVIEW: Write a repaired conversation history that the model API accepts.

        USAGE: tool-sequencer repair FILE [--format FORMAT] [--missing-output POLICY]

        FILE is read as by 'check'. In a Codex rollout, a turn_aborted event closes the calls
        pending at that point with an 'interrupted' output; calls that never got an output are
        then closed according to POLICY. The repaired array (or request body) is written to
        stdout as one line of JSON; each repair is written to stderr as
        FILE:LINE: kind [call id]: what was done.

        OPTIONS:
          --format FORMAT          responses (default), chat, anthropic or gemini.
          --missing-output POLICY  synthesize (default: insert an output saying it was lost),
                                   drop (remove the call and reasoning that led only into it),
                                   or error (print the unanswered calls and exit 1).
          -h, --help               Print this help.

        EXIT STATUS: 0 when repaired, 1 with --missing-output error and an unanswered call,
        2 when FILE cannot be read.

        EXAMPLES:
          tool-sequencer repair rollout.jsonl > repaired.json && tool-sequencer check repaired.json
          tool-sequencer repair rollout.jsonl --format anthropic
        """

    static let replay = """
        OVERVIEW: Replay a trace and check that every answer is the same.

        USAGE: tool-sequencer replay TRACE

        TRACE is a file written by 'tool-sequencer --trace TRACE'. Every recorded input line
        is fed, at its recorded time and with the recorded limits, to a fresh server inside
        this process, and each answer is compared byte for byte with the recorded one. The
        first difference is printed with the request that caused it, the recorded and the
        replayed answer, and the JSON path where they part.

        EXIT STATUS: 0 when every answer matches, 1 at the first difference, 2 when TRACE
        cannot be read.

        EXAMPLES:
          Record a host's session, then reproduce it offline:
            tool-sequencer --trace /tmp/session.trace.jsonl     (as the host's sidecar)
            tool-sequencer replay /tmp/session.trace.jsonl
        """
}

extension HelpText {
    /// The numeric options, each with what it limits, its default and its range.
    static var limitOptions: String {
        LimitFlag.allCases.map(option).joined(separator: "\n")
    }

    /// One numeric option's lines, indented as in ``tool``'s SIDECAR OPTIONS.
    static func option(_ flag: LimitFlag) -> String {
        let defaults = ServerLimits.defaults
        let value = flag.value(in: defaults)
        let size = value >= 1 << 20 && value % (1 << 20) == 0 ? ", \(value >> 20) MiB" : ""
        let range = "\(flag.range.lowerBound) to \(flag.range.upperBound)"
        let lines: [String]
        switch flag {
        case .maxLineBytes:
            lines = ["Longest request line accepted, in bytes (default \(value)\(size);",
                     "\(range)). A longer line is answered with error -31001."]
        case .maxDepth:
            lines = ["Deepest nesting of arrays and objects (default \(value); \(range):",
                     "deeper could overflow the stack)."]
        case .maxSessions:
            lines = ["Most sessions open at once (default \(value); \(range))."]
        case .maxHeld:
            lines = ["Most items a session may keep waiting, held or early",
                     "(default \(value); \(range)); a submit beyond it is",
                     "refused (-31007)."]
        case .maxSessionBytes:
            lines = ["Most bytes of items a session may hold, as compact JSON",
                     "(default \(value)\(size); \(range));",
                     "a submit beyond it is refused (-31007)."]
        case .maxTotalBytes:
            lines = ["Most bytes of items all open sessions may hold together",
                     "(default \(value)\(size); \(range));",
                     "a submit beyond it is refused (-31008)."]
        }
        let name = "  \(flag.rawValue) N"
        let column = 23
        var text = name.count < column - 1 ? name + String(repeating: " ", count: column - name.count) + lines[0]
            : name + "\n" + String(repeating: " ", count: column) + lines[0]
        for line in lines.dropFirst() {
            text += "\n" + String(repeating: " ", count: column) + line
        }
        return text
    }
}

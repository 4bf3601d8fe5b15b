import SequencerCore
import SequencerRPC

/// What the command line asks the program to do.
public enum Invocation: Equatable, Sendable {
    /// Serve JSON-RPC on stdin/stdout (no subcommand).
    case serve(ServeOptions)
    /// `check FILE`: print the problems the API would reject.
    case check(CheckOptions)
    /// `repair FILE`: write the repaired array.
    case repair(RepairOptions)
    /// `replay FILE`: replay a trace and compare every answer.
    case replay(path: String)
    /// Print help (for a subcommand, or the tool) and exit 0.
    case help(Subcommand?)
    /// Print the version and exit 0.
    case version

    /// The subcommands, by name.
    public enum Subcommand: String, Sendable, CaseIterable {
        case check, repair, replay
    }

    /// Options of the sidecar.
    public struct ServeOptions: Equatable, Sendable {
        /// The limits to enforce.
        public var limits = ServerLimits.defaults
        /// Whether every age is reported as 0, for reproducible output.
        public var frozenClock = false
        /// Where to append a trace of every line in and out, if anywhere.
        public var tracePath: String?
        /// Where sessions are kept durably (`--state-dir`), if anywhere.
        public var stateDirectory: String?
    }

    /// Options of `check`.
    public struct CheckOptions: Equatable, Sendable {
        /// The history file.
        public var path: String
        /// Whether to print each call's life instead of only the problems.
        public var timeline = false
    }

    /// Options of `repair`.
    public struct RepairOptions: Equatable, Sendable {
        /// The history file.
        public var path: String
        /// The shape to write.
        public var format: Format = .responses
        /// What to do with calls that never got an output.
        public var missingOutput: MissingOutputPolicy = .synthesize
    }

    /// A command-line mistake, with the sentence to print.
    public struct UsageError: Error, Equatable, Sendable {
        /// What is wrong, in one sentence.
        public let message: String
        /// The subcommand whose usage applies, if any.
        public let subcommand: Subcommand?
    }

    /// Parses the arguments (without the program name).
    ///
    /// - Throws: ``UsageError`` naming the first argument that is wrong.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var reader = ArgumentReader(arguments)
        if let first = arguments.first, let subcommand = Subcommand(rawValue: first) {
            reader.index = 1
            return try parse(subcommand, &reader)
        }
        if arguments.first == "help" {
            guard arguments.count <= 2 else { throw UsageError(message: "help takes at most one subcommand", subcommand: nil) }
            guard let name = arguments.dropFirst().first else { return .help(nil) }
            guard let subcommand = Subcommand(rawValue: name) else {
                throw UsageError(message: "no subcommand named '\(name)'; the subcommands are \(Subcommand.allCases.map(\.rawValue).joined(separator: ", "))", subcommand: nil)
            }
            return .help(subcommand)
        }
        var options = ServeOptions()
        while let argument = reader.next() {
            switch argument.flag {
            case "-h", "--help", "--version":
                guard argument.inlineValue == nil else { throw UsageError(message: "\(argument.flag) takes no value", subcommand: nil) }
                return argument.flag == "--version" ? .version : .help(nil)
            case "--max-line-bytes": options.limits.maxLineBytes = try reader.positiveInt(for: argument, subcommand: nil)
            case "--max-depth": options.limits.maxDepth = try reader.positiveInt(for: argument, subcommand: nil)
            case "--max-sessions": options.limits.maxSessions = try reader.positiveInt(for: argument, subcommand: nil)
            case "--max-held": options.limits.maxHeld = try reader.positiveInt(for: argument, subcommand: nil)
            case "--max-session-bytes": options.limits.maxSessionBytes = try reader.positiveInt(for: argument, subcommand: nil)
            case "--max-total-bytes": options.limits.maxTotalBytes = try reader.positiveInt(for: argument, subcommand: nil)
            case "--frozen-clock":
                guard argument.inlineValue == nil else { throw UsageError(message: "--frozen-clock takes no value", subcommand: nil) }
                options.frozenClock = true
            case "--trace": options.tracePath = try reader.value(for: argument, subcommand: nil)
            case "--state-dir":
                let directory = try reader.value(for: argument, subcommand: nil)
                guard !directory.isEmpty else { throw UsageError(message: "--state-dir needs a directory, not an empty path", subcommand: nil) }
                options.stateDirectory = directory
            default: throw UsageError(message: "unknown argument '\(argument.text)'", subcommand: nil)
            }
        }
        return .serve(options)
    }

    private static func parse(_ subcommand: Subcommand, _ reader: inout ArgumentReader) throws(UsageError) -> Invocation {
        var path: String?
        var format = Format.responses
        var missingOutput = MissingOutputPolicy.synthesize
        var timeline = false
        while let argument = reader.next() {
            switch (subcommand, argument.flag) {
            case (_, "-h"), (_, "--help"):
                return .help(subcommand)
            case (.repair, "--format"):
                format = try reader.choice(for: argument, subcommand: subcommand)
            case (.repair, "--missing-output"):
                missingOutput = try reader.choice(for: argument, subcommand: subcommand)
            case (.check, "--timeline"):
                guard argument.inlineValue == nil else { throw UsageError(message: "--timeline takes no value", subcommand: subcommand) }
                timeline = true
            case _ where argument.text.hasPrefix("-") && argument.text != "-":
                throw UsageError(message: "unknown option '\(argument.text)' for \(subcommand.rawValue)", subcommand: subcommand)
            default:
                guard path == nil else {
                    throw UsageError(message: "\(subcommand.rawValue) takes one FILE; '\(argument.text)' is one too many", subcommand: subcommand)
                }
                path = argument.text
            }
        }
        guard let path else { throw UsageError(message: "\(subcommand.rawValue) needs a FILE", subcommand: subcommand) }
        switch subcommand {
        case .check: return .check(CheckOptions(path: path, timeline: timeline))
        case .repair: return .repair(RepairOptions(path: path, format: format, missingOutput: missingOutput))
        case .replay: return .replay(path: path)
        }
    }
}

/// Walks the arguments, splitting `--flag=value` forms.
private struct ArgumentReader {
    struct Argument {
        let text: String
        let flag: String
        let inlineValue: String?
    }

    let arguments: [String]
    var index = 0

    init(_ arguments: [String]) {
        self.arguments = arguments
    }

    mutating func next() -> Argument? {
        guard index < arguments.count else { return nil }
        let text = arguments[index]
        index += 1
        if text.hasPrefix("--"), let equals = text.firstIndex(of: "=") {
            return Argument(text: text, flag: String(text[..<equals]), inlineValue: String(text[text.index(after: equals)...]))
        }
        return Argument(text: text, flag: text, inlineValue: nil)
    }

    mutating func value(for argument: Argument, subcommand: Invocation.Subcommand?) throws(Invocation.UsageError) -> String {
        if let inline = argument.inlineValue { return inline }
        guard index < arguments.count else {
            throw Invocation.UsageError(message: "\(argument.flag) needs a value", subcommand: subcommand)
        }
        index += 1
        return arguments[index - 1]
    }

    mutating func positiveInt(for argument: Argument, subcommand: Invocation.Subcommand?) throws(Invocation.UsageError) -> Int {
        let text = try value(for: argument, subcommand: subcommand)
        guard let number = Int(text), number > 0 else {
            throw Invocation.UsageError(message: "\(argument.flag) must be a positive whole number, not '\(text)'", subcommand: subcommand)
        }
        return number
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        for argument: Argument, subcommand: Invocation.Subcommand?
    ) throws(Invocation.UsageError) -> Choice where Choice.RawValue == String {
        let text = try value(for: argument, subcommand: subcommand)
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw Invocation.UsageError(message: "\(argument.flag) must be one of \(allowed), not '\(text)'", subcommand: subcommand)
        }
        return choice
    }
}

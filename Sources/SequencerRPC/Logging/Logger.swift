import SequencerCore
import Synchronization

/// Leveled logging to a sink the executable provides (stderr); never to the protocol stream.
///
/// Each event is one line: `tool-sequencer LEVEL: EVENT key=value ...` as text, or with
/// ``Format/json`` a JSON object `{"level","event",key: value, ...}` for machines.
///
/// Logging never blocks the server when the sink cannot: with a sink that refuses a line it
/// cannot write at once (``init(level:format:nonBlockingSink:)``, a full stderr pipe nobody
/// reads), the line is dropped and counted, and the next line that can be written is preceded
/// by one saying how many were dropped (`log_lines_dropped count=N`, at `warn`, whatever the
/// level). Copies of a logger share the count.
public struct Logger: Sendable {
    /// How much to log, from least to most.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        /// Failures of the server itself.
        case error
        /// Requests answered with an error, and other things a host developer should see.
        case warn
        /// One line per request.
        case info
        /// Every sequencing decision.
        case debug
        /// Every line in and out.
        case trace

        /// The level named `name` (`error`, `warn`, `info`, `debug`, `trace`), if it is one.
        public init?(name: String) {
            switch name.lowercased() {
            case "error": self = .error
            case "warn", "warning": self = .warn
            case "info": self = .info
            case "debug": self = .debug
            case "trace": self = .trace
            default: return nil
            }
        }

        /// The level's name.
        public var name: String {
            switch self {
            case .error: "error"
            case .warn: "warn"
            case .info: "info"
            case .debug: "debug"
            case .trace: "trace"
            }
        }

        /// Orders by verbosity.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// `tool-sequencer info: request method=session/submit id=3 us=41`.
        case text
        /// `{"level":"info","event":"request","method":"session/submit","id":3,"us":41}`.
        case json
    }

    /// The most verbose level written.
    public let level: Level
    /// How lines are written.
    public let format: Format
    /// Writes one line; `false` when it could not be written without waiting.
    private let sink: @Sendable (String) -> Bool
    /// The lines dropped since the last one written, shared by copies of this logger.
    private let dropped = DropCounter()

    /// A logger writing events at `level` or below to `sink`, one line per call; `sink` may
    /// wait (use ``init(level:format:nonBlockingSink:)`` for one that must not).
    public init(level: Level, format: Format = .text, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.format = format
        self.sink = { line in
            sink(line)
            return true
        }
    }

    /// A logger writing events at `level` or below to `nonBlockingSink`, which must return at
    /// once: `true` when it wrote the line, `false` when it could not without waiting (the line
    /// is then dropped and counted, and said so before the next line written).
    public init(level: Level, format: Format = .text, nonBlockingSink: @escaping @Sendable (String) -> Bool) {
        self.level = level
        self.format = format
        self.sink = nonBlockingSink
    }

    /// How many lines were dropped since the last one written (0 once it has been said).
    public var droppedLines: Int { dropped.count }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
            true
        default:
            false
        }
    }

    /// A logger that writes nothing.
    public static let silent = Logger(level: .error, sink: { _ in })

    /// Whether events at `level` are written.
    public func isEnabled(_ level: Level) -> Bool { level <= self.level }

    /// Writes a free-text message if `level` is enabled; the text is not built otherwise.
    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard isEnabled(level) else { return }
        event(level, "message", [("text", .string(JSONString(message())))])
    }

    /// Writes one event with its fields, in order, if `level` is enabled.
    public func event(_ level: Level, _ name: String, _ fields: @autoclosure () -> [(String, JSONValue)]) {
        guard isEnabled(level) else { return }
        emit(line(level, name, fields()))
    }

    /// Writes `line`, after saying how many lines were dropped before it, if any were; counts
    /// it (and the notice's lines) as dropped when the sink refuses it.
    private func emit(_ line: String) {
        let before = dropped.take()
        if before > 0 {
            guard sink(self.line(.warn, "log_lines_dropped", [("count", .number(JSONNumber(before))), ("reason", .string(JSONString("the log sink was full")))])) else {
                dropped.add(before + 1)
                return
            }
        }
        if !sink(line) { dropped.add(1) }
    }

    /// One event as a line in ``format``.
    private func line(_ level: Level, _ name: String, _ fields: [(String, JSONValue)]) -> String {
        switch format {
        case .json:
            var members: [JSONObject.Member] = [
                .init(key: "level", value: .string(JSONString(level.name))),
                .init(key: "event", value: .string(JSONString(name))),
            ]
            members += fields.map { .init(key: JSONString($0.0), value: $0.1) }
            return JSONValue.object(JSONObject(members)).description
        case .text:
            var line = "tool-sequencer \(level.name): "
            let pairs = fields
            if name == "message", pairs.count == 1, let text = pairs[0].1.stringValue {
                line += text.replacingNewlines()
            } else {
                line += name
                for (key, value) in pairs {
                    // Plain tokens go bare; anything else (and every id) as JSON, so that one
                    // event stays one line and "1" is told from 1.
                    if key != "id", let text = value.stringValue, !text.isEmpty, text.utf8.allSatisfy(Logger.isTokenByte) {
                        line += " \(key)=\(text)"
                    } else {
                        line += " \(key)=\(value.description)"
                    }
                }
            }
            return line
        }
    }
}

/// The count of lines a ``Logger`` dropped, shared by its copies.
private final class DropCounter: Sendable {
    private let value = Mutex(0)

    /// The count now.
    var count: Int { value.withLock { $0 } }

    /// Adds `n`.
    func add(_ n: Int) { value.withLock { $0 += n } }

    /// The count, which becomes 0.
    func take() -> Int {
        value.withLock { count in
            defer { count = 0 }
            return count
        }
    }
}

extension String {
    /// The text with line breaks written as `\\n` and `\\r`, so that it stays on one line.
    fileprivate func replacingNewlines() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

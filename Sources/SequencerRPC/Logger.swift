/// Leveled logging to a sink the executable provides (stderr); never to the protocol stream.
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

    /// The most verbose level written.
    public let level: Level
    private let sink: @Sendable (String) -> Void

    /// A logger writing lines at `level` or below to `sink`.
    public init(level: Level, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.sink = sink
    }

    /// A logger that writes nothing.
    public static let silent = Logger(level: .error, sink: { _ in })

    /// Whether messages at `level` are written.
    public func isEnabled(_ level: Level) -> Bool { level <= self.level }

    /// Writes `message` if `level` is enabled; the message is not built otherwise.
    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard isEnabled(level) else { return }
        sink("tool-sequencer \(level.name): \(message())")
    }
}

/// The limits that protect the server and its host. Each has a command-line flag.
public struct ServerLimits: Sendable, Equatable {
    /// The longest request line accepted, in bytes (`--max-line-bytes`).
    public var maxLineBytes: Int
    /// The deepest nesting of arrays and objects accepted in a request (`--max-depth`).
    public var maxDepth: Int
    /// The most sessions open at once (`--max-sessions`).
    public var maxSessions: Int

    /// The defaults: 64 MiB lines, nesting 512 deep, 1024 sessions.
    public static let defaults = ServerLimits(maxLineBytes: 64 << 20, maxDepth: 512, maxSessions: 1024)

    /// Limits with every value given.
    public init(maxLineBytes: Int, maxDepth: Int, maxSessions: Int) {
        self.maxLineBytes = maxLineBytes
        self.maxDepth = maxDepth
        self.maxSessions = maxSessions
    }
}

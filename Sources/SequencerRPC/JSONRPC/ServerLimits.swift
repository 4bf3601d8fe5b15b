/// The limits that protect the server and its host. Each has a command-line flag.
public struct ServerLimits: Sendable, Equatable {
    /// The longest request line accepted, in bytes (`--max-line-bytes`).
    public var maxLineBytes: Int
    /// The deepest nesting of arrays and objects accepted in a request (`--max-depth`).
    public var maxDepth: Int
    /// The most sessions open at once (`--max-sessions`).
    public var maxSessions: Int
    /// The most items a session may keep waiting, held or early (`--max-held`): a submit to a
    /// session already holding that many is refused, so a host that never cancels learns of it.
    public var maxHeld: Int
    /// The most bytes of items a session may hold, counted as their compact JSON
    /// (`--max-session-bytes`): a submit that would pass it is refused.
    public var maxSessionBytes: Int
    /// The most bytes of items all open sessions may hold together, counted as for
    /// ``maxSessionBytes`` (`--max-total-bytes`): a request that would pass it is refused.
    public var maxTotalBytes: Int

    /// The defaults: 64 MiB lines, nesting 512 deep, 1024 sessions, 10,000 items waiting,
    /// 256 MiB of items per session and 1 GiB in all.
    public static let defaults = ServerLimits(maxLineBytes: 64 << 20, maxDepth: 512, maxSessions: 1024)

    /// Limits with every value given; the per-session ones default to ``defaults``'s.
    public init(
        maxLineBytes: Int, maxDepth: Int, maxSessions: Int, maxHeld: Int = 10_000, maxSessionBytes: Int = 256 << 20,
        maxTotalBytes: Int = 1 << 30
    ) {
        self.maxTotalBytes = maxTotalBytes
        self.maxLineBytes = maxLineBytes
        self.maxDepth = maxDepth
        self.maxSessions = maxSessions
        self.maxHeld = maxHeld
        self.maxSessionBytes = maxSessionBytes
    }
}

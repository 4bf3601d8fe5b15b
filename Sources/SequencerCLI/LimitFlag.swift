import SequencerRPC

/// The numeric sidecar flags: each sets one of the ``ServerLimits`` and accepts whole numbers
/// in one documented range. `--help`, the parser and `replay` all read this one table.
public enum LimitFlag: String, CaseIterable, Sendable {
    case maxLineBytes = "--max-line-bytes"
    case maxDepth = "--max-depth"
    case maxSessions = "--max-sessions"
    case maxHeld = "--max-held"
    case maxSessionBytes = "--max-session-bytes"
    case maxTotalBytes = "--max-total-bytes"

    /// The largest byte limit accepted: 1 TiB. It is beyond any memory this process could have,
    /// and a sum of a few values this size (a session's bytes plus one line's) is far from
    /// overflowing an `Int`, so no limit arithmetic can trap.
    public static let byteCeiling = 1 << 40

    /// The largest count accepted (`Int32.max`): beyond any number of sessions or items this
    /// process could hold, and far from overflowing any count it adds to.
    public static let countCeiling = Int(Int32.max)

    /// The deepest `--max-depth` accepted: 512, the default, so the flag can only lower it.
    ///
    /// The parser, the writer, equality and the release of a nested value each recurse once per
    /// level, on the main thread's stack. Measured on Linux x86_64 with the default 8 MiB stack
    /// (`ulimit -s 8192`), a request through the whole RPC path first overflows it at about
    /// 920 levels of objects in a debug build under AddressSanitizer (as CI runs the tests),
    /// 1,565 in a plain debug build and 5,170 (alternating objects and arrays) in a release
    /// build: 512 leaves a margin of 1.8, 3 and 10. `DepthCeilingTests` sends requests nested
    /// exactly this deep through the built binary.
    public static let depthCeiling = 512

    /// The name the limit has in `initialize`'s `limits` and in a trace's start record.
    public var key: String {
        switch self {
        case .maxLineBytes: "maxLineBytes"
        case .maxDepth: "maxDepth"
        case .maxSessions: "maxSessions"
        case .maxHeld: "maxHeld"
        case .maxSessionBytes: "maxSessionBytes"
        case .maxTotalBytes: "maxTotalBytes"
        }
    }

    /// The values the flag accepts; any other is a usage error.
    public var range: ClosedRange<Int> {
        switch self {
        case .maxLineBytes, .maxSessionBytes, .maxTotalBytes: 1...LimitFlag.byteCeiling
        case .maxDepth: 1...LimitFlag.depthCeiling
        case .maxSessions, .maxHeld: 1...LimitFlag.countCeiling
        }
    }

    /// The limit's value in `limits`.
    public func value(in limits: ServerLimits) -> Int {
        switch self {
        case .maxLineBytes: limits.maxLineBytes
        case .maxDepth: limits.maxDepth
        case .maxSessions: limits.maxSessions
        case .maxHeld: limits.maxHeld
        case .maxSessionBytes: limits.maxSessionBytes
        case .maxTotalBytes: limits.maxTotalBytes
        }
    }

    /// Sets the limit to `value` in `limits`; the caller has checked `range.contains(value)`.
    public func set(_ value: Int, in limits: inout ServerLimits) {
        assert(range.contains(value), "\(rawValue) \(value) is outside \(range)")
        switch self {
        case .maxLineBytes: limits.maxLineBytes = value
        case .maxDepth: limits.maxDepth = value
        case .maxSessions: limits.maxSessions = value
        case .maxHeld: limits.maxHeld = value
        case .maxSessionBytes: limits.maxSessionBytes = value
        case .maxTotalBytes: limits.maxTotalBytes = value
        }
    }

    /// `text` as a value of this flag, or `nil` when it is not a whole number in ``range``.
    public func parse(_ text: String) -> Int? {
        guard let number = Int(text), range.contains(number) else { return nil }
        return number
    }

    /// The sentence for a value outside ``range``: it names the flag and the range.
    public func outOfRange(_ text: String) -> String {
        "\(rawValue) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
    }

    /// The limits that are not in their range in `limits`, each with its sentence; empty when
    /// every limit is one a flag could have set.
    public static func problems(in limits: ServerLimits) -> [String] {
        allCases.compactMap { flag in
            let value = flag.value(in: limits)
            return flag.range.contains(value) ? nil : "\(flag.key) must be from \(flag.range.lowerBound) to \(flag.range.upperBound), not \(value)"
        }
    }
}

import SequencerCore
import SequencerRPC

/// One line of a trace file (`tool-sequencer --trace FILE`).
///
/// A trace is JSON lines. The first record says which server wrote it and with which limits;
/// then every line that crossed the pipe, in order:
/// - `{"t":0,"dir":"start","version":"0.2.0","limits":{"maxLineBytes":…,"maxDepth":…,"maxSessions":…,…}}`
/// - `{"t":T,"dir":"in","line":"<exact text>","us":H}`: a line read at `T` microseconds after
///   start (monotonic), answered in `H` microseconds. A line that is not valid UTF-8 is
///   recorded as `"lineBase64"` instead; an over-long line that was skipped unread as
///   `"skippedBytes":N`.
/// - `{"t":T,"dir":"out","line":"<exact text>"}`: the answer written for the previous `in`.
public enum TraceRecord: Equatable, Sendable {
    /// The header.
    case start(version: String, limits: ServerLimits)
    /// A line read, at `t` µs, handled in `us` µs.
    case input(t: UInt64, event: LineFramer.Event, us: UInt64)
    /// A line written, at `t` µs.
    case output(t: UInt64, line: [UInt8])

    /// Why a trace line cannot be read.
    public struct DecodeError: Error, Equatable, Sendable {
        /// What is wrong.
        public let message: String
    }

    /// The record as one JSON line, `\n` included.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        switch self {
        case .start(let version, let limits):
            writer.raw(#"{"t":0,"dir":"start","version":"#)
            writer.writeString(version)
            writer.raw(#","limits":{"maxLineBytes":"#)
            writer.writeInt(limits.maxLineBytes)
            writer.raw(#","maxDepth":"#)
            writer.writeInt(limits.maxDepth)
            writer.raw(#","maxSessions":"#)
            writer.writeInt(limits.maxSessions)
            writer.raw(#","maxHeld":"#)
            writer.writeInt(limits.maxHeld)
            writer.raw(#","maxSessionBytes":"#)
            writer.writeInt(limits.maxSessionBytes)
            writer.raw(#","maxTotalBytes":"#)
            writer.writeInt(limits.maxTotalBytes)
            writer.raw("}}")
        case .input(let t, let event, let us):
            writer.raw(#"{"t":"#)
            writer.writeInt(Int(t))
            writer.raw(#","dir":"in","#)
            switch event {
            case .line(let line):
                TraceRecord.writeLine(line, into: &writer)
            case .tooLong(let length):
                writer.raw(#""skippedBytes":"#)
                writer.writeInt(length)
            }
            writer.raw(#","us":"#)
            writer.writeInt(Int(us))
            writer.raw("}")
        case .output(let t, let line):
            writer.raw(#"{"t":"#)
            writer.writeInt(Int(t))
            writer.raw(#","dir":"out","#)
            TraceRecord.writeLine(line, into: &writer)
            writer.raw("}")
        }
        writer.raw("\n")
        return writer.bytes
    }

    private static func writeLine(_ line: [UInt8], into writer: inout JSONWriter) {
        // ASCII (the usual line) is checked fast; anything else is validated as UTF-8.
        if line.allSatisfy({ $0 < 0x80 }) || String(validating: line, as: UTF8.self) != nil {
            writer.raw(#""line":"#)
            writer.writeString(utf8: line)
        } else {
            writer.raw(#""lineBase64":"#)
            writer.writeString(Base64.encode(line))
        }
    }

    /// Reads one trace record.
    public init(_ value: JSONValue) throws(DecodeError) {
        guard let direction = value["dir"]?.stringValue else { throw DecodeError(message: "record has no \"dir\"") }
        guard let t = value["t"]?.numberValue?.text, let time = UInt64(t) else {
            throw DecodeError(message: "record has no whole-number \"t\"")
        }
        func line() throws(DecodeError) -> [UInt8] {
            if let text = value["line"]?.stringValue { return Array(text.utf8) }
            if let encoded = value["lineBase64"]?.stringValue {
                guard let bytes = Base64.decode(encoded) else { throw DecodeError(message: "\"lineBase64\" is not base64") }
                return bytes
            }
            throw DecodeError(message: "\(direction) record has no \"line\"")
        }
        switch direction {
        case "start":
            let limits = value["limits"]
            func limit(_ key: String, _ fallback: Int) -> Int { limits?[key]?.numberValue?.intValue ?? fallback }
            let defaults = ServerLimits.defaults
            let recorded = ServerLimits(
                maxLineBytes: limit("maxLineBytes", defaults.maxLineBytes),
                maxDepth: limit("maxDepth", defaults.maxDepth),
                maxSessions: limit("maxSessions", defaults.maxSessions),
                maxHeld: limit("maxHeld", defaults.maxHeld),
                maxSessionBytes: limit("maxSessionBytes", defaults.maxSessionBytes),
                maxTotalBytes: limit("maxTotalBytes", defaults.maxTotalBytes))
            // Limits no flag could set would make the replaying server trap or overflow its stack.
            if let problem = LimitFlag.problems(in: recorded).first {
                throw DecodeError(message: "start record's limits.\(problem)")
            }
            self = .start(version: value["version"]?.stringValue ?? "", limits: recorded)
        case "in":
            let us = UInt64(value["us"]?.numberValue?.text ?? "0") ?? 0
            if let skipped = value["skippedBytes"]?.numberValue?.intValue {
                self = .input(t: time, event: .tooLong(length: skipped), us: us)
            } else {
                self = .input(t: time, event: .line(try line()), us: us)
            }
        case "out":
            self = .output(t: time, line: try line())
        default:
            throw DecodeError(message: "unknown \"dir\" \"\(direction)\"")
        }
    }
}

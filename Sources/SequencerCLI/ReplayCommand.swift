import SequencerCore
import SequencerRPC

/// `tool-sequencer replay FILE`: plays a trace's input into a fresh server and compares every
/// answer with the recorded one.
public enum ReplayCommand {
    /// Replays the trace in `contents`.
    ///
    /// Each recorded input line is handled at its recorded time with the recorded limits, so a
    /// server that behaves the same gives byte-identical answers.
    /// - Returns: Status 0 and a summary when every answer matches; status 1 and a readable diff
    ///   of the first difference (with the request that caused it) otherwise; status 2 if the
    ///   file is not a trace.
    public static func run(file: String, contents: [UInt8]) -> CommandOutput {
        var records: [(record: TraceRecord, line: Int)] = []
        var lineNumber = 0
        for line in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.isEmpty else { continue }
            do {
                let value = try JSONParser.parse(Array(line))
                records.append((try TraceRecord(value), lineNumber))
            } catch let error as JSONParseError {
                return CommandOutput(stderr: "\(file):\(lineNumber): not a trace record: \(error.message)\n", status: 2)
            } catch let error as TraceRecord.DecodeError {
                return CommandOutput(stderr: "\(file):\(lineNumber): not a trace record: \(error.message)\n", status: 2)
            } catch {
                return CommandOutput(stderr: "\(file):\(lineNumber): not a trace record\n", status: 2)
            }
        }
        var limits = ServerLimits.defaults
        if case .start(_, let recorded)? = records.first?.record { limits = recorded }
        var server = Server(limits: limits)
        var requests = 0
        var index = 0
        while index < records.count {
            guard case .input(let t, let event, _) = records[index].record else {
                if case .output = records[index].record {
                    return CommandOutput(stdout: Array("\(file):\(records[index].line): an answer was recorded with no request before it\n".utf8), status: 1)
                }
                index += 1
                continue
            }
            let requestLine = records[index].line
            requests += 1
            let actual = server.handle(event, at: t * 1000)
            var expected: [UInt8]?
            if index + 1 < records.count, case .output(_, let line) = records[index + 1].record {
                expected = line
                index += 1
            }
            index += 1
            if actual != expected {
                return CommandOutput(stdout: Array(difference(file: file, line: requestLine, event: event, expected: expected, actual: actual).utf8), status: 1)
            }
            if server.isShutDown { break }
        }
        return CommandOutput(stdout: Array("\(file): replayed \(requests) request\(requests == 1 ? "" : "s"); every answer matches\n".utf8))
    }

    /// The report of one differing answer.
    static func difference(file: String, line: Int, event: LineFramer.Event, expected: [UInt8]?, actual: [UInt8]?) -> String {
        func show(_ bytes: [UInt8]?) -> String {
            guard let bytes else { return "(no answer)" }
            return String(decoding: bytes, as: UTF8.self)
        }
        let request: String
        switch event {
        case .line(let bytes): request = String(decoding: bytes, as: UTF8.self)
        case .tooLong(let length): request = "(a line of \(length) bytes, skipped as too long)"
        }
        var text = "\(file):\(line): the answer differs from the recorded one\n"
        text += "request:  \(request)\n"
        text += "recorded: \(show(expected))\n"
        text += "replayed: \(show(actual))\n"
        if let expected, let actual {
            let offset = zip(expected, actual).prefix { $0 == $1 }.count
            text += "first difference at byte \(offset)"
            if let path = firstDifferingPath(expected, actual) { text += ", at \(path)" }
            text += "\n"
        }
        return text
    }

    /// The JSON path (`result.messages[2].output`) of the first value that differs, if both parse.
    static func firstDifferingPath(_ expected: [UInt8], _ actual: [UInt8]) -> String? {
        guard let left = try? JSONParser.parse(expected), let right = try? JSONParser.parse(actual) else { return nil }
        return firstDifference(left, right, path: "")
    }

    private static func firstDifference(_ left: JSONValue, _ right: JSONValue, path: String) -> String? {
        switch (left, right) {
        case (.object(let a), .object(let b)):
            for member in a.members {
                let key = member.key.value
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let other = b[key] else { return child }
                if let found = firstDifference(member.value, other, path: child) { return found }
            }
            for member in b.members where !a.contains(member.key.value) {
                return path.isEmpty ? member.key.value : "\(path).\(member.key.value)"
            }
            return a.members.map(\.key) == b.members.map(\.key) ? nil : (path.isEmpty ? "(member order)" : "\(path) (member order)")
        case (.array(let a), .array(let b)):
            for (index, (x, y)) in zip(a, b).enumerated() {
                if let found = firstDifference(x, y, path: "\(path)[\(index)]") { return found }
            }
            return a.count == b.count ? nil : "\(path)[\(min(a.count, b.count))]"
        default:
            return left == right ? nil : (path.isEmpty ? "(top level)" : path)
        }
    }
}

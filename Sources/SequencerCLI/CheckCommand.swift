import SequencerCore

/// `tool-sequencer check FILE`: the problems the Responses API would reject in a history.
///
/// A Codex rollout is read as Codex reads it (see ``HistoryFile``): a compaction replaces what
/// came before it, and a torn last line is skipped, each with a warning. A call still pending
/// when a `turn_aborted` came, and never answered, is closed by that interruption as Codex
/// closes it (it sends an `aborted` output, and `repair` writes one): it is a warning
/// (`interrupted_call`), not the API's `missing_output` error.
public enum CheckCommand {
    /// Checks the history in `contents`, naming `file` in every line it prints.
    ///
    /// - Returns: One line per problem on stdout (`FILE:LINE: severity: text [code]`) and a
    ///   summary line; status 1 if any problem is an error, 2 if the file is not a history.
    public static func run(file: String, contents: [UInt8], timeline: Bool = false) -> CommandOutput {
        let history: HistoryFile
        do {
            history = try HistoryFile(contents)
        } catch {
            return CommandOutput(stderr: "\(file):\(error.line): cannot read history: \(error.message)\n", status: 2)
        }
        let items = history.items
        let lines = history.itemLines
        let interrupted = CheckCommand.callsClosedByInterruptions(history)
        var findings: [(line: Int, severity: String, text: String)] = history.warnings.map {
            ($0.line, "warning", "\($0.message) [\($0.code)]")
        }
        for problem in Validator.validate(.array(items), format: .responses) {
            let line = problem.index < lines.count ? lines[problem.index] : 0
            if problem.code == .missingOutput, let callId = problem.callId, let abortLine = interrupted[callId] {
                findings.append((line, "warning",
                                 "\(problem.message) The turn_aborted at line \(abortLine) closed it: Codex sends an aborted output for it, and repair writes one. [interrupted_call]"))
            } else {
                findings.append((line, problem.severity.rawValue, "\(problem.message) [\(problem.code.rawValue)]"))
            }
        }
        var out = ""
        for finding in findings.enumerated().sorted(by: { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }).map(\.element) {
            out += "\(file):\(finding.line): \(finding.severity): \(finding.text)\n"
        }
        let problems = findings
        let errors = findings.filter { $0.severity == "error" }.count
        let warnings = findings.count - errors
        let itemCount = "\(items.count) item\(items.count == 1 ? "" : "s")"
        if problems.isEmpty {
            out += "\(file): no problems in \(itemCount)\n"
        } else {
            out += "\(file): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(itemCount)\n"
        }
        if timeline {
            out += TimelineText.render(history)
        }
        return CommandOutput(stdout: Array(out.utf8), status: errors > 0 ? 1 : 0)
    }

    /// The calls that the history's interruptions close, with the line of the interruption: the
    /// calls that `repair` closes with the `interrupted` text, found by the same rules (a call
    /// whose model response ended before the interruption, with no output anywhere, is not one:
    /// it is missing its output).
    static func callsClosedByInterruptions(_ history: HistoryFile) -> [String: Int] {
        var events: [Sequencer.Event] = []
        var interruptionLines: [Int] = []
        for entry in history.entries {
            switch entry {
            case .item(let value, _, _): events.append(.item(value))
            case .interruption(_, let line, _):
                events.append(.cancel(.interrupted))
                interruptionLines.append(line)
            }
        }
        guard !interruptionLines.isEmpty else { return [:] }
        let result = Sequencer.sequence(events: events)
        // The line of the first interruption after each call.
        var closed: [String: Int] = [:]
        var pending: [String] = []
        for entry in history.entries {
            switch entry {
            case .item(let value, _, _):
                if let item = try? Item(value), item.callKind != nil, let callId = item.callId,
                   result.closedCalls[callId] == .interrupted { pending.append(callId) }
            case .interruption(_, let line, _):
                for callId in pending where closed[callId] == nil { closed[callId] = line }
                pending.removeAll()
            }
        }
        return closed
    }
}

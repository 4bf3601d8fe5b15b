import SequencerCore

/// `tool-sequencer check FILE`: the problems the Responses API would reject in a history.
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
        let problems = Validator.validate(.array(items), format: .responses)
        var out = ""
        for problem in problems {
            let line = problem.index < lines.count ? lines[problem.index] : 0
            out += "\(file):\(line): \(problem.severity.rawValue): \(problem.message) [\(problem.code.rawValue)]\n"
        }
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
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
}

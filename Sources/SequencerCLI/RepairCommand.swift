import SequencerCore

/// `tool-sequencer repair FILE`: the history made valid, in the chosen format.
public enum RepairCommand {
    /// Repairs the history in `contents`, naming `file` in every repair it reports.
    ///
    /// Interruptions marked in a rollout close the calls pending at that point with the
    /// `interrupted` text; calls still unanswered at the end are handled by the policy.
    /// - Returns: The rendered array (or request body) as one line on stdout; one line per
    ///   repair on stderr. Status 1 if the policy is `error` and a call is unanswered, 2 if the
    ///   file is not a history.
    public static func run(file: String, contents: [UInt8], options: Invocation.RepairOptions) -> CommandOutput {
        let history: HistoryFile
        do {
            history = try HistoryFile(contents)
        } catch {
            return CommandOutput(stderr: "\(file):\(error.line): cannot read history: \(error.message)\n", status: 2)
        }
        let events: [Sequencer.Event] = history.entries.map { entry in
            switch entry {
            case .item(let value, _, _): .item(value)
            case .interruption: .cancel(.interrupted)
            }
        }
        let result = Sequencer.sequence(events: events, options: .init(missingOutput: options.missingOutput))
        let lines = history.itemLines
        func line(_ index: Int) -> Int { index < lines.count ? lines[index] : 0 }
        if !result.problems.isEmpty {
            let text = result.problems.map { "\(file):\(line($0.index)): error: \($0.message) [\($0.code.rawValue)]\n" }.joined()
            return CommandOutput(stderr: text, status: 1)
        }
        // Codex removes its ghost snapshots before every request; so does what repair writes.
        let items = result.items.filter { $0.type != "ghost_snapshot" }
        var writer = JSONWriter(capacity: contents.count + 1024)
        Renderer.write(items, as: options.format, into: &writer)
        writer.raw("\n")
        var log = history.warnings.map { "\(file):\($0.line): warning: \($0.message) [\($0.code)]\n" }.joined()
        if items.count < result.items.count {
            log += "\(file): removed \(result.items.count - items.count) ghost_snapshot item\(result.items.count - items.count == 1 ? "" : "s"), as Codex does before every request\n"
        }
        log += result.repairs.map { repair in
            "\(file):\(line(repair.index)): \(repair.kind.rawValue)\(repair.callId.map { " \($0)" } ?? ""): \(repair.message)\n"
        }.joined()
        return CommandOutput(stdout: writer.bytes, stderr: log)
    }
}

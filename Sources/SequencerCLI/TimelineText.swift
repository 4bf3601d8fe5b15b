import SequencerCore

/// The human-readable timeline `check --timeline` prints: the history played through a
/// session as the sidecar would see it.
enum TimelineText {
    /// Plays `history` through a ``Session`` (its interruptions cancel the pending calls) and
    /// describes each call's life and each reported item, pointing at file lines.
    ///
    /// Times are the rollout's timestamps, shown as seconds since the first entry; a history
    /// without timestamps shows the order alone.
    static func render(_ history: HistoryFile) -> String {
        var session = Session()
        var lines: [Int] = []
        var origin: UInt64?
        var timed = false
        for entry in history.entries {
            switch entry {
            case .item(let value, let line, let time):
                if let time { timed = true; origin = origin ?? time }
                lines.append(line)
                _ = session.submit([value], at: (time ?? 0) * 1000)
            case .interruption(_, _, let time):
                if let time { timed = true; origin = origin ?? time }
                _ = session.cancel(reason: .interrupted, at: (time ?? 0) * 1000)
            }
        }
        func line(_ arrival: Int) -> String { arrival >= 0 && arrival < lines.count ? "line \(lines[arrival])" : "synthetic" }
        func at(_ nanoseconds: UInt64) -> String {
            guard timed, let origin else { return "" }
            return " at +\(seconds(nanoseconds / 1000 &- origin))"
        }
        func seconds(_ micros: UInt64) -> String {
            let millis = micros / 1000
            let fraction = String(millis % 1000)
            return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
        }
        let timeline = session.timeline
        var out = "timeline:\n"
        if timeline.calls.isEmpty { out += "  no calls\n" }
        for call in timeline.calls {
            out += "  \(line(call.arrival)): \(call.kind.rawValue) \(call.callId)\(call.name.map { " (\($0))" } ?? ""), submitted\(at(call.submittedAt))\n"
            switch call.outcome {
            case .pending: out += "    still pending: no output came\n"
            case .held: out += "    still held behind an earlier call\n"
            case .answered(let time, let arrival, let early):
                out += "    output from \(arrival.map(line) ?? "?")\(early ? " (it came before the call)" : "")\(at(time))"
                out += timed ? ", after \(seconds((time &- call.submittedAt) / 1000))\n" : "\n"
            case .cancelled(let time, let reason):
                out += "    cancelled (\(reason.rawValue))\(at(time))"
                out += timed ? ", after \(seconds((time &- call.submittedAt) / 1000))\n" : "\n"
            case .dropped: out += "    dropped\n"
            }
            for held in call.heldBehind {
                out += "    held behind it: \(held.label) from \(line(held.arrival))"
                if let released = held.releasedAt {
                    out += timed ? ", waited \(seconds((released &- held.heldAt) / 1000))\n" : ", released\n"
                } else {
                    out += ", still held\n"
                }
            }
        }
        for report in timeline.reported {
            out += "  \(line(report.arrival)): reported \(report.reason.rawValue)\(report.callId.map { " \($0)" } ?? ""): \(report.message)\n"
        }
        let orphans = session.early
        for orphan in orphans {
            out += "  \(line(orphan.arrival)): orphan \(orphan.item.type) \(orphan.item.callId ?? ""): no call with its call_id came\n"
        }
        return out
    }
}

/// A conversation history read from a file: a JSON array of items, JSON lines of items, or a
/// Codex rollout (`rollout-*.jsonl`).
///
/// A rollout is read as Codex reads it: each `response_item` line contributes its `payload` as an
/// item; each `event_msg` whose payload is `{"type":"turn_aborted",...}` marks an interruption;
/// a `compacted` line replaces everything before it with its `replacement_history` (or, in
/// rollouts older than that member, with the user messages so far and a user message holding
/// the compaction's `message`); the other lines (`session_meta`, `turn_context`, other events)
/// are skipped. A last line that is not JSON (a process killed mid-write tears it) is skipped
/// with a warning, as Codex's own loader does; any other line that is not JSON is an error.
/// Every entry remembers its 1-based line number so that problems can point at it.
public struct HistoryFile: Sendable {
    /// One thing that happened, in order.
    public enum Entry: Sendable, Equatable {
        /// An item, the line it starts on, and its rollout timestamp (µs since 1970) if any.
        case item(JSONValue, line: Int, time: UInt64?)
        /// The user interrupted the turn (a rollout's `turn_aborted`), with its reason, line and time.
        case interruption(reason: String, line: Int, time: UInt64?)
    }

    /// The layouts a history file can have.
    public enum Layout: String, Sendable {
        /// One JSON array of items.
        case array
        /// One item per line.
        case jsonLines = "json-lines"
        /// A Codex rollout: one record per line, items in `response_item` payloads.
        case rollout
    }

    /// Why a file cannot be read as a history.
    public struct ReadError: Error, Sendable, Equatable {
        /// The 1-based line of the problem.
        public var line: Int
        /// What is wrong there.
        public var message: String
    }

    /// Something read past, with the line it is on.
    public struct ReadWarning: Sendable, Equatable {
        /// The 1-based line.
        public var line: Int
        /// A stable code: `torn_last_line`, `compacted`.
        public var code: String
        /// What was done.
        public var message: String
    }

    /// The entries, in file order.
    public var entries: [Entry]
    /// How the file was laid out.
    public var layout: Layout
    /// What was read past: a torn last line, history replaced by a compaction.
    public var warnings: [ReadWarning] = []

    /// The items alone, in order.
    public var items: [JSONValue] {
        entries.compactMap { if case .item(let value, _, _) = $0 { value } else { nil } }
    }

    /// The line of each item, parallel to ``items``.
    public var itemLines: [Int] {
        entries.compactMap { if case .item(_, let line, _) = $0 { line } else { nil } }
    }

    /// Reads `bytes` as a history, detecting the layout: a file whose first non-blank byte is `[`
    /// is an array; a file of lines is a rollout when any line is a rollout record
    /// (`{"type":"response_item","payload":...}` and the like), and JSON lines of items otherwise.
    ///
    /// - Throws: ``ReadError`` naming the line that is not JSON.
    public init(_ bytes: [UInt8]) throws(ReadError) {
        let firstByte = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if firstByte == UInt8(ascii: "[") {
            try self.init(array: bytes)
        } else {
            try self.init(lines: bytes)
        }
    }

    private init(array bytes: [UInt8]) throws(ReadError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw ReadError(line: HistoryFile.line(at: error.offset, in: bytes), message: "\(error.message) of the file")
        }
        let elements = value.arrayValue ?? []
        let lines = HistoryFile.topLevelElementLines(bytes)
        entries = elements.enumerated().map { index, element in
            .item(element, line: index < lines.count ? lines[index] : 1, time: nil)
        }
        layout = .array
    }

    private init(lines bytes: [UInt8]) throws(ReadError) {
        var records: [(JSONValue, Int)] = []
        var warnings: [ReadWarning] = []
        var lineNumber = 0
        var torn: ReadError?
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var text = line
            if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if let torn { throw torn }  // a bad line that is not the last one
            do {
                records.append((try JSONParser.parse(Array(text)), lineNumber))
            } catch {
                torn = ReadError(line: lineNumber, message: "\(error.message) of the line")
            }
        }
        if let torn {
            guard !records.isEmpty else { throw torn }
            warnings.append(ReadWarning(
                line: torn.line, code: "torn_last_line",
                message: "the last line is not JSON (\(torn.message)): a write cut short, skipped as Codex skips it; the rest is read"))
        }
        let isRollout = records.contains { HistoryFile.isRolloutRecord($0.0) }
        if isRollout {
            var entries: [Entry] = []
            for (record, line) in records {
                guard let type = record["type"]?.stringValue else { continue }
                let time = record["timestamp"]?.stringValue.flatMap(Timestamp.microseconds)
                switch type {
                case "response_item":
                    if let payload = record["payload"] { entries.append(.item(payload, line: line, time: time)) }
                case "event_msg" where record["payload"]?["type"]?.stringValue == "turn_aborted":
                    entries.append(.interruption(reason: record["payload"]?["reason"]?.stringValue ?? "interrupted", line: line, time: time))
                case "compacted":
                    let replaced = entries.count
                    entries = HistoryFile.compaction(record["payload"], replacing: entries).map { .item($0, line: line, time: time) }
                    warnings.append(ReadWarning(
                        line: line, code: "compacted",
                        message: "a compaction replaced the \(replaced) entries before it with \(entries.count) items"))
                default:
                    continue
                }
            }
            self.entries = entries
            layout = .rollout
        } else {
            entries = records.map { .item($0.0, line: $0.1, time: nil) }
            layout = .jsonLines
        }
        self.warnings = warnings.sorted { $0.line < $1.line }
    }

    /// The items a `compacted` record's payload stands for: its `replacement_history`, or, when
    /// it has none (older rollouts), the user messages of `entries` and a user message holding
    /// its `message`.
    private static func compaction(_ payload: JSONValue?, replacing entries: [Entry]) -> [JSONValue] {
        if case .array(let replacement)? = payload?["replacement_history"] { return replacement }
        var items: [JSONValue] = entries.compactMap { entry in
            guard case .item(let item, _, _) = entry, item["type"]?.stringValue == "message",
                  item["role"]?.stringValue == "user" else { return nil }
            return item
        }
        if let summary = payload?["message"], case .string = summary {
            items.append(["type": "message", "role": "user", "content": [["type": "input_text", "text": summary]]])
        }
        return items
    }

    private static let rolloutRecordTypes: Set<String> = ["response_item", "event_msg", "session_meta", "turn_context", "compacted"]

    private static func isRolloutRecord(_ value: JSONValue) -> Bool {
        guard let type = value["type"]?.stringValue, rolloutRecordTypes.contains(type) else { return false }
        return value["payload"] != nil
    }

    /// The 1-based line holding byte `offset`.
    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// The 1-based line on which each element of a top-level JSON array starts.
    ///
    /// - Precondition: `bytes` is a valid JSON array.
    static func topLevelElementLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var expectingElement = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            if expectingElement && !isSpace && byte != UInt8(ascii: "]") {
                lines.append(line)
                expectingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { expectingElement = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ","): if depth == 1 { expectingElement = true }
            default: break
            }
        }
        return lines
    }
}

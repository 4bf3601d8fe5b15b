/// Every item type sequencing knows: the kinds of call a host runs and the outputs that answer
/// them, the kinds the API runs itself, and the other types it passes through knowingly.
///
/// This is the one table that the item model, the session rules, the validators and the
/// renderers read. ``builtIn`` holds what the Responses API's published input union has (see
/// `protocol/README.md`, "Call kinds"); ``declaring(_:)`` adds a host's own kinds or overrides
/// built-in ones, so that a kind the API adds next month needs no release.
///
/// Invariants (checked when a table is made): every output type answers exactly one key member;
/// no type is both a call and an output; every call kind has at least one output type.
public struct CallKindTable: Sendable, Equatable {
    /// The tables, behind one reference: a table is passed to every item read and kept by
    /// every session, and copying one is then one retain, not one per table. Never changed in
    /// place: a change makes a new box (tables are made once and changed only by declarations).
    private var box: Box

    private final class Box: Sendable {
        let tables: Tables
        init(_ tables: Tables) { self.tables = tables }
    }

    private struct Tables: Sendable {
        /// The host-run call kinds by call `type`.
        var calls: [String: CallKind] = [:]
        /// The output types by `type`.
        var outputs: [String: OutputRow] = [:]
        /// The call kinds in the order they were added (built-ins first).
        var callKinds: [CallKind] = []
        /// Types the API runs itself: they need no output (`web_search_call`, …).
        var apiRunTypes: Set<String> = []
        /// Other types passed through knowingly, with whether they come from the host's side.
        var otherTypes: [String: Bool] = [:]
        /// Every type above, by the length of its UTF-8 text, then in no particular order (see
        /// ``entry(for:)``); made by ``indexed()`` whenever a table is made or changed.
        var index: [[(type: [UInt8], entry: TypeEntry)]] = []
    }

    /// Changes the tables: into a new box.
    private mutating func change(_ body: (inout Tables) -> Void) {
        var tables = box.tables
        body(&tables)
        box = Box(tables)
    }

    private var calls: [String: CallKind] {
        get { box.tables.calls }
        set { change { $0.calls = newValue } }
    }
    private var outputs: [String: OutputRow] {
        get { box.tables.outputs }
        set { change { $0.outputs = newValue } }
    }
    /// The call kinds in the order they were added (built-ins first).
    public private(set) var callKinds: [CallKind] {
        get { box.tables.callKinds }
        set { change { $0.callKinds = newValue } }
    }
    /// Types the API runs itself: they need no output (`web_search_call`, …).
    public private(set) var apiRunTypes: Set<String> {
        get { box.tables.apiRunTypes }
        set { change { $0.apiRunTypes = newValue } }
    }
    private var otherTypes: [String: Bool] {
        get { box.tables.otherTypes }
        set { change { $0.otherTypes = newValue } }
    }
    private var index: [[(type: [UInt8], entry: TypeEntry)]] {
        get { box.tables.index }
        set { change { $0.index = newValue } }
    }

    /// What the table knows of one item `type`.
    enum TypeEntry: Sendable {
        case message
        case reasoning
        /// A host-run call (before its discriminator, if any, is checked).
        case call(CallKind)
        /// An output (before its `apiRunWhen`, if any, is checked).
        case output(OutputRow)
        /// A type the API runs itself.
        case apiRun(String)
        /// A type passed through knowingly.
        case other(String, hostSide: Bool)
    }

    /// What `type` is, found by comparing its bytes with the few known types of its length:
    /// no `String` is made and nothing is hashed. `nil` for a type the table does not know.
    ///
    /// - Complexity: O(k · m): k known types of the same length (a handful), m bytes each.
    func entry(for type: JSONString) -> TypeEntry? {
        type.withEscapedBytes { entry(forEscaped: $0) }
    }

    /// ``entry(for:)`` for the type whose escaped form is `escaped`, read in place.
    func entry(forEscaped escaped: UnsafeBufferPointer<UInt8>) -> TypeEntry? {
        // The index holds each type escaped the one way `JSONString(_:)` escapes it; a type
        // spelled with other escapes (`"\u006dessage"`) is looked up again spelled that way.
        JSONString.resolving(escaped: escaped) { entry(canonical: $0) }
    }

    /// The entry of the type escaped exactly as `bytes`.
    private func entry(canonical bytes: UnsafeBufferPointer<UInt8>) -> TypeEntry? {
        guard bytes.count < index.count else { return nil }
        for candidate in index[bytes.count] where candidate.type.withUnsafeBufferPointer({ ByteScan.equal($0, bytes) }) {
            return candidate.entry
        }
        return nil
    }

    /// This table with ``index`` made from its types. A type is in one set only (see the
    /// invariants); were it in several, message, reasoning, call, output, API-run and other
    /// would win in that order, as ``Item``'s reading always had it.
    private func indexed() -> CallKindTable {
        var entries: [String: TypeEntry] = [:]
        for (type, hostSide) in otherTypes { entries[type] = .other(type, hostSide: hostSide) }
        for type in apiRunTypes { entries[type] = .apiRun(type) }
        for (type, row) in outputs { entries[type] = .output(row) }
        for (type, kind) in calls { entries[type] = .call(kind) }
        entries["reasoning"] = .reasoning
        entries["message"] = .message
        let escaped = entries.map { (type: Array(JSONString($0.key).escaped), entry: $0.value) }
        var index: [[(type: [UInt8], entry: TypeEntry)]] = Array(repeating: [], count: (escaped.map(\.type.count).max() ?? 0) + 1)
        for candidate in escaped { index[candidate.type.count].append(candidate) }
        var table = self
        table.index = index
        return table
    }

    /// What the table knows of one output type.
    struct OutputRow: Sendable, Equatable {
        let kind: OutputKind
        let rendering: OutputRendering
        /// The member the output must have, and what it must be.
        let required: (member: String, shape: MemberShape)?
        /// When this member has this value, the item is the API's own (`execution: "server"`).
        let apiRunWhen: CallKind.Row.Discriminator?

        static func == (lhs: OutputRow, rhs: OutputRow) -> Bool {
            lhs.kind == rhs.kind && lhs.rendering == rhs.rendering && lhs.required?.member == rhs.required?.member
                && lhs.required?.shape == rhs.required?.shape && lhs.apiRunWhen == rhs.apiRunWhen
        }
    }

    /// The JSON shapes a required member may be asked to have.
    enum MemberShape: Sendable, Equatable {
        case textOrParts, array, object, string, boolean

        var description: String {
            switch self {
            case .textOrParts: "a string or an array of content items"
            case .array: "an array"
            case .object: "an object"
            case .string: "a string"
            case .boolean: "a boolean"
            }
        }

        /// Whether a value whose JSON type name (``JSONValue/typeName``) is `typeName` has this shape.
        func admits(typeName: String) -> Bool {
            switch self {
            case .textOrParts: typeName == "string" || typeName == "array"
            case .array: typeName == "array"
            case .object: typeName == "object"
            case .string: typeName == "string"
            case .boolean: typeName == "boolean"
            }
        }
    }

    /// Types a host keeps for itself that no provider API knows: left out of every rendering.
    public static let hostLocalTypes: Set<String> = ["ghost_snapshot"]

    /// The table of the Responses API's item union (2026-08) and Codex's own `ghost_snapshot`.
    public static let builtIn: CallKindTable = {
        var table = CallKindTable(box: Box(Tables()))
        for kind in CallKind.allCases { table.insert(kind) }
        table.outputs["function_call_output"] = OutputRow(
            kind: .function, rendering: .output, required: ("output", .textOrParts), apiRunWhen: nil)
        table.outputs["local_shell_call_output"] = OutputRow(
            kind: OutputKind(type: "local_shell_call_output"), rendering: .output, required: ("output", .textOrParts), apiRunWhen: nil)
        table.outputs["custom_tool_call_output"] = OutputRow(
            kind: .custom, rendering: .output, required: ("output", .textOrParts), apiRunWhen: nil)
        table.outputs["shell_call_output"] = OutputRow(
            kind: OutputKind(type: "shell_call_output"), rendering: .shellEntries, required: ("output", .array), apiRunWhen: nil)
        table.outputs["apply_patch_call_output"] = OutputRow(
            kind: OutputKind(type: "apply_patch_call_output"), rendering: .statusAndOutput, required: ("status", .string), apiRunWhen: nil)
        table.outputs["computer_call_output"] = OutputRow(
            kind: OutputKind(type: "computer_call_output"), rendering: .screenshot, required: ("output", .object), apiRunWhen: nil)
        table.outputs["tool_search_output"] = OutputRow(
            kind: OutputKind(type: "tool_search_output"), rendering: .remainingMembers, required: ("tools", .array),
            apiRunWhen: .init(member: "execution", value: "server"))
        table.outputs["mcp_approval_response"] = OutputRow(
            kind: OutputKind(type: "mcp_approval_response", keyMember: "approval_request_id"), rendering: .remainingMembers,
            required: ("approve", .boolean), apiRunWhen: nil)
        table.outputs["program_output"] = OutputRow(
            kind: OutputKind(type: "program_output"), rendering: .stringMember("result"), required: ("result", .string), apiRunWhen: nil)
        table.apiRunTypes = [
            "web_search_call", "file_search_call", "code_interpreter_call", "image_generation_call", "mcp_call", "mcp_list_tools",
        ]
        table.otherTypes = [
            "item_reference": false, "compaction": false, "compaction_trigger": false, "ghost_snapshot": false,
            "additional_tools": true,
        ]
        table.checkInvariants()
        return table.indexed()
    }()

    private mutating func insert(_ kind: CallKind) {
        if let index = callKinds.firstIndex(where: { $0.type == kind.type }) {
            callKinds[index] = kind
        } else {
            callKinds.append(kind)
        }
        calls[kind.type] = kind
    }

    /// The host-run kind a call of `type` is, ignoring discriminators.
    public func callKind(named type: String) -> CallKind? {
        calls[type]
    }

    /// The output kind of `type`, if it is one that answers a host-run call.
    public func outputKind(named type: String) -> OutputKind? {
        outputs[type]?.kind
    }

    /// Whether `type` is known: a message, reasoning, a call, an output, an API-run type, or one
    /// of the other types passed through knowingly.
    public func isKnown(_ type: String) -> Bool {
        type == "message" || type == "reasoning" || calls[type] != nil || outputs[type] != nil
            || apiRunTypes.contains(type) || otherTypes[type] != nil
    }

    /// The output row of `type`.
    func outputRow(_ type: String) -> OutputRow? {
        outputs[type]
    }

    /// Traps in debug builds when an invariant of the type's doc comment is broken.
    func checkInvariants() {
        #if DEBUG
        for (type, kind) in calls {
            assert(type == kind.type && !kind.outputTypes.isEmpty && outputs[type] == nil, "call kind \(type)")
            for output in kind.outputTypes {
                assert(outputs[output]?.kind.keyMember == kind.outputKeyMember, "output \(output) of \(type)")
            }
        }
        #endif
    }

    public static func == (lhs: CallKindTable, rhs: CallKindTable) -> Bool {
        lhs.callKinds == rhs.callKinds && lhs.outputs == rhs.outputs && lhs.apiRunTypes == rhs.apiRunTypes
            && lhs.otherTypes == rhs.otherTypes
    }
}

// MARK: - Declared kinds

extension CallKindTable {
    /// This table with `declarations` added, each replacing any kind of the same call type.
    ///
    /// - Throws: ``CallKindDeclarationError`` naming the first declaration that would break an
    ///   invariant of the table.
    public func declaring(_ declarations: [CallKindDeclaration]) throws(CallKindDeclarationError) -> CallKindTable {
        var table = self
        for (index, declaration) in declarations.enumerated() {
            try table.add(declaration, at: index)
        }
        table.checkInvariants()
        return table.indexed()
    }

    private mutating func add(_ declaration: CallKindDeclaration, at index: Int) throws(CallKindDeclarationError) {
        let type = declaration.call
        if type == "message" || type == "reasoning" || outputs[type] != nil || otherTypes[type] != nil {
            throw .reservedType(index: index, type: type)
        }
        if declaration.outputs.isEmpty {
            // Run by the API: it needs no output.
            if let old = calls.removeValue(forKey: type) { callKinds.removeAll { $0 == old } }
            apiRunTypes.insert(type)
            return
        }
        for output in declaration.outputs {
            if output == type || calls[output] != nil || output == "message" || output == "reasoning" || otherTypes[output] != nil
                || apiRunTypes.contains(output) {
                throw .reservedType(index: index, type: output)
            }
            if let existing = outputs[output], existing.kind.keyMember != declaration.outputKeyMember {
                throw .conflictingKey(index: index, output: output, existing: existing.kind.keyMember)
            }
        }
        apiRunTypes.remove(type)
        let kind = CallKind(row: CallKind.Row(
            type: type, outputTypes: declaration.outputs, callKeyMember: declaration.callKeyMember,
            outputKeyMember: declaration.outputKeyMember, displayName: type.replacingUnderscores, isDeclared: true,
            synthetic: declaration.synthetic,
            rendering: CallRendering(
                name: declaration.name.map { .fixed($0) } ?? .member("name", fallback: type),
                arguments: .allMembersExcept(["type", "id", declaration.callKeyMember, "status", "name"])),
            requiredStrings: []))
        insert(kind)
        for output in declaration.outputs where outputs[output] == nil {
            outputs[output] = OutputRow(
                kind: OutputKind(type: output, keyMember: declaration.outputKeyMember), rendering: .output, required: nil,
                apiRunWhen: nil)
        }
    }
}

// MARK: - The built-in rows

extension CallKindTable {
    /// The rows of the built-in kinds: every fact of the table lives here.
    enum Rows {
        static let textOutput = SyntheticOutputTemplate(members: JSONObject(literal: ["output": "{text}"]))

        static let function = CallKind.Row(
            type: "function_call", outputTypes: ["function_call_output"], displayName: "function call", synthetic: textOutput,
            rendering: CallRendering(name: .member("name", fallback: "function"), arguments: .jsonText("arguments")),
            requiredStrings: ["name"])
        /// `status` is required with the schema's values (`LocalShellToolCall`), and Codex always
        /// sends one (`ResponseItem::LocalShellCall`'s `status: LocalShellStatus` is not optional).
        static let localShell = CallKind.Row(
            type: "local_shell_call", outputTypes: ["function_call_output", "local_shell_call_output"], displayName: "local shell call",
            synthetic: textOutput, rendering: CallRendering(name: .fixed("shell"), arguments: .object("action")),
            requiredEnums: [.init(member: "status", values: ["in_progress", "completed", "incomplete"])])
        /// `name` and `input` are required strings (`CustomToolCall`).
        static let custom = CallKind.Row(
            type: "custom_tool_call", outputTypes: ["custom_tool_call_output"], displayName: "custom tool call", synthetic: textOutput,
            rendering: CallRendering(name: .member("name", fallback: "custom"), arguments: .members(["input"])),
            requiredStrings: ["name", "input"])
        static let shell = CallKind.Row(
            type: "shell_call", outputTypes: ["shell_call_output"], displayName: "shell call",
            synthetic: SyntheticOutputTemplate(
                members: JSONObject(literal: ["output": [["stdout": "", "stderr": "{text}", "outcome": ["type": "exit", "exit_code": 1]]]]),
                byReason: [
                    .interrupted: JSONObject(literal: ["output": [["stdout": "", "stderr": "{text}", "outcome": ["type": "exit", "exit_code": 130]]]]),
                    .timeout: JSONObject(literal: ["output": [["stdout": "", "stderr": "{text}", "outcome": ["type": "timeout"]]]]),
                ]),
            rendering: CallRendering(name: .fixed("shell"), arguments: .object("action")))
        static let applyPatch = CallKind.Row(
            type: "apply_patch_call", outputTypes: ["apply_patch_call_output"], displayName: "apply patch call",
            synthetic: SyntheticOutputTemplate(members: JSONObject(literal: ["status": "failed", "output": "{text}"])),
            rendering: CallRendering(name: .fixed("apply_patch"), arguments: .object("operation")))
        static let computer = CallKind.Row(
            type: "computer_call", outputTypes: ["computer_call_output"], displayName: "computer call", synthetic: nil,
            rendering: CallRendering(name: .fixed("computer"), arguments: .members(["action", "actions"])))
        static let toolSearch = CallKind.Row(
            type: "tool_search_call", outputTypes: ["tool_search_output"], displayName: "tool search call",
            synthetic: SyntheticOutputTemplate(members: JSONObject(literal: ["execution": "client", "status": "completed", "tools": []])),
            rendering: CallRendering(name: .fixed("tool_search"), arguments: .object("arguments")),
            discriminator: .init(member: "execution", value: "client"))
        static let mcpApprovalRequest = CallKind.Row(
            type: "mcp_approval_request", outputTypes: ["mcp_approval_response"], callKeyMember: "id",
            outputKeyMember: "approval_request_id", displayName: "mcp approval request",
            synthetic: SyntheticOutputTemplate(members: JSONObject(literal: ["approve": false, "reason": "{text}"])),
            rendering: CallRendering(name: .fixed("mcp_approval_request"), arguments: .members(["server_label", "name", "arguments"])))
        static let program = CallKind.Row(
            type: "program", outputTypes: ["program_output"], displayName: "program",
            synthetic: SyntheticOutputTemplate(members: JSONObject(literal: ["result": "{text}", "status": "incomplete"])),
            rendering: CallRendering(name: .fixed("program"), arguments: .members(["code"])))
    }
}

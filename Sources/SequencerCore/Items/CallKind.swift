/// A kind of call that the host runs and must answer: its wire `type`, the outputs that answer
/// it, how the two are paired, what stands in when the host cannot answer, and how the call
/// reads where a provider knows only function calls.
///
/// Kinds are data: the built-in ones are ``CallKindTable/builtIn``'s rows, and a host adds or
/// overrides kinds with ``CallKindTable/declaring(_:)`` (the `callKinds` param). A `CallKind`
/// is a cheap handle (one reference) to its immutable row.
///
/// Two kinds are equal when every fact of their rows is equal; hashing uses the call `type` only.
public struct CallKind: Sendable, Hashable {
    let row: Row

    /// The call's wire `type`, such as `function_call`.
    public var type: String { row.type }
    /// The call's wire `type` (the name `rawValue` is kept for the enum this type replaced).
    public var rawValue: String { row.type }
    /// The output types that answer this call; the first is the one synthetic outputs and
    /// conversions produce.
    public var outputTypes: [String] { row.outputTypes }
    /// The member of the call that holds its key (`call_id`, or `id` for `mcp_approval_request`).
    public var callKeyMember: String { row.callKeyMember }
    /// The member of an answering output that holds the call's key (`call_id`, or
    /// `approval_request_id` for `mcp_approval_response`).
    public var outputKeyMember: String { row.outputKeyMember }
    /// How the provider APIs name this kind in error texts (`"function call"`, `"shell call"`).
    public var displayName: String { row.displayName }
    /// Whether this kind came from a host's declaration rather than the built-in table.
    public var isDeclared: Bool { row.isDeclared }
    /// What stands in for a missing output: `nil` when no honest synthetic output exists (the
    /// call is then left out, with the reasoning that led only into it).
    public var synthetic: SyntheticOutputTemplate? { row.synthetic }
    /// How the call reads as a function call (Chat, Anthropic, Gemini).
    public var rendering: CallRendering { row.rendering }
    /// Members a call of this kind must have as strings (a `function_call`'s `name`, a
    /// `custom_tool_call`'s `name` and `input`).
    public var requiredStrings: [String] { row.requiredStrings }
    /// Members a call of this kind must have as one of a few strings, each with its allowed
    /// values in the order the API lists them (a `local_shell_call`'s `status`: `in_progress`,
    /// `completed`, `incomplete`). An item read with this kind has every one of them.
    public var requiredEnums: [(member: String, values: [String])] {
        row.requiredEnums.map { ($0.member, $0.values) }
    }
    /// A member whose value must equal a string for an item of this `type` to be this kind
    /// (`execution: "client"` for `tool_search_call`); other items of the type are run by the API.
    public var discriminator: (member: String, value: String)? {
        row.discriminator.map { ($0.member, $0.value) }
    }

    /// The primary output type (see ``outputTypes``).
    public var outputKind: OutputKind { row.primaryOutput }

    /// Whether an output of `type` answers this kind as it is, with no conversion.
    public func isAnsweredDirectly(by type: String) -> Bool {
        row.outputTypes.contains(type)
    }

    /// Whether the key member of this kind's calls is `id`, which is then content, never a
    /// server id to strip.
    public var keyIsItemID: Bool { row.callKeyMember == "id" }

    public static func == (lhs: CallKind, rhs: CallKind) -> Bool {
        lhs.row === rhs.row || lhs.row.facts == rhs.row.facts
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(row.type)
    }

    /// The immutable row behind a handle: its facts, read through as if they were its own
    /// members (`row.type`).
    @dynamicMemberLookup
    final class Row: Sendable {
        let facts: Facts
        /// The kind of the first of ``Facts/outputTypes``, made once.
        let primaryOutput: OutputKind

        /// Everything the table knows of one kind of call.
        struct Facts: Sendable, Equatable {
            let type: String
            let outputTypes: [String]
            let callKeyMember: String
            let outputKeyMember: String
            let displayName: String
            let isDeclared: Bool
            let synthetic: SyntheticOutputTemplate?
            let rendering: CallRendering
            let requiredStrings: [String]
            let requiredEnums: [Enumerated]
            let discriminator: Discriminator?
        }

        /// A member that must be a string with one of `values` (a `local_shell_call`'s `status`).
        struct Enumerated: Sendable, Equatable {
            let member: String
            /// The values allowed, in the order the API's error text lists them.
            let values: [String]
            /// Each value as JSON spells it with no escape, for reading an item in place.
            private let valueSpellings: [[UInt8]]

            init(member: String, values: [String]) {
                self.member = member
                self.values = values
                valueSpellings = values.map { JSONString($0).utf8 }
            }

            /// What the member must be, for ``ItemError/invalidMember(type:member:expected:)``:
            /// `one of "in_progress", "completed", "incomplete"`.
            var expected: String {
                "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
            }

            /// Whether the last member of `object` named ``member`` is a string with one of
            /// ``values``; read in place, building no value (an item's reading is on the hot path).
            func isAdmitted(in object: JSONObject) -> Bool {
                guard let position = object.lastIndex(ofKey: member) else { return false }
                let admitted = object.withStringBytes(at: position) { value in
                    JSONString.resolving(escaped: value) { bytes in
                        valueSpellings.contains { spelling in spelling.withUnsafeBufferPointer { ByteScan.equal($0, bytes) } } ? true : nil
                    }
                }
                return admitted == true
            }
        }

        struct Discriminator: Sendable, Equatable {
            let member: String
            let value: String
        }

        subscript<Value>(dynamicMember fact: KeyPath<Facts, Value>) -> Value {
            facts[keyPath: fact]
        }

        /// - Precondition: `outputTypes` is not empty.
        init(type: String, outputTypes: [String], callKeyMember: String = "call_id", outputKeyMember: String = "call_id",
             displayName: String, isDeclared: Bool = false, synthetic: SyntheticOutputTemplate?,
             rendering: CallRendering, requiredStrings: [String] = [], requiredEnums: [Enumerated] = [],
             discriminator: Discriminator? = nil) {
            precondition(!outputTypes.isEmpty, "a call kind needs an output type")
            facts = Facts(
                type: type, outputTypes: outputTypes, callKeyMember: callKeyMember, outputKeyMember: outputKeyMember,
                displayName: displayName, isDeclared: isDeclared, synthetic: synthetic, rendering: rendering,
                requiredStrings: requiredStrings, requiredEnums: requiredEnums, discriminator: discriminator)
            primaryOutput = OutputKind(type: outputTypes[0], keyMember: outputKeyMember)
        }
    }
}

// MARK: - The built-in kinds, by name

extension CallKind {
    /// `function_call`, answered by `function_call_output`.
    public static let function = CallKind(row: CallKindTable.Rows.function)
    /// `local_shell_call`, answered by `function_call_output` (what Codex sends) or `local_shell_call_output`.
    public static let localShell = CallKind(row: CallKindTable.Rows.localShell)
    /// `custom_tool_call`, answered by `custom_tool_call_output`.
    public static let custom = CallKind(row: CallKindTable.Rows.custom)
    /// `shell_call`, answered by `shell_call_output`.
    public static let shell = CallKind(row: CallKindTable.Rows.shell)
    /// `apply_patch_call`, answered by `apply_patch_call_output`.
    public static let applyPatch = CallKind(row: CallKindTable.Rows.applyPatch)
    /// `computer_call`, answered by `computer_call_output`; has no honest synthetic output.
    public static let computer = CallKind(row: CallKindTable.Rows.computer)
    /// `tool_search_call` with `execution: "client"`, answered by `tool_search_output`.
    public static let toolSearch = CallKind(row: CallKindTable.Rows.toolSearch)
    /// `mcp_approval_request`, answered by the `mcp_approval_response` whose `approval_request_id` is its `id`.
    public static let mcpApprovalRequest = CallKind(row: CallKindTable.Rows.mcpApprovalRequest)
    /// `program`, answered by `program_output`.
    public static let program = CallKind(row: CallKindTable.Rows.program)

    /// Every built-in kind, in table order.
    public static let allCases: [CallKind] = [
        .function, .localShell, .custom, .shell, .applyPatch, .computer, .toolSearch, .mcpApprovalRequest, .program,
    ]
}

/// A kind of output: its wire `type` and the member that names the call it answers.
public struct OutputKind: Sendable, Hashable {
    /// The facts, made once per kind: an output kind is one reference wherever it is kept.
    private let facts: Facts

    private final class Facts: Sendable {
        let type: String
        let keyMember: String
        let carriesTextOutput: Bool

        init(type: String, keyMember: String) {
            self.type = type
            self.keyMember = keyMember
            self.carriesTextOutput = OutputKind.textOutputTypes.contains(type)
        }
    }

    /// The output's wire `type`, such as `function_call_output`.
    public var type: String { facts.type }
    /// The member holding the key of the call it answers (`call_id`, `approval_request_id`).
    public var keyMember: String { facts.keyMember }

    /// An output kind.
    public init(type: String, keyMember: String = "call_id") {
        facts = Facts(type: type, keyMember: keyMember)
    }

    /// Equal when the type and the key member are.
    public static func == (lhs: OutputKind, rhs: OutputKind) -> Bool {
        lhs.facts === rhs.facts || (lhs.type == rhs.type && lhs.keyMember == rhs.keyMember)
    }

    /// Hashes the type and the key member, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(keyMember)
    }

    /// The wire `type` (the name `rawValue` is kept for the enum this type replaced).
    public var rawValue: String { type }

    /// How the provider APIs name this kind in error texts (`"function call output"`): the
    /// type with underscores as spaces.
    public var displayName: String { type.replacingUnderscores }

    /// `function_call_output`.
    public static let function = OutputKind(type: "function_call_output")
    /// `custom_tool_call_output`.
    public static let custom = OutputKind(type: "custom_tool_call_output")

    /// Whether outputs of this type carry their answer as `output`: a string or an array of
    /// content parts, so that one converts into another by changing `type` alone.
    public var carriesTextOutput: Bool { facts.carriesTextOutput }

    /// The output types whose `output` is a string or an array of content parts.
    static let textOutputTypes: Set<String> = ["function_call_output", "custom_tool_call_output", "local_shell_call_output"]
}

extension String {
    /// The string with every `_` replaced by a space (`function_call` → `function call`).
    var replacingUnderscores: String {
        String(unicodeScalars.map { $0 == "_" ? " " : Character($0) })
    }
}

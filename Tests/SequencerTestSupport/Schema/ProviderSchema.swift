import Foundation
import SequencerCore

/// OpenAI's published schema of Responses input items and Chat Completions messages
/// (`ProviderSchemas/openai-input.schema.json`), as a second opinion we did not write beside our
/// own validators.
///
/// Checked with ``SchemaChecker`` with `oneOf` judged as `anyOf` (the file's unions overlap).
/// Where the file disagrees with what the API accepts, the document is amended at load by the
/// named exception lists below, each documented with its evidence in this target's README; the
/// checker itself is never loosened.
package struct ProviderSchema: Sendable {
    /// Why the bundled schema could not be loaded.
    package enum LoadError: Error, CustomStringConvertible {
        /// The resource is not in the test support bundle.
        case missing
        /// The file is not JSON.
        case unparsable(String)
        /// An exception names a definition or member that the file does not have (the file
        /// changed): the exception lists must be reviewed.
        case staleException(String)

        package var description: String {
            switch self {
            case .missing: "openai-input.schema.json is not in the SequencerTestSupport bundle"
            case .unparsable(let reason): "openai-input.schema.json is not JSON: \(reason)"
            case .staleException(let what): "a ProviderSchema exception no longer applies (\(what)): review the lists"
            }
        }
    }

    /// Members the file lists in `required` that hosts leave out and the API accepts without:
    /// the file describes items as the API returns them. `id` (and an output message's
    /// `status`) on the items a host replays when it sends with `store: false` (it has no stored
    /// item to name; Codex never sends them); an output text's `annotations` and `logprobs`
    /// (hosts replay `{"type":"output_text","text":…}` alone); an image's `detail` (the API's own examples leave
    /// it out; it defaults to `auto`); a shell action's `env` (Codex sends `null`, see
    /// ``nullAccepted``). `FunctionToolCall` and `CustomToolCall` do not require `id`, so they
    /// need no entry.
    package static let requiredButOmittedByHosts: [(definition: String, member: String)] = [
        ("OutputMessage", "id"), ("OutputMessage", "status"),
        ("OutputTextContent", "annotations"), ("OutputTextContent", "logprobs"),
        ("ReasoningItem", "id"),
        ("LocalShellToolCall", "id"), ("LocalShellToolCallOutput", "id"),
        ("WebSearchToolCall", "id"),
        ("InputImageContent", "detail"),
        ("LocalShellExecAction", "env"),
        // The server id of the other items a host replays, which the Responses renderer strips
        // by default (`ids: "strip"`, what `store: false` needs), on the same evidence as the
        // entries above. `ProgramItemParam` and `ProgramOutputItemParam` are input params that
        // still list `id`: unsettled without an API call (see the README).
        ("ComputerToolCall", "id"), ("ProgramItemParam", "id"), ("ProgramOutputItemParam", "id"),
        ("MCPToolCall", "id"), ("MCPListTools", "id"), ("FileSearchToolCall", "id"),
        ("CodeInterpreterToolCall", "id"), ("ImageGenToolCall", "id"),
    ]

    /// Members the file declares without `null` that hosts send as `null` and the API accepts:
    /// Codex writes every unset member of a shell action as `null` (`"timeout_ms":null,
    /// "working_directory":null,"env":null,"user":null`) and replays it so; the file allows
    /// `null` for all of them but `env`.
    package static let nullAccepted: [(definition: String, member: String)] = [
        ("LocalShellExecAction", "env"),
    ]

    /// Members a definition lists in `required` but not in `properties`: defects of the published
    /// file. Each is amended as the API behaves: `.notRequired` drops the requirement,
    /// `.declaredString` declares the member as a string.
    package static let requiredButUndeclared: [(definition: String, member: String, amendment: Amendment)] = [
        // The API's member is `approval_request_id` (declared and required too); no host sends `request_id`.
        ("MCPApprovalResponse", "request_id", .notRequired),
        // The output names its call by `call_id`, as every other output does; only the declaration is missing.
        ("LocalShellToolCallOutput", "call_id", .declaredString),
    ]

    /// How a ``requiredButUndeclared`` entry is amended.
    package enum Amendment: Sendable {
        /// Taken out of `required`.
        case notRequired
        /// Added to `properties` as `{"type":"string"}`.
        case declaredString
    }

    /// The amended document's checker.
    package let checker: SchemaChecker

    /// Loads the bundled file and applies the exception lists.
    /// - Throws: ``LoadError``.
    package init() throws(LoadError) {
        guard let url = Bundle.module.url(forResource: "openai-input.schema", withExtension: "json", subdirectory: "ProviderSchemas"),
              let data = try? Data(contentsOf: url)
        else { throw .missing }
        let document: JSONValue
        do {
            document = try JSONParser.parse([UInt8](data))
        } catch {
            throw .unparsable(error.message)
        }
        try self.init(document: document)
    }

    /// A provider schema over `document` (a file in the same shape), with the exception lists applied.
    /// - Throws: ``LoadError/staleException(_:)`` when an exception does not apply to `document`.
    package init(document: JSONValue) throws(LoadError) {
        guard case .object(var root) = document, case .object(var definitions)? = root["$defs"] else {
            throw .staleException("no $defs")
        }
        func amend(_ name: String, _ change: (inout JSONObject) throws(LoadError) -> Void) throws(LoadError) {
            guard case .object(var definition)? = definitions[name] else { throw .staleException("no $defs/\(name)") }
            try change(&definition)
            definitions[name] = .object(definition)
        }
        func removeRequired(_ member: String, from definition: inout JSONObject, of name: String) throws(LoadError) {
            let required = definition["required"]?.arrayValue ?? []
            guard required.contains(where: { $0.stringValue == member }) else {
                throw .staleException("$defs/\(name) does not require \(member)")
            }
            definition["required"] = .array(required.filter { $0.stringValue != member })
        }
        for (name, member) in ProviderSchema.requiredButOmittedByHosts {
            try amend(name) { (definition) throws(LoadError) in try removeRequired(member, from: &definition, of: name) }
        }
        for (name, member) in ProviderSchema.nullAccepted {
            try amend(name) { (definition) throws(LoadError) in
                guard case .object(var properties)? = definition["properties"], let declared = properties[member] else {
                    throw .staleException("$defs/\(name) does not declare \(member)")
                }
                let null = JSONValue.object(JSONObject([.init(key: JSONString("type"), value: .string(JSONString("null")))]))
                properties[member] = .object(JSONObject([.init(key: JSONString("anyOf"), value: .array([declared, null]))]))
                definition["properties"] = .object(properties)
            }
        }
        for (name, member, amendment) in ProviderSchema.requiredButUndeclared {
            try amend(name) { (definition) throws(LoadError) in
                guard case .object(var properties)? = definition["properties"], properties[member] == nil else {
                    throw .staleException("$defs/\(name) declares \(member) now")
                }
                switch amendment {
                case .notRequired:
                    try removeRequired(member, from: &definition, of: name)
                case .declaredString:
                    properties[member] = .object(JSONObject([.init(key: JSONString("type"), value: .string(JSONString("string")))]))
                    definition["properties"] = .object(properties)
                }
            }
        }
        root["$defs"] = .object(definitions)
        checker = SchemaChecker(.object(root), oneOf: .anyOf)
    }

    /// Why the API would refuse `item` as one element of a Responses `input` array, judged
    /// against `#/$defs/InputItem`; empty when the schema (with its exceptions) accepts it.
    package func responsesItemProblems(_ item: JSONValue) -> [String] {
        checker.violations(of: item, against: "InputItem")
    }

    /// Why the API would refuse `message` as one element of a Chat Completions `messages` array:
    /// the problems against `#/$defs/ChatCompletionRequestMessage`, plus every member that its
    /// role's branch does not list in `properties` (the API rejects those, `Additional properties
    /// are not allowed ('x' was unexpected) - 'messages.N'`, although the file does not say
    /// `additionalProperties: false`). Empty when the API would take it.
    package func chatMessageProblems(_ message: JSONValue) -> [String] {
        var problems = checker.violations(of: message, against: "ChatCompletionRequestMessage")
        if let object = message.objectValue, let role = message["role"]?.stringValue, let branch = chatBranch(role: role) {
            let declared = branch["properties"]?.objectValue
            for member in object.members where declared?[member.key.value] == nil {
                problems.append("$: Additional properties are not allowed ('\(member.key.value)' was unexpected)")
            }
        }
        return problems
    }

    /// The branch of `ChatCompletionRequestMessage` whose `role` admits `role`.
    private func chatBranch(role: String) -> JSONValue? {
        let union = checker.definition("ChatCompletionRequestMessage")?["oneOf"]?.arrayValue ?? []
        return union.lazy.map(checker.resolved).first { branch in
            (branch["properties"]?["role"]?["enum"]?.arrayValue ?? []).contains { $0.stringValue == role }
        }
    }
}

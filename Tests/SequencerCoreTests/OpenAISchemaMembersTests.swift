@testable import SequencerCore
import SequencerTestSupport
import Testing

/// The generated member tables cannot drift from the published schema they were generated from.
@Suite("OpenAISchemaMembers: the generated tables equal OpenAI's published schema")
struct OpenAISchemaMembersTests {
    static let schema = Result { () throws(ProviderSchema.LoadError) in try ProviderSchema() }

    /// The definitions a union's branches resolve to, unions of unions flattened.
    private static func branches(of schema: JSONValue, in checker: SchemaChecker) -> [JSONValue] {
        let resolved = checker.resolved(schema)
        guard let union = resolved["oneOf"]?.arrayValue ?? resolved["anyOf"]?.arrayValue, resolved["properties"] == nil else {
            return [resolved]
        }
        return union.flatMap { branches(of: $0, in: checker) }
    }

    /// The `type` values a branch admits (`enum`, or an `anyOf` of enums and null).
    private static func types(of branch: JSONValue) -> [String] {
        let type = branch["properties"]?["type"]
        let direct = type?["enum"]?.arrayValue ?? []
        let alternatives = (type?["anyOf"]?.arrayValue ?? []).flatMap { $0["enum"]?.arrayValue ?? [] }
        return (direct + alternatives).compactMap(\.stringValue)
    }

    @Test("every Responses item type's members are the union of its branches' properties in #/$defs/InputItem")
    func responsesItems() throws {
        let checker = try Self.schema.get().checker
        var fromSchema: [String: Set<String>] = [:]
        for branch in Self.branches(of: try #require(checker.definition("InputItem")), in: checker) {
            let members = (branch["properties"]?.objectValue?.members ?? []).map(\.key.value)
            for type in Self.types(of: branch) {
                fromSchema[type, default: []].formUnion(members)
            }
        }
        #expect(fromSchema.count >= 30)
        #expect(Set(fromSchema.keys) == Set(OpenAISchemaMembers.responsesItemMembers.keys))
        for (type, members) in fromSchema {
            #expect(Set(OpenAISchemaMembers.responsesItemMembers[type] ?? []) == members, "\(type)")
        }
    }

    @Test("every Chat role's members are the properties of its branch of #/$defs/ChatCompletionRequestMessage")
    func chatMessages() throws {
        let checker = try Self.schema.get().checker
        var fromSchema: [String: Set<String>] = [:]
        for branch in Self.branches(of: try #require(checker.definition("ChatCompletionRequestMessage")), in: checker) {
            let members = Set((branch["properties"]?.objectValue?.members ?? []).map(\.key.value))
            for role in branch["properties"]?["role"]?["enum"]?.arrayValue ?? [] {
                fromSchema[try #require(role.stringValue)] = members
            }
        }
        #expect(Set(fromSchema.keys) == ["developer", "system", "user", "assistant", "tool", "function"])
        for (role, members) in fromSchema {
            #expect(Set(OpenAISchemaMembers.chatMessageMembers[role] ?? []) == members, "\(role)")
        }
    }

    @Test("every built-in call kind and the output types that answer it have a row")
    func everyKindHasARow() {
        for kind in CallKind.allCases {
            #expect(OpenAISchemaMembers.responsesItemMembers[kind.type] != nil, "\(kind.type)")
            for output in kind.outputTypes {
                #expect(OpenAISchemaMembers.responsesItemMembers[output] != nil, "\(output)")
            }
        }
    }
}

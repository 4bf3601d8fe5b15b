import Foundation
import SequencerCore
import SequencerTestSupport
import Testing

/// OpenAI's own schema (``ProviderSchema``) as a second opinion on the transcripts: the Responses
/// items hosts send and the Chat messages the sidecar answers with.
@Suite("OpenAI's published schema agrees with the transcripts' items and chat outputs")
struct ProviderSchemaTests {
    static let schema = Result { () throws(ProviderSchema.LoadError) in try ProviderSchema() }

    /// One Responses item found in a transcript's input, where it was found.
    struct Found: CustomStringConvertible {
        let place: String
        let value: JSONValue
        var description: String { "\(place): \(value)" }
    }

    /// Every item sent in `params.items` (and in imported operations), and every element of a
    /// `validate` request's `messages` in the Responses format, in every transcript's input.
    static func responsesItems() throws -> [Found] {
        var found: [Found] = []
        for name in Transcript.names {
            let transcript = try Transcript(named: name)
            for (index, line) in transcript.inputLines.enumerated() {
                guard let value = try? JSONParser.parse(line) else { continue }
                for request in value.arrayValue ?? [value] {
                    let params = request["params"]
                    var lists: [JSONValue] = []
                    if let items = params?["items"] { lists.append(items) }
                    if request["method"]?.stringValue == "validate", (params?["format"]?.stringValue ?? "responses") == "responses",
                       let messages = params?["messages"] {
                        lists.append(messages)
                    }
                    for operation in params?["state"]?["operations"]?.arrayValue ?? [] {
                        if let items = operation["params"]?["items"] { lists.append(items) }
                    }
                    for list in lists {
                        for (position, item) in (list.arrayValue ?? []).enumerated() {
                            found.append(Found(place: "\(name).in.jsonl:\(index + 1) item \(position)", value: item))
                        }
                    }
                }
            }
        }
        return found
    }

    /// Whether our own validator finds nothing wrong with `item` alone (problems of pairing and
    /// order need the whole array and are left out).
    static func ourValidatorAccepts(_ item: JSONValue) -> Bool {
        !Validator.validate(.array([item]), format: .responses).contains {
            $0.severity == .error && ($0.code == .invalidShape || $0.code == .nullCallId)
        }
    }

    /// Every element of every `messages` array the transcripts' expected output answers in
    /// `format`: `session/messages` asking for it or on a session opened (or imported) in it,
    /// and `sequence` asking for it.
    static func outputMessages(in format: String) throws -> [Found] {
        var found: [Found] = []
        for name in Transcript.names {
            let transcript = try Transcript(named: name)
            var sessionFormats: [String: String] = [:]
            for exchange in try Exchange.pair(inputLines: transcript.inputLines, outputLines: transcript.expectedLines) {
                guard let request = exchange.request, let result = exchange.response["result"] else { continue }
                let params = request.message["params"]
                let session = params?["session"]?.stringValue
                var asked = params?["format"]?.stringValue
                switch request.method {
                case "session/open":
                    if let id = result["session"]?.stringValue {
                        sessionFormats[id] = params?["options"]?["format"]?.stringValue ?? "responses"
                    }
                    continue
                case "session/import":
                    if let id = result["session"]?.stringValue ?? session {
                        sessionFormats[id] = params?["state"]?["format"]?.stringValue ?? "responses"
                    }
                    continue
                case "session/messages":
                    asked = asked ?? session.flatMap { sessionFormats[$0] }
                case "sequence":
                    asked = asked ?? "responses"
                default:
                    continue
                }
                guard asked == format, let messages = result["messages"]?.arrayValue else { continue }
                for (position, message) in messages.enumerated() {
                    found.append(Found(place: "\(name).out.jsonl:\(exchange.outputLine + 1) element \(position)", value: message))
                }
            }
        }
        return found
    }

    // MARK: - What is expected

    /// The Responses items of the transcripts' inputs on which our validator and OpenAI's
    /// schema disagree, with whether ours accepts it and which of the two is right.
    static let responsesDisagreements: [(item: String, oursAccepts: Bool, why: String)] = [
        (#"{"type":"ghost_snapshot","ghost_commit":{"id":"abc"}}"#, true,
         "a Codex-internal type the API does not know (the schema is right; renderings leave it out)"),
        (#"{"type":"future_item_v9","n":1}"#, true,
         "an unknown type (the schema is right; we pass it through, warning unknown_type)"),
        (#"{"type":"x_search_call","id":"xs_1","status":"completed"}"#, true,
         "a kind a host declared (callKinds): the point is that the published union does not have it yet"),
        (#"{"type":"deploy_call","call_id":"d1","env":"prod"}"#, true, "a kind a host declared (callKinds)"),
        (#"{"type":"deploy_call","call_id":"d2","env":"staging"}"#, true, "a kind a host declared (callKinds)"),
        (#"{"type":"screen_call","ref":"r1","target":"login"}"#, true, "a kind a host declared (callKinds)"),
        (#"{"type":"function_call","name":"f","arguments":"{}","call_id":""}"#, false,
         "the schema sets no minimum length on a call's call_id; we refuse an empty one"),
        (#"{"type":"function_call_output","output":"x"}"#, false,
         "the schema makes an output's call_id optional (it may be null); we require it, as an output must name its call"),
    ]

    /// The members of the sidecar's chat output that OpenAI's Chat API refuses as unknown: the
    /// reasoning members the `reasoning` render option puts on assistant messages when a host
    /// asks for them (render-options transcript); by default they are left out.
    static let chatMembersRefused: Set<String> = ["reasoning", "reasoning_content"]

    /// The item types of the sidecar's Responses output that OpenAI's schema refuses: unknown
    /// types are passed through (protocol/README.md).
    static let responsesTypesRefused: Set<String> = [
        "future_item_v9", "deploy_call", "deploy_call_output", "x_search_call", "screen_call",
    ]

    // MARK: - Tests

    @Test("the bundled schema loads, every exception still applies to it, and the checker knows all its keywords")
    func schemaLoads() throws {
        let schema = try ProviderSchemaTests.schema.get()
        #expect(schema.checker.unsupportedKeywords() == [])
        #expect(schema.checker.definition("InputItem") != nil)
        #expect(schema.checker.definition("ChatCompletionRequestMessage") != nil)
    }

    @Test("our validator and OpenAI's schema judge every Responses item of the transcripts alike, but the listed ones")
    func responsesItemsAgree() throws {
        let schema = try ProviderSchemaTests.schema.get()
        var disagreements: Set<String> = []
        let items = try ProviderSchemaTests.responsesItems()
        #expect(items.count > 100)
        for item in items {
            let ours = ProviderSchemaTests.ourValidatorAccepts(item.value)
            let theirs = schema.responsesItemProblems(item.value).isEmpty
            if ours != theirs { disagreements.insert("\(ours) \(item.value)") }
        }
        let expected = Set(ProviderSchemaTests.responsesDisagreements.map { "\($0.oursAccepts) \($0.item)" })
        #expect(disagreements.subtracting(expected).sorted() == [], "new disagreements")
        #expect(expected.subtracting(disagreements).sorted() == [], "listed disagreements no longer seen")
    }

    @Test("every chat message the transcripts answer with is one OpenAI's schema accepts, but for the reasoning member")
    func chatOutputsAccepted() throws {
        let schema = try ProviderSchemaTests.schema.get()
        let messages = try ProviderSchemaTests.outputMessages(in: "chat")
        #expect(messages.count > 20)
        for message in messages {
            let refused = (message.value.objectValue?.members ?? []).map(\.key.value).filter(ProviderSchemaTests.chatMembersRefused.contains)
            let expected = refused.map { "$: Additional properties are not allowed ('\($0)' was unexpected)" }
            #expect(schema.chatMessageProblems(message.value) == expected, "\(message)")
        }
    }

    @Test("every Responses item the transcripts answer with is one OpenAI's schema accepts, but for the listed types")
    func responsesOutputsAccepted() throws {
        let schema = try ProviderSchemaTests.schema.get()
        let items = try ProviderSchemaTests.outputMessages(in: "responses")
        #expect(items.count > 50)
        for item in items {
            let refusedType = item.value["type"]?.stringValue.map(ProviderSchemaTests.responsesTypesRefused.contains) ?? false
            #expect(schema.responsesItemProblems(item.value).isEmpty != refusedType, "\(item): \(schema.responsesItemProblems(item.value))")
        }
    }
}

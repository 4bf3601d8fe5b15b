import Foundation
import SequencerCore
import SequencerRPC
import SequencerTestSupport
import Testing

/// Validates every request and every response of every golden transcript against
/// `protocol/schema.json`, with the small checker in `Support/SchemaChecker.swift`.
@Suite("schema.json describes every request and response of the transcripts")
struct SchemaTests {
    /// The parsed schema.
    static func checker() throws -> SchemaChecker {
        let bytes = [UInt8](try Data(contentsOf: ProtocolDirectory.schema))
        return SchemaChecker(try JSONParser.parse(bytes))
    }

    /// The `$defs` name stem of a method: `session/open` is `sessionOpen`, `$/cancelRequest`
    /// is `cancelRequest`.
    static func stem(of method: String) -> String {
        let parts = method.split(separator: "/").map(String.init).filter { $0 != "$" }
        return (parts.first ?? "") + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The transcript whose requests use members the protocol does not define: the server ignores
    /// them, the schema rejects them.
    static let ignoredMembersTranscript = "ignored-members"

    @Test("the schema uses only keywords the checker enforces, and every method has its definitions")
    func schemaIsCheckable() throws {
        let checker = try SchemaTests.checker()
        #expect(checker.unsupportedKeywords() == [])
        #expect(checker.root["$schema"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
        let names = Set(checker.definitionNames)
        for method in SequencerRPC.Method.allCases {
            for suffix in ["Request", "Params", "Result"] {
                #expect(names.contains(SchemaTests.stem(of: method.name) + suffix), "no $defs/\(SchemaTests.stem(of: method.name))\(suffix)")
            }
        }
        for name in ["error", "errorResponse", "response", "item", "problem", "repair", "sessionRepair", "report"] {
            #expect(names.contains(name), "no $defs/\(name)")
        }
    }

    @Test("the problem codes schema.json allows are ProblemCode's, in its order")
    func problemCodes() throws {
        let codes = try SchemaTests.checker().root["$defs"]?["problem"]?["properties"]?["code"]?["enum"]?.arrayValue ?? []
        #expect(codes.compactMap(\.stringValue) == ProblemCode.allCases.map(\.rawValue))
    }

    @Test("requests answered with a result, results and errors all match the schema", arguments: Transcript.names)
    func transcriptMatchesSchema(_ name: String) throws {
        let checker = try SchemaTests.checker()
        let transcript = try Transcript(named: name)
        let exchanges = try Exchange.pair(inputLines: transcript.inputLines, outputLines: transcript.expectedLines)
        #expect(!exchanges.isEmpty || transcript.expectedLines.isEmpty)
        for exchange in exchanges {
            let line = exchange.outputLine + 1
            for violation in checker.violations(of: exchange.response, against: "response") {
                Issue.record("\(name) output line \(line): response: \(violation)")
            }
            guard let result = exchange.response["result"] else {
                for violation in checker.violations(of: exchange.response, against: "errorResponse") {
                    Issue.record("\(name) output line \(line): error: \(violation)")
                }
                continue
            }
            guard let request = exchange.request else {
                Issue.record("\(name) output line \(line): a result that answers no request of the input")
                continue
            }
            let stem = SchemaTests.stem(of: request.method)
            for violation in checker.violations(of: result, against: stem + "Result") {
                Issue.record("\(name) output line \(line): \(request.method) result: \(violation)")
            }
            let requestViolations = checker.violations(of: request.message, against: stem + "Request")
            if name == SchemaTests.ignoredMembersTranscript {
                #expect(!requestViolations.isEmpty,
                        "\(name) input line \(request.inputLine + 1): the schema should reject a request with members it does not define")
            } else {
                for violation in requestViolations {
                    Issue.record("\(name) input line \(request.inputLine + 1): \(request.method) request: \(violation)")
                }
                #expect(checker.violations(of: request.message, against: "request").isEmpty)
            }
        }
    }

    /// Instances the schema must reject, each with the definition it is checked against.
    static let wrongInstances: [(definition: String, json: String)] = [
        ("sessionSubmitResult", #"{"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}"#),
        ("sessionSubmitResult", #"{"revision":-1,"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}"#),
        ("sessionSubmitResult", #"{"revision":1.5,"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}"#),
        ("sessionSubmitResult", #"{"revision":0,"epoch":0,"committed":0,"pending":[],"held":[],"early":0,"reported":[],"repairs":[]}"#),
        ("initializeResult", #"{"serverInfo":{"name":"tool-sequencer","version":"0.2.0"},"protocolVersion":1,"capabilities":{"formats":[],"methods":[]},"limits":{"maxLineBytes":1,"maxDepth":1,"maxSessions":1}}"#),
        ("problem", #"{"code":"missing_output","severity":"fatal","index":0,"message":"m"}"#),
        ("problem", #"{"code":"no_such_code","severity":"error","index":0,"message":"m"}"#),
        ("report", #"{"index":0,"reason":"stale","item":{},"message":"m"}"#),
        ("repair", #"{"kind":"converted_output","index":0}"#),
        ("sessionStateResult", #"{"session":"s","revision":0,"epoch":0,"format":"responses","batch":"none","pending":[],"held":[],"early":[],"counts":{"submitted":0,"committed":0,"pending":0,"held":0,"early":0,"reported":0}}"#),
        ("errorResponse", #"{"jsonrpc":"2.0","id":1,"error":{"code":-31002,"message":"Unknown session","data":{"path":"params.session"}}}"#),
        ("errorResponse", #"{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"Unknown session (version 1's code)","data":{"path":"params.session","session":"s"}}}"#),
        ("errorResponse", #"{"jsonrpc":"2.0","id":1,"error":{"code":-31009,"message":"m","data":{"requested":"1","supported":[2]}}}"#),
        ("errorResponse", #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"m","data":{"path":"params.x","param":"x","allowed":["y"],"didYouMean":1}}}"#),
        ("initializeRequest", #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2"}}"#),
        ("pingRequest", #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"now":true}}"#),
        ("errorResponse", #"{"jsonrpc":"2.0","id":1,"error":{"code":-31999,"message":"no such code"}}"#),
        ("errorResponse", #"{"jsonrpc":"1.0","id":1,"error":{"code":-32601,"message":"m","data":{"method":"x"}}}"#),
        ("sequenceRequest", #"{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"items":[],"format":"xml"}}"#),
        ("sequenceRequest", #"{"jsonrpc":"2.0","id":1,"method":"sequence","params":{}}"#),
        ("sessionCancelRequest", #"{"jsonrpc":"2.0","id":1,"method":"session/cancel","params":{"session":"s","reason":"lost"}}"#),
        ("sessionOpenRequest", #"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":""}}"#),
        ("sessionMessagesRequest", #"{"jsonrpc":"2.0","id":1,"method":"session/messages","params":{"session":"s","since":-1}}"#),
        ("request", #"{"jsonrpc":"2.0","id":true,"method":"shutdown"}"#),
        ("request", #"{"jsonrpc":"2.0","id":1,"method":"session/delete","params":{"session":"s"}}"#),
        ("request", #"{"jsonrpc":"2.0","id":1,"method":"session/state","params":{"session":"s","extra":1}}"#),
        ("response", #"{"jsonrpc":"2.0","id":1}"#),
    ]

    @Test("the checker rejects wrong instances, so the transcript checks cannot pass vacuously",
          arguments: SchemaTests.wrongInstances.indices)
    func rejectsWrongInstance(_ index: Int) throws {
        let checker = try SchemaTests.checker()
        let (definition, json) = SchemaTests.wrongInstances[index]
        #expect(checker.definitionNames.contains(definition))
        let violations = checker.violations(of: try JSONParser.parse(json), against: definition)
        #expect(!violations.isEmpty, "$defs/\(definition) accepted \(json)")
    }

    @Test("the checker accepts the right instances next to the wrong ones")
    func acceptsRightInstances() throws {
        let checker = try SchemaTests.checker()
        let right: [(String, String)] = [
            ("sessionSubmitResult", #"{"revision":0,"epoch":0,"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}"#),
            ("problem", #"{"code":"missing_output","severity":"error","index":0,"callId":"c","message":"m"}"#),
            ("errorResponse", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: an empty batch","data":{"path":""}}}"#),
            ("request", #"{"id":1,"method":"shutdown"}"#),
            ("request", #"{"jsonrpc":"2.0","method":"session/cancel","params":{"session":"s","callIds":null,"reason":null}}"#),
            ("item", #"{"type":"ghost_snapshot","anything":[1,2,{"id":"x"}]}"#),
        ]
        for (definition, json) in right {
            #expect(checker.violations(of: try JSONParser.parse(json), against: definition) == [], "$defs/\(definition) rejected \(json)")
        }
    }
}

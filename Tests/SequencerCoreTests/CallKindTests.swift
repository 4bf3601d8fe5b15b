import Testing
@testable import SequencerCore

/// The call-kind table: every host-run kind of the Responses union, answered or closed with
/// its own synthetic output, paired by its own key; declared kinds behave like built-in ones.
@Suite("Call kinds: every kind the APIs have, and kinds a host declares")
struct CallKindTests {
    typealias F = Fixture

    static func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .null
    }

    /// One call of each built-in kind, keyed `k1`.
    static let calls: [(CallKind, JSONValue)] = [
        (.function, json(#"{"type":"function_call","name":"f","arguments":"{}","call_id":"k1"}"#)),
        (.localShell, json(#"{"type":"local_shell_call","call_id":"k1","status":"in_progress","action":{"type":"exec","command":["ls"],"env":{}}}"#)),
        (.custom, json(#"{"type":"custom_tool_call","call_id":"k1","name":"apply_patch","input":"x"}"#)),
        (.shell, json(#"{"type":"shell_call","call_id":"k1","action":{"commands":["make"]},"status":"in_progress"}"#)),
        (.applyPatch, json(#"{"type":"apply_patch_call","call_id":"k1","status":"in_progress","operation":{"type":"delete_file","path":"a"}}"#)),
        (.computer, json(#"{"type":"computer_call","call_id":"k1","action":{"type":"click","x":1,"y":2,"button":"left"},"pending_safety_checks":[],"status":"completed"}"#)),
        (.toolSearch, json(#"{"type":"tool_search_call","call_id":"k1","execution":"client","arguments":{}}"#)),
        (.mcpApprovalRequest, json(#"{"type":"mcp_approval_request","id":"k1","server_label":"s","name":"t","arguments":"{}"}"#)),
        (.program, json(#"{"type":"program","call_id":"k1","code":"print(1)","fingerprint":"f"}"#)),
    ]

    /// The synthetic output each kind gets when the user interrupts it (`nil`: left out).
    static let interrupted: [String: String?] = [
        "function_call": #"{"type":"function_call_output","call_id":"k1","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."}"#,
        "local_shell_call": #"{"type":"function_call_output","call_id":"k1","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."}"#,
        "custom_tool_call": #"{"type":"custom_tool_call_output","call_id":"k1","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."}"#,
        "shell_call": #"{"type":"shell_call_output","call_id":"k1","output":[{"stdout":"","stderr":"aborted: the user interrupted this tool call before it finished; it may have partly run.","outcome":{"type":"exit","exit_code":130}}]}"#,
        "apply_patch_call": #"{"type":"apply_patch_call_output","call_id":"k1","status":"failed","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."}"#,
        "computer_call": nil,
        "tool_search_call": #"{"type":"tool_search_output","call_id":"k1","execution":"client","status":"completed","tools":[]}"#,
        "mcp_approval_request": #"{"type":"mcp_approval_response","approval_request_id":"k1","approve":false,"reason":"aborted: the user interrupted this tool call before it finished; it may have partly run."}"#,
        "program": #"{"type":"program_output","call_id":"k1","result":"aborted: the user interrupted this tool call before it finished; it may have partly run.","status":"incomplete"}"#,
    ]

    @Test("every built-in kind is read as a call with its key", arguments: calls.map(\.0.type))
    func readsEveryKind(type: String) throws {
        let (kind, value) = try #require(Self.calls.first { $0.0.type == type })
        let item = try Item(value)
        #expect(item.kind == .call(kind))
        #expect(item.callId == "k1")
        #expect(item.isKnownType)
    }

    @Test("an interrupted call of every kind is closed with its own synthetic output, or left out when none is honest",
          arguments: calls.map(\.0.type))
    func interruptedEveryKind(type: String) throws {
        let (_, call) = try #require(Self.calls.first { $0.0.type == type })
        var session = Session()
        _ = session.submit([F.user("go"), F.reasoning("why"), call, F.user("stop")])
        let outcome = session.cancel(reason: .interrupted)
        let expected = try #require(Self.interrupted[type])
        if let expected {
            #expect(outcome.cancelled == ["k1"])
            #expect(session.committedValues == [F.user("go"), F.reasoning("why"), call, Self.json(expected), F.user("stop")])
        } else {
            // Reasoning committed before the call's batch opened stays: the array is append-only.
            #expect(outcome.cancelled == [])
            #expect(outcome.dropped == ["k1"])
            #expect(outcome.reports.map(\.reason) == [.droppedCall])
            #expect(outcome.reports.first?.item == call)
            #expect(session.committedValues == [F.user("go"), F.reasoning("why"), F.user("stop")])
        }
        #expect(session.pendingCallIds == [])
    }

    @Test("a computer_call cancelled with the reasoning that led only into it inside its batch loses both, reported")
    func computerCallWithReasoningInBatch() throws {
        var session = Session()
        let computer = try #require(Self.calls.first { $0.0 == .computer }).1
        _ = session.submit([F.user("go"), F.function("f1"), F.reasoning("click it"), computer, F.user("stop")])
        let outcome = session.cancel(["f1", "k1"], reason: .interrupted)
        #expect(outcome.cancelled == ["f1"])
        #expect(outcome.dropped == ["k1"])
        #expect(outcome.reports.map(\.reason) == [.droppedReasoning, .droppedCall])
        #expect(session.committedValues == [F.user("go"), F.function("f1"), F.synthetic("f1", .interrupted), F.user("stop")])
    }

    @Test("an mcp_approval_response answers the request whose id is its approval_request_id")
    func mcpApprovalPairsByID() throws {
        let request = try #require(Self.calls.first { $0.0 == .mcpApprovalRequest }).1
        let response = Self.json(#"{"type":"mcp_approval_response","approval_request_id":"k1","approve":true}"#)
        var session = Session()
        _ = session.submit([request, F.user("typed meanwhile"), response])
        #expect(session.committedValues == [request, response, F.user("typed meanwhile")])
        let item = try Item(request)
        #expect(!item.hasServerId)
    }

    @Test("an output of a type that cannot answer its call is reported wrong_kind, and the call stays pending")
    func wrongKind() throws {
        let shell = try #require(Self.calls.first { $0.0 == .shell }).1
        var session = Session()
        _ = session.submit([shell])
        let outcome = session.submit([F.output("k1", "done")])
        #expect(outcome.reports.map(\.reason) == [.wrongKind])
        #expect(outcome.reports.first?.message
            == "function_call_output cannot answer the shell_call k1, which needs shell_call_output; this output was not added and the call is still pending")
        #expect(session.pendingCallIds == ["k1"])
    }

    @Test("a text output of the other text kind is converted, as before")
    func conversionStillWorks() {
        var session = Session()
        _ = session.submit([F.custom("c1"), F.output("c1", "done")])
        #expect(session.committedValues == [F.custom("c1"), F.customOutput("c1", "done")])
    }

    @Test("tool_search_call run by the server and API-run calls need no output")
    func apiRun() throws {
        let server = Self.json(#"{"type":"tool_search_call","execution":"server","arguments":{},"status":"completed"}"#)
        let mcpCall = Self.json(#"{"type":"mcp_call","id":"mcp_1","server_label":"s","name":"t","arguments":"{}"}"#)
        #expect(try Item(server).kind == .apiRun("tool_search_call"))
        #expect(try Item(mcpCall).kind == .apiRun("mcp_call"))
        var session = Session()
        _ = session.submit([server, mcpCall, F.user("next")])
        #expect(session.revision == 3)
    }

    @Test("an unknown type passes through, warned about once per session")
    func unknownTypeWarnedOnce() {
        var session = Session()
        let first = session.submit([["type": "future_item_v9", "n": 1], ["type": "future_item_v9", "n": 2]])
        #expect(first.warnings == [Warning(
            code: .unknownType, type: "future_item_v9", arrival: 0,
            message: "unknown item type \"future_item_v9\": passed through as it is, as a model-side item that needs no output; declare it in callKinds if a host runs it")])
        #expect(session.submit([["type": "future_item_v9"]]).warnings == [])
        #expect(session.revision == 3)
        #expect(session.submit([["type": "ghost_snapshot"], ["type": "item_reference", "id": "msg_1"]]).warnings == [])
    }

    @Test("a declared kind behaves like a built-in one: held messages, synthetic output from its template, no warning")
    func declaredKind() throws {
        let declarations = try CallKindDeclaration.list(Self.json(
            #"[{"call":"x_call","outputs":["x_call_output"],"synthetic":{"result":"{text}","why":"{reason}"},"name":"x"}]"#))
        let kinds = try CallKindTable.builtIn.declaring(declarations)
        var session = Session(kinds: kinds)
        let call = Self.json(#"{"type":"x_call","call_id":"x1","payload":{"a":1}}"#)
        let outcome = session.submit([call, F.user("meanwhile")])
        #expect(outcome.warnings == [])
        #expect(session.pendingCallIds == ["x1"])
        _ = session.cancel(reason: .timeout)
        #expect(session.committedValues == [
            call,
            Self.json(#"{"type":"x_call_output","call_id":"x1","result":"aborted: this tool call timed out before it finished; it may have partly run.","why":"timeout"}"#),
            F.user("meanwhile"),
        ])
        let item = try Item(call, kinds: kinds)
        #expect(item.toolName == "x")
    }

    @Test("a declared kind with synthetic null is left out when cancelled, like computer_call")
    func declaredWithoutSynthetic() throws {
        let kinds = try CallKindTable.builtIn.declaring(CallKindDeclaration.list(Self.json(
            #"[{"call":"x_call","outputs":["x_out"],"key":{"call":"ref","output":"for"},"synthetic":null}]"#)))
        var session = Session(kinds: kinds)
        _ = session.submit([Self.json(#"{"type":"x_call","ref":"r1"}"#)])
        #expect(session.pendingCallIds == ["r1"])
        _ = session.submit([Self.json(#"{"type":"x_out","for":"r1","ok":true}"#)])
        #expect(session.committedValues == [Self.json(#"{"type":"x_call","ref":"r1"}"#), Self.json(#"{"type":"x_out","for":"r1","ok":true}"#)])
    }

    @Test("declarations are read strictly, each mistake named with its path",
          arguments: [
            (#"{"call":"x"}"#, "[0].outputs", "must be an array of output types"),
            (#"{"call":"x","outputs":["o"],"keys":"id"}"#, "[0].keys", "is not a member of a call kind declaration (call, outputs, key, synthetic, name)"),
            (#"{"call":"message","outputs":["o"]}"#, "[0]", "declares \"message\", which is already a message, reasoning, output or pass-through type"),
            (#"{"call":"x","outputs":["function_call_output"],"key":"ref"}"#, "[0].key", "gives function_call_output a key other than \"call_id\", the member it already answers by"),
            (#"{"call":"x","outputs":["o"],"synthetic":{"type":"o"}}"#, "[0].synthetic", "must be an object without \"type\" or the key member (both are set for you)"),
            (#"5"#, "[0]", "must be an object"),
          ])
    func strictDeclarations(declaration: String, path: String, message: String) {
        do {
            _ = try CallKindTable.builtIn.declaring(CallKindDeclaration.list(Self.json("[\(declaration)]")))
            Issue.record("accepted \(declaration)")
        } catch {
            #expect(error.path == path)
            #expect(error.message == message)
        }
    }

    @Test("outputs: [] declares a kind the API runs, which needs no output")
    func declaredAPIRun() throws {
        let kinds = try CallKindTable.builtIn.declaring(CallKindDeclaration.list(Self.json(#"[{"call":"x_search_call","outputs":[]}]"#)))
        let item = try Item(Self.json(#"{"type":"x_search_call","id":"xs_1"}"#), kinds: kinds)
        #expect(item.kind == .apiRun("x_search_call"))
        #expect(item.isKnownType)
    }

    @Test("the one-shot sequencer closes every kind where its response ends, and leaves out a computer_call with its reasoning")
    func oneShotEveryKind() throws {
        for (kind, call) in Self.calls {
            let result = Sequencer.sequence([F.user("go"), F.reasoning("plan"), call, F.user("next")])
            if kind.synthetic == nil {
                #expect(result.items.map(\.value) == [F.user("go"), F.user("next")], "\(kind.type)")
                #expect(result.repairs.map(\.kind) == [.droppedReasoning, .droppedCall], "\(kind.type)")
            } else {
                #expect(result.items.count == 5, "\(kind.type)")
                #expect(result.items[3].callId == "k1", "\(kind.type)")
                #expect(result.repairs.map(\.kind) == [.insertedOutput], "\(kind.type)")
            }
        }
    }
}

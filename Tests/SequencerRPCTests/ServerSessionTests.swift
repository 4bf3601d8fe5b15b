import SequencerCore
@testable import SequencerRPC
import SequencerTestSupport
import Testing

@Suite("Server: initialize and the session/* methods")
struct ServerSessionTests {
    static let user = #"{"type":"message","role":"user","content":"hi"}"#
    static let call1 = #"{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"}"#
    static let output1 = #"{"type":"function_call_output","call_id":"c1","output":"ok"}"#

    /// A request line for `method` with `params`, id 1.
    private func request(_ method: String, _ params: String) -> String {
        #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#
    }

    /// A server with the session `s` open.
    private func serverWithSession(limits: ServerLimits = .defaults, clock: ManualClock = ManualClock()) -> Server {
        var server = Server(limits: limits, clock: clock.read)
        _ = server.respond(request("session/open", #"{"session":"s"}"#))
        return server
    }

    // MARK: - initialize

    @Test("initialize describes the server, its formats, methods and limits")
    func initialize() {
        var server = Server(limits: ServerLimits(maxLineBytes: 1000, maxDepth: 20, maxSessions: 3))
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"clientInfo":{"name":"codex","version":"0.1"},"protocolVersion":2}}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"serverInfo":{"name":"tool-sequencer","version":"0.2.0"},"protocolVersion":2,"#
            + #""capabilities":{"formats":["responses","chat","anthropic","gemini"],"methods":["initialize","initialized","sequence","validate","session/open","session/submit","session/cancel","session/messages","session/state","session/close","session/export","session/import","session/rewind","session/replace","ping","$/cancelRequest","shutdown"],"#
            + #""callKinds":["function_call","local_shell_call","custom_tool_call","shell_call","apply_patch_call","computer_call","tool_search_call","mcp_approval_request","program"]},"#
            + #""limits":{"maxLineBytes":1000,"maxDepth":20,"maxSessions":3,"maxHeld":10000,"maxSessionBytes":268435456,"maxTotalBytes":1073741824}}}"#)
    }

    @Test("initialize with the default limits, and without params")
    func initializeDefaults() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"protocolVersion":2}}"#)?
            .hasSuffix(#""limits":{"maxLineBytes":67108864,"maxDepth":512,"maxSessions":1024,"maxHeld":10000,"maxSessionBytes":268435456,"maxTotalBytes":1073741824}}}"#) == true)
        var bare = Server()
        #expect(bare.respond(#"{"jsonrpc":"2.0","id":"i","method":"initialize"}"#)?.hasPrefix(#"{"jsonrpc":"2.0","id":"i","result":{"serverInfo":"#) == true)
    }

    @Test("initialize a second time is -31006; other methods still work")
    func initializeTwice() {
        var server = Server()
        _ = server.respond(#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":2,"method":"initialize"}"#)
            == #"{"jsonrpc":"2.0","id":2,"error":{"code":-31006,"message":"Already initialized: initialize may be called once per connection","data":{"method":"initialize"}}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":3,"method":"session/open"}"#) == #"{"jsonrpc":"2.0","id":3,"result":{"session":"s1"}}"#)
    }

    @Test("initialize with a wrong param fails without counting as the one initialize")
    func initializeBadParamsThenGood() {
        var server = Server()
        #expect(server.respond(request("initialize", #"{"clientInfo":"codex"}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.clientInfo must be an object, not string","data":{"path":"params.clientInfo"}}}"#)
        #expect(server.respond(request("initialize", #"{"protocolVersion":true}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.protocolVersion must be an integer, not boolean","data":{"path":"params.protocolVersion"}}}"#)
        #expect(server.respond(request("initialize", #"{"protocolVersion":[1]}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.protocolVersion must be an integer, not array","data":{"path":"params.protocolVersion"}}}"#)
        #expect(server.respond(request("initialize", #"{}"#))?.hasPrefix(#"{"jsonrpc":"2.0","id":1,"result":{"serverInfo":"#) == true)
    }

    @Test("initialize negotiates: no version or 2 is accepted; another integer is -31009; a non-integer -32602; neither counts", arguments: [
        ("1", #"{"jsonrpc":"2.0","id":1,"error":{"code":-31009,"message":"Unsupported protocol version: this server speaks 2, not 1","data":{"requested":1,"supported":[2]}}}"#),
        ("99", #"{"jsonrpc":"2.0","id":1,"error":{"code":-31009,"message":"Unsupported protocol version: this server speaks 2, not 99","data":{"requested":99,"supported":[2]}}}"#),
        (#""2""#, #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.protocolVersion must be an integer, not string","data":{"path":"params.protocolVersion"}}}"#),
        ("2.0", #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.protocolVersion must be an integer, not 2.0","data":{"path":"params.protocolVersion"}}}"#),
    ])
    func negotiation(_ version: String, _ answer: String) {
        var server = Server()
        #expect(server.respond(request("initialize", #"{"protocolVersion":\#(version)}"#)) == answer)
        #expect(server.respond(request("initialize", #"{"protocolVersion":2}"#))?.contains(#""protocolVersion":2,"#) == true)
        #expect(server.respond(request("initialize", #"{"protocolVersion":null}"#))?.contains("-31006") == true)
    }

    // MARK: - session/open

    @Test("session/open makes ids s1, s2, … and skips ids already taken")
    func openMakesIds() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"session/open"}"#) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s1"}}"#)
        #expect(server.respond(request("session/open", #"{"session":"s2"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s2"}}"#)
        #expect(server.respond(request("session/open", #"{}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s3"}}"#)
        #expect(server.respond(request("session/open", #"{"session":null,"options":null}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s4"}}"#)
    }

    @Test("session/open keeps the id it is given, exactly")
    func openNamed() {
        var server = Server()
        #expect(server.respond(request("session/open", #"{"session":"thread \"7\" é"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"thread \"7\" é"}}"#)
        #expect(server.respond(request("session/state", #"{"session":"thread \u00227\u0022 \u00e9"}"#))?.contains(#""session":"thread \"7\" é""#) == true)
    }

    @Test("session/open of an id already open is -31003")
    func openExisting() {
        var server = serverWithSession()
        #expect(server.respond(request("session/open", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31003,"message":"Session exists: a session with the id \"s\" is already open","data":{"path":"params.session","session":"s"}}}"#)
    }

    @Test("session/open beyond maxSessions is -31004; closing one makes room")
    func maxSessions() {
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 2))
        #expect(server.respond(request("session/open", #"{"session":"a"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"a"}}"#)
        #expect(server.respond(request("session/open", #"{}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s1"}}"#)
        let tooMany = #"{"jsonrpc":"2.0","id":1,"error":{"code":-31004,"message":"Too many sessions: 2 are open, the limit; close one first","data":{"limit":"maxSessions","max":2}}}"#
        #expect(server.respond(request("session/open", #"{"session":"c"}"#)) == tooMany)
        #expect(server.respond(request("session/open", #"{}"#)) == tooMany)
        #expect(server.respond(request("session/close", #"{"session":"a"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"orphans":[],"pending":[],"held":[]}}"#)
        #expect(server.respond(request("session/open", #"{"session":"c"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"c"}}"#)
        #expect(server.respond(request("session/open", #"{"session":"s1"}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31003,"message":"Session exists: a session with the id \"s1\" is already open","data":{"path":"params.session","session":"s1"}}}"#)
    }

    @Test("session/open options: format is the default of session/messages, syntheticOutputs the texts of cancel")
    func openOptions() {
        var server = Server()
        _ = server.respond(request("session/open", #"{"session":"o","options":{"format":"chat","syntheticOutputs":{"timeout":"too slow"}}}"#))
        _ = server.respond(request("session/submit", #"{"session":"o","items":[\#(Self.call1)]}"#))
        #expect(server.respond(request("session/cancel", #"{"session":"o","reason":"timeout"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"cancelled":["c1"],"dropped":[],"notPending":[],"revision":2,"epoch":0,"committed":2,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"o"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":2,"epoch":0,"reset":false,"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"too slow","tool_call_id":"c1"}],"pending":[],"held":0,"notes":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"o","format":"responses"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":2,"epoch":0,"reset":false,"messages":[\#(Self.call1),{"type":"function_call_output","call_id":"c1","output":"too slow"}],"pending":[],"held":0,"notes":[]}}"#)
    }

    // MARK: - Wrong params, every param of every session method

    @Test("a wrong type or value for any session param is -32602 naming its path", arguments: [
        // session/open
        Exchange(#""session/open","params":{"session":7}"#, #"{"code":-32602,"message":"Invalid params: params.session must be a string, not number","data":{"path":"params.session"}}"#),
        Exchange(#""session/open","params":{"session":""}"#, #"{"code":-32602,"message":"Invalid params: params.session must not be empty","data":{"path":"params.session"}}"#),
        Exchange(#""session/open","params":{"options":"chat"}"#, #"{"code":-32602,"message":"Invalid params: params.options must be an object, not string","data":{"path":"params.options"}}"#),
        Exchange(#""session/open","params":{"options":{"format":"html"}}"#,
                 #"{"code":-32602,"message":"Invalid params: params.options.format must be one of \"responses\", \"chat\", \"anthropic\", \"gemini\", not \"html\"","data":{"path":"params.options.format","allowed":["responses","chat","anthropic","gemini"]}}"#),
        Exchange(#""session/open","params":{"options":{"syntheticOutputs":{"failed":1}}}"#,
                 #"{"code":-32602,"message":"Invalid params: params.options.syntheticOutputs.failed must be a string, not number","data":{"path":"params.options.syntheticOutputs.failed"}}"#),
        Exchange(#""session/open","params":{"options":{"syntheticOutputs":{"oops":"x"}}}"#,
                 #"{"code":-32602,"message":"Invalid params: params.options.syntheticOutputs.oops is not a param of session/open's options.syntheticOutputs","data":{"path":"params.options.syntheticOutputs.oops","param":"oops","allowed":["interrupted","failed","timeout","lost"]}}"#),
        // session/submit
        Exchange(#""session/submit","params":{"items":[]}"#, #"{"code":-32602,"message":"Invalid params: params.session is required","data":{"path":"params.session"}}"#),
        Exchange(#""session/submit","params":{"session":["s"],"items":[]}"#, #"{"code":-32602,"message":"Invalid params: params.session must be a string, not array","data":{"path":"params.session"}}"#),
        Exchange(#""session/submit","params":{"session":"s"}"#, #"{"code":-32602,"message":"Invalid params: params.items is required","data":{"path":"params.items"}}"#),
        Exchange(#""session/submit","params":{"session":"s","items":{"type":"message"}}"#, #"{"code":-32602,"message":"Invalid params: params.items must be an array, not object","data":{"path":"params.items"}}"#),
        // session/cancel
        Exchange(#""session/cancel","params":{}"#, #"{"code":-32602,"message":"Invalid params: params.session is required","data":{"path":"params.session"}}"#),
        Exchange(#""session/cancel","params":{"session":1}"#, #"{"code":-32602,"message":"Invalid params: params.session must be a string, not number","data":{"path":"params.session"}}"#),
        Exchange(#""session/cancel","params":{"session":"s","callIds":"c1"}"#, #"{"code":-32602,"message":"Invalid params: params.callIds must be an array, not string","data":{"path":"params.callIds"}}"#),
        Exchange(#""session/cancel","params":{"session":"s","callIds":["c1",2]}"#, #"{"code":-32602,"message":"Invalid params: params.callIds[1] must be a string, not number","data":{"path":"params.callIds[1]"}}"#),
        Exchange(#""session/cancel","params":{"session":"s","callIds":[null]}"#, #"{"code":-32602,"message":"Invalid params: params.callIds[0] must be a string, not null","data":{"path":"params.callIds[0]"}}"#),
        Exchange(#""session/cancel","params":{"session":"s","reason":0}"#, #"{"code":-32602,"message":"Invalid params: params.reason must be a string, not number","data":{"path":"params.reason"}}"#),
        Exchange(#""session/cancel","params":{"session":"s","reason":"lost"}"#,
                 #"{"code":-32602,"message":"Invalid params: params.reason must be one of \"interrupted\", \"failed\", \"timeout\", not \"lost\"","data":{"path":"params.reason","allowed":["interrupted","failed","timeout"]}}"#),
        Exchange(#""session/cancel","params":{"session":"s","reason":"Interrupted"}"#,
                 #"{"code":-32602,"message":"Invalid params: params.reason must be one of \"interrupted\", \"failed\", \"timeout\", not \"Interrupted\"","data":{"path":"params.reason","allowed":["interrupted","failed","timeout"]}}"#),
        // session/messages
        Exchange(#""session/messages","params":{"session":{}}"#, #"{"code":-32602,"message":"Invalid params: params.session must be a string, not object","data":{"path":"params.session"}}"#),
        Exchange(#""session/messages","params":{"session":"s","format":2}"#, #"{"code":-32602,"message":"Invalid params: params.format must be a string, not number","data":{"path":"params.format"}}"#),
        Exchange(#""session/messages","params":{"session":"s","format":"yaml"}"#,
                 #"{"code":-32602,"message":"Invalid params: params.format must be one of \"responses\", \"chat\", \"anthropic\", \"gemini\", not \"yaml\"","data":{"path":"params.format","allowed":["responses","chat","anthropic","gemini"]}}"#),
        Exchange(#""session/messages","params":{"session":"s","since":"0"}"#, #"{"code":-32602,"message":"Invalid params: params.since must be a non-negative integer, not string","data":{"path":"params.since"}}"#),
        Exchange(#""session/messages","params":{"session":"s","since":-1}"#, #"{"code":-32602,"message":"Invalid params: params.since must be a non-negative integer, not -1","data":{"path":"params.since"}}"#),
        Exchange(#""session/messages","params":{"session":"s","since":0.5}"#, #"{"code":-32602,"message":"Invalid params: params.since must be a non-negative integer, not 0.5","data":{"path":"params.since"}}"#),
        Exchange(#""session/messages","params":{"session":"s","since":99999999999999999999}"#,
                 #"{"code":-32602,"message":"Invalid params: params.since must be a non-negative integer, not 99999999999999999999","data":{"path":"params.since"}}"#),
        // session/state and session/close
        Exchange(#""session/state","params":{}"#, #"{"code":-32602,"message":"Invalid params: params.session is required","data":{"path":"params.session"}}"#),
        Exchange(#""session/state","params":{"session":true}"#, #"{"code":-32602,"message":"Invalid params: params.session must be a string, not boolean","data":{"path":"params.session"}}"#),
        Exchange(#""session/close","params":{"session":null}"#, #"{"code":-32602,"message":"Invalid params: params.session is required","data":{"path":"params.session"}}"#),
        Exchange(#""session/close","params":{"session":3.5}"#, #"{"code":-32602,"message":"Invalid params: params.session must be a string, not number","data":{"path":"params.session"}}"#),
    ])
    func invalidSessionParams(exchange: Exchange) {
        var server = serverWithSession()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":\#(exchange.request)}"#) == #"{"jsonrpc":"2.0","id":1,"error":\#(exchange.response ?? "")}"#)
        // The session is untouched and still served.
        #expect(server.respond(request("session/messages", #"{"session":"s"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"revision":0,"epoch":0,"reset":false,"messages":[],"pending":[],"held":0,"notes":[]}}"#)
    }

    @Test("session/open: options.format of the wrong type names params.options.format")
    func openOptionsFormatWrongType() {
        var server = Server()
        #expect(server.respond(request("session/open", #"{"options":{"format":5}}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.options.format must be a string, not number","data":{"path":"params.options.format"}}}"#)
    }

    @Test("session/open: options.syntheticOutputs of the wrong type names params.options.syntheticOutputs")
    func openOptionsSyntheticOutputsWrongType() {
        var server = Server()
        #expect(server.respond(request("session/open", #"{"options":{"syntheticOutputs":"x"}}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.options.syntheticOutputs must be an object, not string","data":{"path":"params.options.syntheticOutputs"}}}"#)
    }

    @Test("every session method on an unknown session is -31002 naming the session", arguments: [
        #""session/submit","params":{"session":"nope","items":[]}"#,
        #""session/cancel","params":{"session":"nope"}"#,
        #""session/messages","params":{"session":"nope"}"#,
        #""session/messages","params":{"session":"nope","since":0}"#,
        #""session/state","params":{"session":"nope"}"#,
        #""session/close","params":{"session":"nope"}"#,
    ])
    func unknownSession(methodAndParams: String) {
        var server = serverWithSession()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":\#(methodAndParams)}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31002,"message":"Unknown session: no open session has the id \"nope\"","data":{"path":"params.session","session":"nope"}}}"#)
    }

    // MARK: - session/submit

    @Test("session/submit commits a complete exchange and reports revision, committed and what waits")
    func submitCommits() {
        var server = serverWithSession()
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user),\#(Self.call1)]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":1,"epoch":0,"committed":1,"pending":["c1"],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#)
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.output1)]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"committed":2,"pending":[],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#)
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#)
    }

    @Test("session/submit reports values that are not items, indexed in this call's items, and processes the rest")
    func submitReportsInvalidItems() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user)]}"#))
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[5,\#(Self.call1),{"type":"function_call","call_id":"c5"},{"content":"x"},\#(Self.output1),"#
            + #"{"type":"function_call_output","call_id":"c1","output":"other"}]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"committed":2,"pending":[],"held":0,"early":0,"reported":["#
            + #"{"index":0,"reason":"invalid","item":5,"message":"item is a JSON number, not an object"},"#
            + #"{"index":2,"reason":"invalid","callId":"c5","item":{"type":"function_call","call_id":"c5"},"message":"function_call needs \"name\" to be a string"},"#
            + #"{"index":3,"reason":"invalid","item":{"content":"x"},"message":"item has no \"type\" member"},"#
            + #"{"index":5,"reason":"conflict","callId":"c1","item":{"type":"function_call_output","call_id":"c1","output":"other"},"message":"c1 already has a different output; this function_call_output was not added"}],"repairs":[],"warnings":[]}}"#)
        #expect(server.respond(request("session/state", #"{"session":"s"}"#))?.hasSuffix(#""counts":{"submitted":7,"committed":3,"pending":0,"held":0,"early":0,"reported":4}}}"#) == true)
    }

    @Test("session/submit converts an output of the wrong kind and says so, indexed in this call's items")
    func submitConverts() {
        var server = serverWithSession()
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user),{"type":"custom_tool_call","call_id":"k","name":"g","input":"x"},{"type":"function_call_output","call_id":"k","output":"done"}]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"committed":3,"pending":[],"held":0,"early":0,"reported":[],"repairs":["#
            + #"{"kind":"converted_output","callId":"k","index":2,"message":"function_call_output converted to custom_tool_call_output to answer k"}],"warnings":[]}}"#)
    }

    // MARK: - session/cancel

    @Test("session/cancel with no callIds closes every pending call, and releases held items")
    func cancelAll() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.call1),{"type":"local_shell_call","call_id":"c2","status":"in_progress","action":{"type":"exec","command":["ls"]}},\#(Self.user)]}"#))
        #expect(server.respond(request("session/cancel", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"cancelled":["c1","c2"],"dropped":[],"notPending":[],"revision":5,"epoch":0,"committed":5,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":5,"epoch":0,"reset":false,"messages":[\#(Self.call1),{"type":"local_shell_call","call_id":"c2","status":"in_progress","action":{"type":"exec","command":["ls"]}},"#
            + #"{"type":"function_call_output","call_id":"c1","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."},"#
            + #"{"type":"function_call_output","call_id":"c2","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."},"#
            + #"\#(Self.user)],"pending":[],"held":0,"notes":[]}}"#)
    }

    @Test("session/cancel of named calls: unknown, answered and repeated ids are not pending or ignored")
    func cancelNamed() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.call1),{"type":"function_call","call_id":"c2","name":"f","arguments":"{}"},\#(Self.output1)]}"#))
        #expect(server.respond(request("session/cancel", #"{"session":"s","callIds":["c1","zz","c2","c2"],"reason":"timeout"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"cancelled":["c2"],"dropped":[],"notPending":["c1","zz"],"revision":4,"epoch":0,"committed":4,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}}"#)
        #expect(server.respond(request("session/cancel", #"{"session":"s","callIds":[]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"cancelled":[],"dropped":[],"notPending":[],"revision":4,"epoch":0,"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}}"#)
        #expect(server.respond(request("session/cancel", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"cancelled":[],"dropped":[],"notPending":[],"revision":4,"epoch":0,"committed":0,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}}"#)
    }

    @Test("session/cancel: work released from the held queue is reported with index null")
    func cancelFlushedRepairs() {
        var server = serverWithSession()
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.call1),{"type":"function_call","call_id":"c2","name":"f","arguments":"{}"},\#(Self.output1),"#
            + #"{"type":"custom_tool_call","call_id":"c3","name":"g","input":"x"},{"type":"function_call_output","call_id":"c3","output":"three"}]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":0,"epoch":0,"committed":0,"pending":["c2"],"held":1,"early":1,"reported":[],"repairs":[],"warnings":[]}}"#)
        #expect(server.respond(request("session/cancel", #"{"session":"s","callIds":["c2"],"reason":"failed"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"cancelled":["c2"],"dropped":[],"notPending":[],"revision":6,"epoch":0,"committed":6,"pending":[],"held":0,"early":0,"reported":[],"repairs":["#
            + #"{"kind":"converted_output","callId":"c3","index":null,"message":"function_call_output converted to custom_tool_call_output to answer c3"}]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":6,"epoch":0,"reset":false,"messages":[\#(Self.call1),{"type":"function_call","call_id":"c2","name":"f","arguments":"{}"},\#(Self.output1),"#
            + #"{"type":"function_call_output","call_id":"c2","output":"aborted: the host failed while running this tool call; it may have partly run."},"#
            + #"{"type":"custom_tool_call","call_id":"c3","name":"g","input":"x"},{"type":"custom_tool_call_output","call_id":"c3","output":"three"}],"pending":[],"held":0,"notes":[]}}"#)
    }

    @Test("a real output after a cancel is reported late")
    func lateOutputAfterCancel() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.call1)]}"#))
        _ = server.respond(request("session/cancel", #"{"session":"s"}"#))
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user),\#(Self.output1)]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"committed":1,"pending":[],"held":0,"early":0,"reported":["#
            + #"{"index":1,"reason":"late","callId":"c1","item":\#(Self.output1),"message":"c1 was already closed with a synthetic output (interrupted); this real output came too late and was not added"}],"repairs":[],"warnings":[]}}"#)
    }

    // MARK: - session/messages

    @Test("session/messages since a revision returns only what was committed after it")
    func messagesSince() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user),\#(Self.call1),\#(Self.output1),{"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]}]}"#))
        #expect(server.respond(request("session/messages", #"{"session":"s","since":1}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":4,"epoch":0,"reset":false,"messages":[\#(Self.call1),\#(Self.output1),{"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]}],"pending":[],"held":0,"notes":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s","since":3,"format":"chat"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":4,"epoch":0,"reset":false,"messages":[{"role":"assistant","content":"done"}],"pending":[],"held":0,"notes":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s","since":4}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":4,"epoch":0,"reset":false,"messages":[],"pending":[],"held":0,"notes":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s","since":0}"#))
            == server.respond(request("session/messages", #"{"session":"s"}"#)))
    }

    @Test("session/messages since a revision inside a committed model response is -32602")
    func messagesSinceInsideBatch() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user),\#(Self.call1),\#(Self.output1)]}"#))
        #expect(server.respond(request("session/messages", #"{"session":"s","since":2}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.since is 2, inside a committed model response; pass a revision this session returned","data":{"path":"params.since"}}}"#)
    }

    @Test("session/messages since past the session's revision is -32602")
    func messagesSincePastRevision() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user)]}"#))
        #expect(server.respond(request("session/messages", #"{"session":"s","since":2}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.since is 2, past the session's revision 1","data":{"path":"params.since"}}}"#)
    }

    @Test("session/messages since with the anthropic or gemini format is -32602, named or defaulted")
    func messagesSinceWithObjectFormats() {
        var server = serverWithSession()
        #expect(server.respond(request("session/messages", #"{"session":"s","since":0,"format":"anthropic"}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.since works only with the responses and chat formats, not anthropic","data":{"path":"params.since"}}}"#)
        _ = server.respond(request("session/open", #"{"session":"g","options":{"format":"gemini"}}"#))
        #expect(server.respond(request("session/messages", #"{"session":"g","since":0}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.since works only with the responses and chat formats, not gemini","data":{"path":"params.since"}}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"g","since":0,"format":"chat"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":0,"epoch":0,"reset":false,"messages":[],"pending":[],"held":0,"notes":[]}}"#)
    }

    @Test("session/messages renders the committed array in every format; what waits is left out")
    func messagesFormats() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[\#(Self.user),\#(Self.call1),\#(Self.output1),{"type":"function_call","call_id":"c2","name":"g","arguments":"{}"},\#(Self.user)]}"#))
        #expect(server.respond(request("session/messages", #"{"session":"s","format":"anthropic"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"reset":false,"messages":{"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]},"#
            + #"{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"ok"}]}]},"pending":["c2"],"held":1,"notes":[]}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s","format":"gemini"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":3,"epoch":0,"reset":false,"messages":{"contents":[{"role":"user","parts":[{"text":"hi"}]},"#
            + #"{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"ok"}}}]}]},"pending":["c2"],"held":1,"#
            + #""notes":[{"code":"thought_signature_placeholder","index":1,"message":"The call has no Gemini thought signature, which Gemini 3 requires on the first function call of each step of the current turn; it got Google's documented placeholder \"skip_thought_signature_validator\"."}]}}"#)
    }

    // MARK: - session/state

    @Test("session/state of an open batch with an output, held items and early outputs, ages from the clock")
    func stateOpenBatch() {
        let clock = ManualClock(5_000_000_000)
        var server = serverWithSession(clock: clock)
        clock.advance(milliseconds: 100)
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[{"type":"function_call_output","call_id":"c9","output":"early"},{"type":"reasoning","summary":[]},"#
            + #"\#(Self.call1),{"type":"custom_tool_call","call_id":"c2","name":"g","input":"x"}]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":1,"epoch":0,"committed":1,"pending":["c1","c2"],"held":0,"early":1,"reported":[],"repairs":[],"warnings":[]}}"#)
        clock.advance(milliseconds: 250)
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[{"type":"custom_tool_call_output","call_id":"c2","output":"done"},\#(Self.user)]}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":1,"epoch":0,"committed":0,"pending":["c1"],"held":1,"early":1,"reported":[],"repairs":[],"warnings":[]}}"#)
        clock.advance(milliseconds: 1000)
        #expect(server.respond(request("session/state", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s","revision":1,"epoch":0,"format":"responses","#
            + #""batch":{"ageMs":1250,"items":[\#(Self.call1),{"type":"custom_tool_call","call_id":"c2","name":"g","input":"x"}],"#
            + #""calls":[{"callId":"c1","kind":"function_call","name":"f","ageMs":1250,"hasOutput":false},{"callId":"c2","kind":"custom_tool_call","name":"g","ageMs":1250,"hasOutput":true}],"#
            + #""outputs":[{"type":"custom_tool_call_output","call_id":"c2","output":"done"}]},"#
            + #""pending":["c1"],"held":[{"item":\#(Self.user),"ageMs":1000}],"early":[{"item":{"type":"function_call_output","call_id":"c9","output":"early"},"ageMs":1250}],"#
            + #""timeline":{"calls":[{"callId":"c1","kind":"function_call","name":"f","submittedAtUs":100000,"state":"pending","#
            + #""held":[{"item":"message/user","heldAtUs":350000,"releasedAtUs":null,"waitedUs":null}]},"#
            + #"{"callId":"c2","kind":"custom_tool_call","name":"g","submittedAtUs":100000,"state":"answered","outputAtUs":350000,"earlyOutput":false,"#
            + #""held":[{"item":"message/user","heldAtUs":350000,"releasedAtUs":null,"waitedUs":null}]}],"#
            + #""reported":[]},"#
            + #""counts":{"submitted":6,"committed":1,"pending":1,"held":1,"early":1,"reported":0}}}"#)
    }

    @Test("session/state timeline: a cancelled call, the item held behind it with how long it waited, and reports")
    func stateTimelineAfterCancel() {
        var server = Server()
        func at(_ milliseconds: UInt64, _ line: String) -> String? {
            server.handle(.line(Array(line.utf8)), at: 1_000_000_000 + milliseconds * 1_000_000).map { String(decoding: $0, as: UTF8.self) }
        }
        _ = at(0, request("session/open", #"{"session":"t"}"#))
        _ = at(1, request("session/submit", #"{"session":"t","items":[\#(Self.call1)]}"#))
        _ = at(2, request("session/submit", #"{"session":"t","items":[\#(Self.user),{"type":"function_call_output","call_id":"c1"}]}"#))
        _ = at(5, request("session/cancel", #"{"session":"t"}"#))
        #expect(at(9, request("session/state", #"{"session":"t"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"t","revision":3,"epoch":0,"format":"responses","batch":null,"pending":[],"held":[],"early":[],"#
            + #""timeline":{"calls":[{"callId":"c1","kind":"function_call","name":"f","submittedAtUs":1000,"state":"cancelled","cancelledAtUs":5000,"reason":"interrupted","#
            + #""held":[{"item":"message/user","heldAtUs":2000,"releasedAtUs":5000,"waitedUs":3000}]}],"#
            + #""reported":[{"arrival":2,"reason":"invalid","callId":"c1","atUs":2000,"message":"function_call_output needs \"output\" to be a string or an array of content items"}]},"#
            + #""counts":{"submitted":3,"committed":3,"pending":0,"held":0,"early":0,"reported":1}}}"#)
    }

    @Test("a line handled at an explicit time is answered as if it arrived then, so a replay reproduces every answer")
    func explicitTimesReplay() {
        let lines: [(UInt64, String)] = [
            (0, request("session/open", #"{"session":"r"}"#)),
            (2_000_000, request("session/submit", #"{"session":"r","items":[\#(Self.call1)]}"#)),
            (7_000_000, request("session/submit", #"{"session":"r","items":[\#(Self.user)]}"#)),
            (9_000_000, #"[{"id":"a","method":"session/state","params":{"session":"r"}},{"id":"b","method":"session/cancel","params":{"session":"r"}}]"#),
            (9_500_000, request("session/state", #"{"session":"r"}"#)),
        ]
        func run() -> [String?] {
            var server = Server(clock: { 123_456_789 })
            return lines.map { time, line in server.handle(.line(Array(line.utf8)), at: time).map { String(decoding: $0, as: UTF8.self) } }
        }
        let answers = run()
        #expect(answers == run())
        #expect(answers[3]?.hasPrefix(#"[{"jsonrpc":"2.0","id":"a","result":{"session":"r","revision":0,"epoch":0,"format":"responses","batch":{"ageMs":7,"#) == true)
        #expect(answers[3]?.contains(#""held":[{"item":\#(Self.user),"ageMs":2}]"#) == true)
        #expect(answers[4]?.contains(#""cancelledAtUs":9000,"reason":"interrupted","held":[{"item":"message/user","heldAtUs":7000,"releasedAtUs":9000,"waitedUs":2000}]"#) == true)
    }

    @Test("session/state names a local shell call's tool shell")
    func stateShellCall() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[{"type":"local_shell_call","call_id":"sh","status":"in_progress","action":{"type":"exec","command":["ls"]}}]}"#))
        #expect(server.respond(request("session/state", #"{"session":"s"}"#))?
            .contains(#""calls":[{"callId":"sh","kind":"local_shell_call","name":"shell","ageMs":0,"hasOutput":false}]"#) == true)
    }

    @Test("session/state of an idle session has batch null and empty queues")
    func stateIdle() {
        var server = Server()
        _ = server.respond(request("session/open", #"{"session":"i","options":{"format":"anthropic"}}"#))
        #expect(server.respond(request("session/state", #"{"session":"i"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"i","revision":0,"epoch":0,"format":"anthropic","batch":null,"pending":[],"held":[],"early":[],"timeline":{"calls":[],"reported":[]},"counts":{"submitted":0,"committed":0,"pending":0,"held":0,"early":0,"reported":0}}}"#)
    }

    // MARK: - session/close

    @Test("session/close returns orphans, pending calls and held items, and forgets the session")
    func closeReturnsLeftovers() {
        var server = serverWithSession()
        _ = server.respond(request("session/submit", #"{"session":"s","items":[{"type":"function_call_output","call_id":"c9","output":"early"},\#(Self.call1),\#(Self.user)]}"#))
        #expect(server.respond(request("session/close", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"result":{"orphans":[{"type":"function_call_output","call_id":"c9","output":"early"}],"pending":["c1"],"held":[\#(Self.user)]}}"#)
        #expect(server.respond(request("session/state", #"{"session":"s"}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31002,"message":"Unknown session: no open session has the id \"s\"","data":{"path":"params.session","session":"s"}}}"#)
        #expect(server.respond(request("session/open", #"{"session":"s"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"session":"s"}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s"}"#)) == #"{"jsonrpc":"2.0","id":1,"result":{"revision":0,"epoch":0,"reset":false,"messages":[],"pending":[],"held":0,"notes":[]}}"#)
    }

    // MARK: - The interrupted turn

    @Test("the interrupted turn from examples/: the typed message waits, cancel closes the call, the array is valid")
    func interruptedTurn() {
        var server = Server()
        let user1 = #"{"type":"message","role":"user","content":[{"type":"input_text","text":"Build the project."}]}"#
        let reasoning = #"{"type":"reasoning","summary":[{"type":"summary_text","text":"Run make."}],"encrypted_content":null}"#
        let shell = #"{"type":"local_shell_call","call_id":"call_make","status":"in_progress","action":{"type":"exec","command":["bash","-lc","make"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}}"#
        let user2 = #"{"type":"message","role":"user","content":[{"type":"input_text","text":"Stop, why is it so slow?"}]}"#
        let synthetic = #"{"type":"function_call_output","call_id":"call_make","output":"aborted: the user interrupted this tool call before it finished; it may have partly run."}"#
        let exchanges: [(String, String)] = [
            (#"{"jsonrpc":"2.0","id":2,"method":"session/open","params":{"session":"demo"}}"#,
             #"{"jsonrpc":"2.0","id":2,"result":{"session":"demo"}}"#),
            (#"{"jsonrpc":"2.0","id":3,"method":"session/submit","params":{"session":"demo","items":[\#(user1),\#(reasoning),\#(shell)]}}"#,
             #"{"jsonrpc":"2.0","id":3,"result":{"revision":2,"epoch":0,"committed":2,"pending":["call_make"],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#),
            (#"{"jsonrpc":"2.0","id":4,"method":"session/submit","params":{"session":"demo","items":[\#(user2)]}}"#,
             #"{"jsonrpc":"2.0","id":4,"result":{"revision":2,"epoch":0,"committed":0,"pending":["call_make"],"held":1,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#),
            (#"{"jsonrpc":"2.0","id":"m","method":"session/messages","params":{"session":"demo"}}"#,
             #"{"jsonrpc":"2.0","id":"m","result":{"revision":2,"epoch":0,"reset":false,"messages":[\#(user1),\#(reasoning)],"pending":["call_make"],"held":1,"notes":[]}}"#),
            (#"{"jsonrpc":"2.0","id":5,"method":"session/cancel","params":{"session":"demo","reason":"interrupted"}}"#,
             #"{"jsonrpc":"2.0","id":5,"result":{"cancelled":["call_make"],"dropped":[],"notPending":[],"revision":5,"epoch":0,"committed":3,"pending":[],"held":0,"early":0,"reported":[],"repairs":[]}}"#),
            (#"{"jsonrpc":"2.0","id":6,"method":"session/messages","params":{"session":"demo"}}"#,
             #"{"jsonrpc":"2.0","id":6,"result":{"revision":5,"epoch":0,"reset":false,"messages":[\#(user1),\#(reasoning),\#(shell),\#(synthetic),\#(user2)],"pending":[],"held":0,"notes":[]}}"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"session/messages","params":{"session":"demo","format":"chat","since":2}}"#,
             #"{"jsonrpc":"2.0","id":7,"result":{"revision":5,"epoch":0,"reset":false,"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"call_make","type":"function","function":{"name":"shell","arguments":"{\"type\":\"exec\",\"command\":[\"bash\",\"-lc\",\"make\"],\"timeout_ms\":null,\"working_directory\":null,\"env\":null,\"user\":null}"}}]},"#
             + #"{"role":"tool","content":"aborted: the user interrupted this tool call before it finished; it may have partly run.","tool_call_id":"call_make"},{"role":"user","content":"Stop, why is it so slow?"}],"pending":[],"held":0,"notes":[]}}"#),
            (#"{"jsonrpc":"2.0","id":8,"method":"validate","params":{"format":"responses","messages":[\#(user1),\#(reasoning),\#(shell),\#(synthetic),\#(user2)]}}"#,
             #"{"jsonrpc":"2.0","id":8,"result":{"valid":true,"problems":[]}}"#),
            (#"{"jsonrpc":"2.0","id":9,"method":"session/close","params":{"session":"demo"}}"#,
             #"{"jsonrpc":"2.0","id":9,"result":{"orphans":[],"pending":[],"held":[]}}"#),
        ]
        for (line, answer) in exchanges {
            #expect(server.respond(line) == answer)
        }
    }

    @Test("--max-held: a submit to a session already holding that many waiting items is -31007, and changes nothing")
    func maxHeld() {
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 4, maxHeld: 2))
        _ = server.respond(request("session/open", #"{"session":"s"}"#))
        let fill = #"{"session":"s","items":[{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"},{"type":"message","role":"user","content":"1"},{"type":"message","role":"user","content":"2"}]}"#
        let one = #"{"session":"s","items":[{"type":"message","role":"user","content":"3"}]}"#
        #expect(server.respond(request("session/submit", fill))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":0,"epoch":0,"committed":0,"pending":["c1"],"held":2,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#)
        #expect(server.respond(request("session/submit", one))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31007,"message":"Session limit: session \"s\" already has 2 items waiting (held or early), the limit (--max-held 2); cancel or answer its pending calls first","data":{"path":"params.items","session":"s","limit":"maxHeld","max":2,"current":2}}}"#)
        #expect(server.respond(request("session/state", #"{"session":"s"}"#))?.contains(#""counts":{"submitted":3,"#) == true)
        #expect(server.respond(request("session/cancel", #"{"session":"s"}"#))?.contains(#""committed":4"#) == true)
        #expect(server.respond(request("session/submit", one))
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":5,"epoch":0,"committed":1,"pending":[],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#)
    }

    @Test("--max-session-bytes: a submit whose items would pass it is -31007; the bytes are counted as compact JSON")
    func maxSessionBytes() {
        let item = #"{"type":"message","role":"user","content":"hi"}"#  // 47 bytes
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 64, maxSessions: 4, maxSessionBytes: 100))
        _ = server.respond(request("session/open", #"{"session":"s"}"#))
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(item), \#(item)]}"#))?.contains(#""committed":2"#) == true)
        #expect(server.respond(request("session/submit", #"{"session":"s","items":[\#(item)]}"#))
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-31007,"message":"Session limit: session \"s\" would hold 141 bytes of items, over the limit (--max-session-bytes 100); close it and open another","data":{"path":"params.items","session":"s","limit":"maxSessionBytes","max":100,"current":141}}}"#)
        #expect(server.respond(request("session/messages", #"{"session":"s"}"#))?.contains(#""revision":2"#) == true)
    }
}

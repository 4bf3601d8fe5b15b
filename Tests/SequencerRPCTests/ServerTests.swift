import SequencerTestSupport
import Testing
@testable import SequencerRPC
import SequencerCore

@Suite("Server: the JSON-RPC envelope, dispatch, batches, notifications and ids")
struct ServerTests {
    // MARK: - Ids

    static let ids = [
        #"1"#, #"0"#, #"-7"#, #"1.0"#, #"-0.5e-2"#, #"1e3"#, #"1E+30"#,
        #"1234567890123456789012345"#, #"-1234567890123456789012345.000"#,
        #""abc""#, #""""#, #""caf\u00e9 \"q\" \/""#, #""😀""#, #"null"#,
    ]

    @Test("the id is echoed as the exact JSON text it came in", arguments: ids)
    func idEchoed(id: String) {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":\#(id),"method":"shutdown"}"#) == #"{"jsonrpc":"2.0","id":\#(id),"result":{}}"#)
    }

    @Test("the id is echoed exactly in errors too", arguments: ids)
    func idEchoedInErrors(id: String) {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":\#(id),"method":"nope"}"#)
            == #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":-32601,"message":"Method not found: nope","data":{"method":"nope"}}}"#)
    }

    @Test("an id that is not a string, number or null is an invalid request answered with id null", arguments: [
        (#"{"a":1}"#, "object"), ("true", "boolean"), ("false", "boolean"), ("[1]", "array"),
    ])
    func idOfWrongType(id: String, type: String) {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":\#(id),"method":"shutdown"}"#)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string, a number or null, not \#(type)","data":{"path":"id"}}}"#)
        #expect(!server.isShutDown)
    }

    // MARK: - The envelope

    @Test("a request without \"jsonrpc\" is accepted; the response carries \"jsonrpc\":\"2.0\"")
    func missingJSONRPCAccepted() {
        var server = Server()
        #expect(server.respond(#"{"id":1,"method":"shutdown"}"#) == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
    }

    @Test("\"jsonrpc\" other than \"2.0\" is an invalid request answered with the request's id", arguments: [
        #""1.0""#, #"2.0"#, #"2"#, #""2.00""#, #"null"#, #""""#,
    ])
    func wrongJSONRPCVersion(version: String) {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":\#(version),"id":"r1","method":"shutdown"}"#)
            == #"{"jsonrpc":"2.0","id":"r1","error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\"","data":{"path":"jsonrpc"}}}"#)
        #expect(!server.isShutDown)
    }

    @Test("\"jsonrpc\" and \"method\" are compared after unescaping")
    func escapedMembers() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2\u002e0","id":1,"method":"session\/open","params":{"session":"a"}}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"a"}}"#)
    }

    @Test("envelope member names spelled with escapes are the names they spell")
    func escapedMemberNames() {
        var server = Server()
        // `\u0069d` is as long as "jsonrpc", and `p\u0061rams` longer than "params".
        #expect(server.respond(#"{"jsonrpc":"2.0","\u0069d":1,"m\u0065thod":"session/open","p\u0061rams":{"session":"a"}}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"a"}}"#)
        #expect(server.respond(#"{"js\u006Fnrpc":"1.0","id":2,"method":"shutdown"}"#)
            == #"{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\"","data":{"path":"jsonrpc"}}}"#)
    }

    @Test("the version and the method's name spelled with escapes are the texts they spell")
    func escapedVersionAndMethod() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2\u002e0","id":3,"method":"p\u0069ng"}"#) == #"{"jsonrpc":"2.0","id":3,"result":{}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":4,"method":"p\u0069nk"}"#)
            == #"{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"Method not found: pink","data":{"method":"pink"}}}"#)
    }

    @Test("a message that is not an object is an invalid request answered with id null", arguments: [
        ("1", "number"), (#""x""#, "string"), ("null", "null"), ("true", "boolean"),
    ])
    func nonObjectRequest(line: String, type: String) {
        var server = Server()
        #expect(server.respond(line)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a request must be a JSON object, not \#(type)","data":{"path":""}}}"#)
    }

    @Test("a request without \"method\" is an invalid request answered with its id")
    func missingMethod() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":5}"#)
            == #"{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"Invalid request: \"method\" is missing","data":{"path":"method"}}}"#)
        #expect(server.respond(#"{}"#)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"method\" is missing","data":{"path":"method"}}}"#)
    }

    @Test("a \"method\" that is not a string is an invalid request answered with its id", arguments: [
        ("1", "number"), ("null", "null"), (#"["shutdown"]"#, "array"), (#"{}"#, "object"), ("false", "boolean"),
    ])
    func nonStringMethod(method: String, type: String) {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":"m","method":\#(method)}"#)
            == #"{"jsonrpc":"2.0","id":"m","error":{"code":-32600,"message":"Invalid request: \"method\" must be a string, not \#(type)","data":{"path":"method"}}}"#)
    }

    @Test("scalar \"params\" are an invalid request (-32600)", arguments: [
        ("1", "number"), (#""x""#, "string"), ("true", "boolean"),
    ])
    func scalarParams(params: String, type: String) {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":\#(params)}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: \"params\" must be an object or an array, not \#(type)","data":{"path":"params"}}}"#)
        #expect(!server.isShutDown)
    }

    @Test("\"params\": null is taken as no params, as some clients send it")
    func nullParams() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":null}"#) == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
        #expect(server.isShutDown)
    }

    @Test("positional (array) \"params\" are invalid params (-32602): every method takes named params")
    func arrayParams() {
        var server = Server()
        for method in Method.allCases.map(\.name) {
            #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":[]}"#)
                == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params must be an object of named params, not array","data":{"path":"params"}}}"#,
                "\(method)")
        }
        #expect(!server.isShutDown)
    }

    @Test("an unknown method is -32601, naming it")
    func unknownMethod() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"session/destroy","params":{}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: session/destroy","data":{"method":"session/destroy"}}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":2,"method":"Initialize"}"#)
            == #"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found: Initialize","data":{"method":"Initialize"}}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":3,"method":""}"#)
            == #"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: ","data":{"method":""}}}"#)
    }

    @Test("an unknown method with positional params is still -32601")
    func unknownMethodWithArrayParams() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"nope","params":[1]}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: nope","data":{"method":"nope"}}}"#)
    }

    @Test("envelope members the server does not know are ignored; unknown params are -32602 and change nothing")
    func unknownMembers() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"a"},"extra":true}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"session":"a"}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":2,"method":"session/open","params":{"session":"b","future":{"x":[1]}}}"#)
            == #"{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: params.future is not a param of session/open","data":{"path":"params.future","param":"future","allowed":["session","options","callKinds"]}}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":3,"method":"session/state","params":{"session":"b"}}"#)?.contains("-31002") == true)
    }

    @Test("an unknown param close to a known one names it: same ignoring case, _ and -, or within 2 edits", arguments: [
        ("call_ids", "callIds"), ("CALLIDS", "callIds"), ("call-ids", "callIds"), ("callId", "callIds"), ("calIds", "callIds"),
        ("reasons", "reason"), ("sesion", "session"),
    ])
    func didYouMean(_ misspelt: String, _ meant: String) {
        var server = Server()
        #expect(server.respond(#"{"id":1,"method":"session/cancel","params":{"session":"a","\#(misspelt)":1}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.\#(misspelt) is not a param of session/cancel; did you mean \"\#(meant)\"?","data":{"path":"params.\#(misspelt)","param":"\#(misspelt)","allowed":["session","callIds","reason"],"didYouMean":"\#(meant)"}}}"#)
    }

    @Test("an unknown param far from every known one gets no suggestion", arguments: ["calls_to_cancel", "force", "x", ""])
    func noSuggestion(_ name: String) {
        var server = Server()
        #expect(server.respond(#"{"id":1,"method":"session/cancel","params":{"session":"a","\#(name)":1}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.\#(name) is not a param of session/cancel","data":{"path":"params.\#(name)","param":"\#(name)","allowed":["session","callIds","reason"]}}}"#)
    }

    @Test("objects nested in params are strict too; items are not")
    func nestedStrict() {
        var server = Server()
        #expect(server.respond(#"{"id":1,"method":"sequence","params":{"items":[{"type":"message","role":"user","content":"hi","x":1}],"syntheticOutputs":{"lost":"gone","timeout_":"t"}}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.syntheticOutputs.timeout_ is not a param of sequence's syntheticOutputs; did you mean \"timeout\"?","data":{"path":"params.syntheticOutputs.timeout_","param":"timeout_","allowed":["interrupted","failed","timeout","lost"],"didYouMean":"timeout"}}}"#)
        #expect(server.respond(#"{"id":2,"method":"sequence","params":{"items":[{"type":"message","role":"user","content":"hi","x":1}]}}"#)
            == #"{"jsonrpc":"2.0","id":2,"result":{"messages":[{"type":"message","role":"user","content":"hi","x":1}],"repairs":[],"warnings":[],"notes":[]}}"#)
    }

    @Test("every method refuses an unknown param, and names itself and its params", arguments: Method.allCases)
    func everyMethodIsStrict(_ method: Method) {
        var server = Server()
        let allowed = method.params.map { "\"\($0)\"" }.joined(separator: ",")
        #expect(server.respond(#"{"id":1,"method":"\#(method.name)","params":{"zzzzzzzz":1}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.zzzzzzzz is not a param of \#(method.name)","data":{"path":"params.zzzzzzzz","param":"zzzzzzzz","allowed":[\#(allowed)]}}}"#)
        #expect(!server.isShutDown)
    }

    @Test("a member given twice counts once, with its last value")
    func duplicateMembers() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"id":"second","method":"nope","method":"shutdown"}"#) == #"{"jsonrpc":"2.0","id":"second","result":{}}"#)
        #expect(server.isShutDown)
    }

    // MARK: - Parse errors

    @Test("input that is not JSON is -32700 with id null and the byte offset", arguments: [
        Exchange("x", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected character 'x' at byte 0","data":{"offset":0}}}"#),
        Exchange(#"{"jsonrpc":"2.0","id":1,"method":"shutdown""#,
                 #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected end of JSON text at byte 43","data":{"offset":43}}}"#),
        Exchange(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"} {}"#,
                 #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected text after the JSON value at byte 45","data":{"offset":45}}}"#),
        Exchange(#"{'id':1}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected character ''' at byte 1","data":{"offset":1}}}"#),
        Exchange(#"{"id":01}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: invalid number at byte 7","data":{"offset":7}}}"#),
        Exchange(#"{"id":1,}"#, #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected character '}' at byte 8","data":{"offset":8}}}"#),
        Exchange("", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected end of JSON text at byte 0","data":{"offset":0}}}"#),
        Exchange("\u{FEFF}{}", #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: unexpected byte 0xEF at byte 0","data":{"offset":0}}}"#),
    ])
    func parseErrors(exchange: Exchange) {
        var server = Server()
        #expect(server.respond(exchange.request) == exchange.response)
    }

    @Test("invalid UTF-8 is -32700 with the offset of the bad byte")
    func invalidUTF8() {
        var server = Server()
        let line = Array(#"{"id":1,"method":"x"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(server.respond(bytes: line)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: invalid UTF-8 at byte 19","data":{"offset":19}}}"#)
        #expect(server.respond(bytes: [0xFF])
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: invalid UTF-8 at byte 0","data":{"offset":0}}}"#)
        #expect(server.respond(bytes: Array(#"{"id":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8))
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: invalid UTF-8 at byte 7","data":{"offset":7}}}"#)
    }

    @Test("nesting over the limit is -32700 naming the limit; nesting at the limit parses")
    func nestingLimit() {
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 3, maxSessions: 4))
        #expect(server.respond(#"{"id":1,"method":"x","params":{"a":[[1]]}}"#)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: arrays and objects nested deeper than 3 levels at byte 36","data":{"offset":36,"limit":"maxDepth","max":3}}}"#)
        #expect(server.respond(#"{"id":1,"method":"x","params":{"a":[1]}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: x","data":{"method":"x"}}}"#)
    }

    @Test("the default nesting limit is 512")
    func defaultNestingLimit() {
        var server = Server()
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(server.respond(deepest)
            == #"[{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a request must be a JSON object, not array","data":{"path":""}}}]"#)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(server.respond(tooDeep)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: arrays and objects nested deeper than 512 levels at byte 512","data":{"offset":512,"limit":"maxDepth","max":512}}}"#)
        let unclosed = String(repeating: "{\"a\":", count: 100_000)
        #expect(server.respond(unclosed)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: arrays and objects nested deeper than 512 levels at byte 2560","data":{"offset":2560,"limit":"maxDepth","max":512}}}"#)
    }

    @Test("a line over the length limit is -31001 with id null, naming the limit and the length")
    func lineTooLong() {
        var server = Server(limits: ServerLimits(maxLineBytes: 100, maxDepth: 8, maxSessions: 4))
        #expect(server.handle(.tooLong(length: 101), at: server.clock()).map { String(decoding: $0, as: UTF8.self) }
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-31001,"message":"Line too long: 101 bytes exceeds the limit of 100 bytes; the line was skipped","data":{"limit":"maxLineBytes","max":100,"length":101}}}"#)
        #expect(server.handle(.line(Array(#"{"id":2,"method":"shutdown"}"#.utf8)), at: server.clock()).map { String(decoding: $0, as: UTF8.self) }
            == #"{"jsonrpc":"2.0","id":2,"result":{}}"#)
    }

    @Test("the framer and the server together: an over-long line is answered -31001 and the next line is served")
    func framerAndServer() {
        var framer = LineFramer(maxLineBytes: 40)
        var server = Server(limits: ServerLimits(maxLineBytes: 40, maxDepth: 8, maxSessions: 4))
        let stream = #"{"id":1,"method":"nope","params":{"pad":"xxxxxxxxxxxxxxxxxxxxxxxx"}}"# + "\r\n" + #"{"id":2,"method":"shutdown"}"# + "\n"
        let answers = (framer.append(Array(stream.utf8)) + framer.finish()).compactMap { server.handle($0, at: 0) }
        #expect(answers.map { String(decoding: $0, as: UTF8.self) } == [
            #"{"jsonrpc":"2.0","id":null,"error":{"code":-31001,"message":"Line too long: 68 bytes exceeds the limit of 40 bytes; the line was skipped","data":{"limit":"maxLineBytes","max":40,"length":68}}}"#,
            #"{"jsonrpc":"2.0","id":2,"result":{}}"#,
        ])
    }

    // MARK: - Notifications

    @Test("notifications are never answered, whether they succeed or fail", arguments: [
        #"{"jsonrpc":"2.0","method":"session/open"}"#,
        #"{"jsonrpc":"2.0","method":"nope"}"#,
        #"{"jsonrpc":"2.0","method":"session/submit","params":{"session":"missing","items":[]}}"#,
        #"{"jsonrpc":"2.0","method":"session/submit","params":{"session":5}}"#,
        #"{"jsonrpc":"2.0","method":"sequence","params":[]}"#,
        #"{"jsonrpc":"2.0","method":"sequence","params":{"missingOutput":"error","items":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]}}"#,
        #"{"method":"validate","params":{"format":"nope","messages":[]}}"#,
    ])
    func notificationsNotAnswered(line: String) {
        var server = Server()
        #expect(server.respond(line) == nil)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#) == #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
    }

    @Test("a notification still takes effect")
    func notificationTakesEffect() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","method":"session/open","params":{"session":"n"}}"#) == nil)
        #expect(server.respond(#"{"jsonrpc":"2.0","method":"session/submit","params":{"session":"n","items":[{"type":"message","role":"user","content":"hi"}]}}"#) == nil)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"session/messages","params":{"session":"n"}}"#)
            == #"{"jsonrpc":"2.0","id":1,"result":{"revision":1,"epoch":0,"reset":false,"messages":[{"type":"message","role":"user","content":"hi"}],"pending":[],"held":0,"notes":[]}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","method":"initialize"}"#) == nil)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":2,"method":"initialize"}"#)
            == #"{"jsonrpc":"2.0","id":2,"error":{"code":-31006,"message":"Already initialized: initialize may be called once per connection","data":{"method":"initialize"}}}"#)
    }

    @Test("an invalid request without an id is answered with id null: it cannot be known to be a notification")
    func invalidRequestWithoutId() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"1.0","method":"shutdown"}"#)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\"","data":{"path":"jsonrpc"}}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","method":7}"#)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"method\" must be a string, not number","data":{"path":"method"}}}"#)
        #expect(!server.isShutDown)
    }

    @Test("a request with \"id\":null is a request, not a notification: it is answered with id null")
    func nullIdIsAnswered() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":null,"method":"session/open"}"#)
            == #"{"jsonrpc":"2.0","id":null,"result":{"session":"s1"}}"#)
    }

    // MARK: - Batches

    @Test("a batch is answered with an array of the requests' responses, in order, notifications left out")
    func mixedBatch() {
        var server = Server()
        let batch = #"[{"jsonrpc":"2.0","id":1,"method":"session/open","params":{"session":"a"}},"#
            + #"{"jsonrpc":"2.0","method":"session/submit","params":{"session":"a","items":[{"type":"message","role":"user","content":"x"}]}},"#
            + #"{"jsonrpc":"2.0","id":"two","method":"session/messages","params":{"session":"a"}},"#
            + #"{"jsonrpc":"2.0","method":"nope"},"#
            + #"{"jsonrpc":"2.0","id":3,"method":"session/close","params":{"session":"a"}}]"#
        #expect(server.respond(batch) == #"[{"jsonrpc":"2.0","id":1,"result":{"session":"a"}},"#
            + #"{"jsonrpc":"2.0","id":"two","result":{"revision":1,"epoch":0,"reset":false,"messages":[{"type":"message","role":"user","content":"x"}],"pending":[],"held":0,"notes":[]}},"#
            + #"{"jsonrpc":"2.0","id":3,"result":{"orphans":[],"pending":[],"held":[]}}]"#)
    }

    @Test("a batch whose first and last messages are notifications has no stray commas")
    func batchNotificationsAtTheEdges() {
        var server = Server()
        #expect(server.respond(#"[{"method":"nope"},{"id":1,"method":"shutdown"},{"method":"nope"},{"id":2,"method":"nope"},{"method":"x"}]"#)
            == #"[{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found: nope","data":{"method":"nope"}}}]"#)
    }

    @Test("a batch of only notifications gets no answer at all")
    func allNotificationBatch() {
        var server = Server()
        #expect(server.respond(#"[{"jsonrpc":"2.0","method":"session/open","params":{"session":"a"}},{"jsonrpc":"2.0","method":"nope"}]"#) == nil)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"session/state","params":{"session":"a"}}"#)?.hasPrefix(#"{"jsonrpc":"2.0","id":1,"result":{"session":"a""#) == true)
    }

    @Test("an empty batch is answered with one -32600 error object, not an array")
    func emptyBatch() {
        var server = Server()
        #expect(server.respond("[]") == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: an empty batch","data":{"path":""}}}"#)
        #expect(server.respond(" [ ] ") == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: an empty batch","data":{"path":""}}}"#)
    }

    @Test("invalid elements inside a batch each get their own error, and the valid ones are served")
    func invalidElementsInBatch() {
        var server = Server()
        #expect(server.respond(#"[1,{"id":1,"method":"shutdown"},[],{"id":true,"method":"x"},{"jsonrpc":"1.0","id":4,"method":"x"},{"id":5}]"#)
            == #"[{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a request must be a JSON object, not number","data":{"path":""}}},"#
            + #"{"jsonrpc":"2.0","id":1,"result":{}},"#
            + #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a request must be a JSON object, not array","data":{"path":""}}},"#
            + #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string, a number or null, not boolean","data":{"path":"id"}}},"#
            + #"{"jsonrpc":"2.0","id":4,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\"","data":{"path":"jsonrpc"}}},"#
            + #"{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"Invalid request: \"method\" is missing","data":{"path":"method"}}}]"#)
        #expect(server.respond("[1,2]")
            == #"[{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a request must be a JSON object, not number","data":{"path":""}}},"#
            + #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a request must be a JSON object, not number","data":{"path":""}}}]"#)
    }

    @Test("a failing request inside a batch leaves no partial result behind")
    func failingRequestInBatch() {
        var server = Server()
        #expect(server.respond(#"[{"id":1,"method":"session/open","params":{"session":"a"}},{"id":2,"method":"session/submit","params":{"session":"a","items":5}},{"id":3,"method":"session/open","params":{"session":"a"}},{"id":4,"method":"session/state","params":{"session":"zz"}}]"#)
            == #"[{"jsonrpc":"2.0","id":1,"result":{"session":"a"}},"#
            + #"{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: params.items must be an array, not number","data":{"path":"params.items"}}},"#
            + #"{"jsonrpc":"2.0","id":3,"error":{"code":-31003,"message":"Session exists: a session with the id \"a\" is already open","data":{"path":"params.session","session":"a"}}},"#
            + #"{"jsonrpc":"2.0","id":4,"error":{"code":-31002,"message":"Unknown session: no open session has the id \"zz\"","data":{"path":"params.session","session":"zz"}}}]"#)
    }

    @Test("a batch of one request is answered with an array of one response")
    func batchOfOne() {
        var server = Server()
        #expect(server.respond(#"[{"id":1,"method":"shutdown"}]"#) == #"[{"jsonrpc":"2.0","id":1,"result":{}}]"#)
    }

    // MARK: - Recovery

    @Test("after every kind of error the next request is still answered correctly")
    func recoversAfterEveryError() {
        var server = Server(limits: ServerLimits(maxLineBytes: 1 << 20, maxDepth: 16, maxSessions: 1))
        let good = #"{"jsonrpc":"2.0","id":"ok","method":"session/state","params":{"session":"s1"}}"#
        let goodAnswer = #"{"jsonrpc":"2.0","id":"ok","result":{"session":"s1","revision":1,"epoch":0,"format":"responses","batch":null,"pending":[],"held":[],"early":[],"timeline":{"calls":[],"reported":[]},"counts":{"submitted":1,"committed":1,"pending":0,"held":0,"early":0,"reported":0}}}"#
        #expect(server.respond(#"{"jsonrpc":"2.0","id":0,"method":"session/open"}"#) == #"{"jsonrpc":"2.0","id":0,"result":{"session":"s1"}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":0,"method":"session/submit","params":{"session":"s1","items":[{"type":"message","role":"user","content":"hi"}]}}"#)
            == #"{"jsonrpc":"2.0","id":0,"result":{"revision":1,"epoch":0,"committed":1,"pending":[],"held":0,"early":0,"reported":[],"repairs":[],"warnings":[]}}"#)
        let bad: [(line: [UInt8], code: Int)] = [
            (Array("garbage".utf8), -32700),
            (Array(#"{"id":1,"method":"sequence","params":{"items":[{"#.utf8), -32700),
            ([0x7B, 0xFF, 0xFE, 0x7D], -32700),
            (Array((String(repeating: "[", count: 17) + String(repeating: "]", count: 17)).utf8), -32700),
            (Array(#"{"id":1,"method":"shutdown"}x"#.utf8), -32700),
            (Array("[]".utf8), -32600),
            (Array("42".utf8), -32600),
            (Array(#"{"jsonrpc":"1.0","id":1,"method":"shutdown"}"#.utf8), -32600),
            (Array(#"{"id":{},"method":"shutdown"}"#.utf8), -32600),
            (Array(#"{"id":1,"method":"shutdown","params":3}"#.utf8), -32600),
            (Array(#"{"id":1,"method":"launch"}"#.utf8), -32601),
            (Array(#"{"id":1,"method":"sequence","params":{"items":{}}}"#.utf8), -32602),
            (Array(#"{"id":1,"method":"session/cancel","params":{"session":"s1","callIds":[1]}}"#.utf8), -32602),
            (Array(#"{"id":1,"method":"session/submit","params":{"session":"zz","items":[]}}"#.utf8), -31002),
            (Array(#"{"id":1,"method":"session/open","params":{"session":"s1"}}"#.utf8), -31003),
            (Array(#"{"id":1,"method":"session/open"}"#.utf8), -31004),
            (Array(#"{"id":1,"method":"sequence","params":{"missingOutput":"error","items":[{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]}}"#.utf8), -31005),
            (Array(#"{"id":1,"method":"initialize"}"#.utf8), -31006),
        ]
        #expect(server.respond(#"{"id":"init","method":"initialize"}"#)?.hasPrefix(#"{"jsonrpc":"2.0","id":"init","result":{"serverInfo""#) == true)
        for (line, code) in bad {
            let answer = server.respond(bytes: line) ?? ""
            #expect(answer.contains(#""error":{"code":\#(code),"#), "\(String(decoding: line, as: UTF8.self)) -> \(answer)")
            #expect(server.respond(good) == goodAnswer, "after \(String(decoding: line, as: UTF8.self))")
        }
        #expect(server.handle(.tooLong(length: 1 << 30), at: server.clock()) != nil)
        #expect(server.respond(good) == goodAnswer)
        #expect(!server.isShutDown)
    }

    // MARK: - shutdown

    @Test("shutdown answers {} and sets isShutDown")
    func shutdown() {
        var server = Server()
        #expect(!server.isShutDown)
        #expect(server.respond(#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#) == #"{"jsonrpc":"2.0","id":9,"result":{}}"#)
        #expect(server.isShutDown)
    }

    @Test("shutdown sent as a notification also sets isShutDown, unanswered")
    func shutdownNotification() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","method":"shutdown"}"#) == nil)
        #expect(server.isShutDown)
    }

    @Test("shutdown with a param it does not take is refused, and does not shut down")
    func shutdownWithParams() {
        var server = Server()
        #expect(server.respond(#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":{"now":true}}"#)
            == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: params.now is not a param of shutdown","data":{"path":"params.now","param":"now","allowed":[]}}}"#)
        #expect(!server.isShutDown)
    }

    @Test("ping, initialized and $/cancelRequest answer {} as requests and nothing as notifications", arguments: [
        #""method":"ping""#, #""method":"initialized""#, #""method":"initialized","params":{}"#,
        #""method":"$/cancelRequest","params":{"id":1}"#, #""method":"$/cancelRequest","params":{"id":"x"}"#,
    ])
    func emptyAnswers(_ members: String) {
        let recorder = LogRecorder()
        var server = Server(logger: recorder.logger(.warn))
        #expect(server.respond(#"{"jsonrpc":"2.0","id":7,\#(members)}"#) == #"{"jsonrpc":"2.0","id":7,"result":{}}"#)
        #expect(server.respond(#"{"jsonrpc":"2.0",\#(members)}"#) == nil)
        #expect(recorder.lines == [])
    }
}

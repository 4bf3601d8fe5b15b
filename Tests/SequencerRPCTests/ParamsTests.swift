import Testing
@testable import SequencerRPC
import SequencerCore

@Suite("Params: reading named params with errors that name their path")
struct ParamsTests {
    /// Params over the JSON text `json`, at `path`, allowing every member it has.
    private func params(_ json: String, path: String = "params") throws -> Params {
        let value = try JSONParser.parse(json)
        let names = value.objectValue?.members.map(\.key.value) ?? []
        return try Params(value, path: path, method: "test", root: "params", allowed: names)
    }

    /// The wire error `body` throws, or `nil` if it succeeds.
    private func failure<T>(_ body: () throws -> T) -> RPCError? {
        do {
            _ = try body()
            return nil
        } catch let error as ServerError {
            return error.rpcError
        } catch {
            return RPCError(.internalError, "not a ServerError: \(error)")
        }
    }

    private func invalid(_ path: String, _ message: String) -> RPCError {
        RPCError(.invalidParams, "Invalid params: \(message)", data: ["path": .string(JSONString(path))])
    }

    @Test("absent params read as an empty object")
    func absentParams() throws {
        let params = try Params(nil, of: .sessionState)
        #expect(params.object.count == 0)
        #expect(try params.string("session") == nil)
        #expect(failure { try params.required("items") } == invalid("params.items", "params.items is required"))
    }

    @Test("positional params are refused, naming params")
    func positionalParams() {
        #expect(failure { try Params(.array([]), of: .sessionState) } == invalid("params", "params must be an object of named params, not array"))
        #expect(failure { try Params(.string("x"), of: .sessionState) } == invalid("params", "params must be an object of named params, not string"))
    }

    @Test("a member that is null counts as absent")
    func nullIsAbsent() throws {
        let params = try params(#"{"a":null}"#)
        #expect(params["a"] == nil)
        #expect(try params.string("a") == nil)
        #expect(try params.array("a") == nil)
        #expect(try params.object("a") == nil)
        #expect(try params.nonNegativeInt("a") == nil)
        #expect(failure { try params.requiredString("a") } == invalid("params.a", "params.a is required"))
        #expect(failure { try params.requiredArray("a") } == invalid("params.a", "params.a is required"))
    }

    @Test("string: decoded text, or an error naming the type found")
    func string() throws {
        let params = try params(#"{"s":"a\"b\u00e9","n":1,"o":{},"b":false}"#)
        #expect(try params.string("s") == "a\"bé")
        #expect(try params.requiredString("s") == "a\"bé")
        #expect(failure { try params.string("n") } == invalid("params.n", "params.n must be a string, not number"))
        #expect(failure { try params.string("o") } == invalid("params.o", "params.o must be a string, not object"))
        #expect(failure { try params.requiredString("b") } == invalid("params.b", "params.b must be a string, not boolean"))
        #expect(failure { try params.requiredString("missing") } == invalid("params.missing", "params.missing is required"))
    }

    @Test("array, object and required: the value, or an error naming the type found")
    func arrayAndObject() throws {
        let params = try params(#"{"a":[1,"x"],"o":{"k":1},"s":"x"}"#)
        #expect(try params.array("a") == [1, "x"])
        #expect(try params.requiredArray("a").count == 2)
        #expect(try params.object("o")?["k"] == 1)
        #expect(try params.required("s") == "x")
        #expect(failure { try params.array("o") } == invalid("params.o", "params.o must be an array, not object"))
        #expect(failure { try params.requiredArray("s") } == invalid("params.s", "params.s must be an array, not string"))
        #expect(failure { try params.object("a") } == invalid("params.a", "params.a must be an object, not array"))
    }

    @Test("stringArray names the index of the first element that is not a string")
    func stringArray() throws {
        let params = try params(#"{"ok":["a","b"],"bad":["a","b",3,{}],"empty":[],"scalar":"a"}"#)
        #expect(try params.stringArray("ok") == ["a", "b"])
        #expect(try params.stringArray("empty") == [])
        #expect(try params.stringArray("missing") == nil)
        #expect(failure { try params.stringArray("bad") } == invalid("params.bad[2]", "params.bad[2] must be a string, not number"))
        #expect(failure { try params.stringArray("scalar") } == invalid("params.scalar", "params.scalar must be an array, not string"))
    }

    @Test("nonNegativeInt takes integer literals from 0 up and names the number it refuses")
    func nonNegativeInt() throws {
        let params = try params(#"{"zero":0,"n":42,"neg":-1,"frac":1.5,"one":1.0,"exp":1e2,"huge":9223372036854775808,"s":"3","b":true}"#)
        #expect(try params.nonNegativeInt("zero") == 0)
        #expect(try params.nonNegativeInt("n") == 42)
        #expect(failure { try params.nonNegativeInt("neg") } == invalid("params.neg", "params.neg must be a non-negative integer, not -1"))
        #expect(failure { try params.nonNegativeInt("frac") } == invalid("params.frac", "params.frac must be a non-negative integer, not 1.5"))
        #expect(failure { try params.nonNegativeInt("one") } == invalid("params.one", "params.one must be a non-negative integer, not 1.0"))
        #expect(failure { try params.nonNegativeInt("exp") } == invalid("params.exp", "params.exp must be a non-negative integer, not 1e2"))
        #expect(failure { try params.nonNegativeInt("huge") }
            == invalid("params.huge", "params.huge must be a non-negative integer, not 9223372036854775808"))
        #expect(failure { try params.nonNegativeInt("s") } == invalid("params.s", "params.s must be a non-negative integer, not string"))
        #expect(failure { try params.nonNegativeInt("b") } == invalid("params.b", "params.b must be a non-negative integer, not boolean"))
    }

    @Test("choice takes one of an enum's raw values and lists them all when refusing one")
    func choice() throws {
        let params = try params(#"{"f":"chat","g":"Chat","n":3}"#)
        #expect(try params.choice("f", among: Format.self) == .chat)
        #expect(try params.choice("missing", among: Format.self) == nil)
        #expect(failure { try params.choice("g", among: Format.self) } == RPCError(
            .invalidParams, #"Invalid params: params.g must be one of "responses", "chat", "anthropic", "gemini", not "Chat""#,
            data: ["path": "params.g", "allowed": ["responses", "chat", "anthropic", "gemini"]]))
        #expect(failure { try params.choice("n", among: Format.self) } == invalid("params.n", "params.n must be a string, not number"))
    }

    @Test("params at a nested path name that path for a value of the wrong type and for a bad value")
    func nestedPath() throws {
        let options = try params(#"{"n":3,"g":"Chat"}"#, path: "params.options")
        #expect(failure { try options.choice("n", among: Format.self) }
            == invalid("params.options.n", "params.options.n must be a string, not number"))
        #expect(failure { try options.choice("g", among: Format.self) } == RPCError(
            .invalidParams, #"Invalid params: params.options.g must be one of "responses", "chat", "anthropic", "gemini", not "Chat""#,
            data: ["path": "params.options.g", "allowed": ["responses", "chat", "anthropic", "gemini"]]))
    }

    @Test("syntheticOutputs: defaults when absent, overridden per reason, refusing unknown reasons and non-strings")
    func syntheticOutputs() throws {
        #expect(try params("{}").syntheticOutputs("p") == .defaults)
        let texts = try params(#"{"p":{"failed":"f","timeout":"t","timeout":"t2"}}"#).syntheticOutputs("p")
        var expected = SyntheticOutputs.defaults
        expected.failed = "f"
        expected.timeout = "t2"
        #expect(texts == expected)
        #expect(failure { try params(#"{"x":{"interrupted":"i","crashed":"c"}}"#).syntheticOutputs("x") } == RPCError(
            .invalidParams, #"Invalid params: params.x.crashed is not a param of test's x"#,
            data: ["path": "params.x.crashed", "param": "crashed", "allowed": ["interrupted", "failed", "timeout", "lost"]]))
        #expect(failure { try params(#"{"x":{"lost":["a"]}}"#).syntheticOutputs("x") } == invalid("params.x.lost", "params.x.lost must be a string, not array"))
    }

    @Test("a member not allowed is refused with the names allowed, before any param is read")
    func strict() {
        #expect(failure { try Params(JSONParser.parse(#"{"session":"a","sesion":"b"}"#), of: .sessionClose) } == RPCError(
            .invalidParams, #"Invalid params: params.sesion is not a param of session/close; did you mean "session"?"#,
            data: ["path": "params.sesion", "param": "sesion", "allowed": ["session"], "didYouMean": "session"]))
    }
}

import SequencerCore
import Testing

@Suite("Validator")
struct ValidatorTests {
    @Test(
        "each format is checked by its own rules",
        arguments: [
            (Format.responses, #"[{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}]"#, ProblemCode.missingOutput),
            (Format.chat, #"[{"role":"tool","tool_call_id":"c1","content":"ok"}]"#, ProblemCode.toolMessageWithoutCall),
            (
                Format.anthropic, #"{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1"}]}]}"#,
                ProblemCode.toolResultWithoutUse
            ),
            (
                Format.gemini, #"{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}"#,
                ProblemCode.functionResponseWithoutCall
            ),
        ])
    func dispatchesByFormat(format: Format, json: String, code: ProblemCode) throws {
        let messages = try JSONParser.parse(json)
        #expect(Validator.validate(messages, format: format).map(\.code) == [code])
        for other in Format.allCases where other != format {
            #expect(!Validator.validate(messages, format: other).map(\.code).contains(code))
        }
    }

    @Test("no JSON value makes it throw or trap: wrong shapes are invalid_shape errors", arguments: Format.allCases)
    func anyValueIsAProblemNotACrash(format: Format) throws {
        for text in ["null", "true", "1.5", #""text""#, "{}", "[]", "[null]", #"[[]]"#, #"{"messages":[[]],"contents":[[]]}"#] {
            let problems = Validator.validate(try JSONParser.parse(text), format: format)
            for problem in problems {
                #expect(problem.severity == .error)
                #expect(problem.code == .invalidShape)
                #expect(problem.index >= 0)
            }
        }
    }

    @Test("problems come in order of index, errors before warnings at one index")
    func orderOfProblems() throws {
        let input = try JSONParser.parse(
            #"""
            [{"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"message","role":"user","content":"hi"},
             {"type":"function_call_output","call_id":"call_1","output":"ok"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_2","output":"ok"}]
            """#)
        let problems = Validator.validate(input, format: .responses)
        #expect(problems.map(\.index) == [1, 3, 3, 4])
        #expect(problems.map(\.code) == [.messageBeforeOutput, .missingOutput, .duplicateCall, .orphanOutput])
        #expect(problems.map(\.severity) == [.warning, .error, .warning, .error])
    }

    @Test("a host's declared kind is known and paired when the table is passed; unknown without it")
    func declaredKinds() throws {
        let kinds = try CallKindTable.builtIn.declaring([CallKindDeclaration(call: "x_call", outputs: ["x_call_output"])])
        let input = try JSONParser.parse(#"[{"type":"x_call","call_id":"k1","anything":1},{"type":"x_call_output","call_id":"k2","output":"ok"}]"#)
        #expect(Validator.validate(input, format: .responses, kinds: kinds) == [
            Problem(code: .missingOutput, severity: .error, index: 0, callId: "k1", message: "No tool output found for x call k1."),
            Problem(code: .orphanOutput, severity: .error, index: 1, callId: "k2", message: "No tool call found for x call output with call_id k2."),
        ])
        #expect(Validator.validate(input, format: .responses).map(\.code) == [.unknownType, .unknownType])
    }
}

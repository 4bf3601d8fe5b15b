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
}

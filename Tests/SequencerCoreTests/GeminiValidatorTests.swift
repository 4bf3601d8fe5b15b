import SequencerCore
import Testing

@Suite("GeminiValidator")
struct GeminiValidatorTests {
    private func problems(_ json: String) throws -> [Problem] {
        Validator.validate(try JSONParser.parse(json), format: .gemini)
    }

    private func error(_ code: ProblemCode, _ index: Int, _ message: String) -> Problem {
        Problem(code: code, severity: .error, index: index, callId: nil, message: message)
    }

    private func warning(_ code: ProblemCode, _ index: Int, _ callId: String?, _ message: String) -> Problem {
        Problem(code: code, severity: .warning, index: index, callId: callId, message: message)
    }

    private static let countMismatch =
        "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."
    private static let responseWithoutCall =
        "Please ensure that function response turn comes immediately after a function call turn."
    private static let callTurnMisplaced =
        "Please ensure that function call turn comes immediately after a user turn or after a function response turn."

    // MARK: - Valid requests

    @Test("a normal conversation with a system instruction and one call round has no problems")
    func normalFlow() throws {
        #expect(
            try problems(
                #"""
                {"systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[
                  {"role":"user","parts":[{"text":"list"}]},
                  {"role":"model","parts":[{"text":"Listing."},{"functionCall":{"name":"shell","args":{"command":["ls"]}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"a.txt"}}}]},
                  {"role":"model","parts":[{"text":"a.txt"}]}]}
                """#) == [])
    }

    @Test("parallel calls answered in order, followed by text, have no problems")
    func parallelCallsInOrder() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}}]},
                  {"role":"user","parts":[
                    {"functionResponse":{"name":"a","response":{"output":"1"}}},
                    {"functionResponse":{"name":"b","response":{"output":"2"}}},
                    {"text":"and now?"}]}]}
                """#) == [])
    }

    @Test("proto field names, single objects for arrays and turns without role are read as the API reads them")
    func protoNamesAndSingleObjects() throws {
        #expect(
            try problems(
                #"""
                {"system_instruction":{"parts":{"text":"Be brief."}},
                 "contents":[
                  {"parts":{"text":"go"}},
                  {"role":"model","parts":[{"function_call":{"name":"a","args":{}}}]},
                  {"role":"user","parts":[{"function_response":{"name":"a","response":{}}}]}]}
                """#) == [])
    }

    // MARK: - Response counts

    @Test("a call turn followed by a user turn with text only is function_response_count_mismatch at the call turn")
    func textInsteadOfResponses() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
                  {"role":"user","parts":[{"text":"still there?"}]}]}
                """#) == [error(.functionResponseCountMismatch, 1, Self.countMismatch)])
    }

    @Test("fewer responses than calls is function_response_count_mismatch")
    func fewerResponses() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
                """#) == [error(.functionResponseCountMismatch, 1, Self.countMismatch)])
    }

    @Test("a call turn as the last turn is function_response_count_mismatch")
    func callTurnAtTheEnd() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]}]}
                """#) == [error(.functionResponseCountMismatch, 1, Self.countMismatch)])
    }

    // MARK: - Turn order

    @Test("function responses with no call turn right before them are function_response_without_call")
    func responsesWithoutCallTurn() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"text":"ok"}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
                """#) == [error(.functionResponseWithoutCall, 2, Self.responseWithoutCall)])
    }

    @Test("a call turn as the first turn is function_call_turn_misplaced")
    func callTurnFirst() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
                """#) == [error(.functionCallTurnMisplaced, 0, Self.callTurnMisplaced)])
    }

    @Test("a call turn right after another model turn is function_call_turn_misplaced")
    func callTurnAfterModelTurn() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"text":"Let me look."}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
                """#) == [error(.functionCallTurnMisplaced, 2, Self.callTurnMisplaced)])
    }

    // MARK: - Warnings

    @Test("responses in another order than the calls are function_response_name_mismatch at the response turn")
    func responsesOutOfOrder() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"id":"fc_a","name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"b","response":{}}},{"functionResponse":{"name":"a","response":{}}}]}]}
                """#) == [
                    warning(
                        .functionResponseNameMismatch, 2, "fc_a",
                        "The function response at contents[2].parts[0] is named b, but the function call it pairs with, contents[1].parts[0], is named a; Gemini pairs responses with calls by position and name, so answer the calls in their order."),
                    warning(
                        .functionResponseNameMismatch, 2, nil,
                        "The function response at contents[2].parts[1] is named a, but the function call it pairs with, contents[1].parts[1], is named b; Gemini pairs responses with calls by position and name, so answer the calls in their order."),
                ])
    }

    @Test("text before the function responses is function_response_not_first at the response turn")
    func textBeforeResponses() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
                  {"role":"user","parts":[{"text":"Here:"},{"functionResponse":{"name":"a","response":{}}}]}]}
                """#) == [
                    warning(
                        .functionResponseNotFirst, 2, nil,
                        "contents[2].parts[0] comes before the function responses of its turn; put every function response first, before any text.")
                ])
    }

    // MARK: - Shapes

    @Test("a request that is not an object, or has no contents array, is invalid_shape at index 0")
    func requestShape() throws {
        #expect(
            try problems(#"[]"#) == [
                error(.invalidShape, 0, "The Gemini request must be an object with a \"contents\" array, but it is an array.")
            ])
        #expect(try problems(#"{}"#) == [error(.invalidShape, 0, "The Gemini request has no \"contents\" array.")])
        #expect(try problems(#"{"contents":"hi"}"#) == [error(.invalidShape, 0, "contents must be an array, but it is a string.")])
        #expect(
            try problems(#"{"systemInstruction":"Be brief.","contents":[]}"#) == [
                error(.invalidShape, 0, "systemInstruction must be a Content object with \"parts\", but it is a string.")
            ])
    }

    @Test("malformed turns and parts are invalid_shape at their turn")
    func malformedTurns() throws {
        #expect(
            try problems(
                #"""
                {"contents":[
                  3,
                  {"role":"assistant","parts":[{"text":"x"}]},
                  {"role":"user"},
                  {"role":"user","parts":["x"]},
                  {"role":"model","parts":[{"functionCall":"a()"}]}]}
                """#) == [
                    error(.invalidShape, 0, "contents[0] must be a Content object, but it is an integer."),
                    error(.invalidShape, 1, "contents[1].role must be \"user\" or \"model\", but it is \"assistant\"."),
                    error(.invalidShape, 2, "contents[2] has no \"parts\"."),
                    error(.invalidShape, 3, "contents[3].parts[0] must be a Part object, but it is a string."),
                    error(.invalidShape, 4, "contents[4].parts[0].functionCall must be an object, but it is a string."),
                ])
    }
}

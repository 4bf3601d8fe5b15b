import SequencerCore
import Testing

@Suite("GeminiValidator")
struct GeminiValidatorTests {
    private static let countMismatch =
        "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn."
    private static let responseWithoutCall =
        "Please ensure that function response turn comes immediately after a function call turn."
    private static let callTurnMisplaced =
        "Please ensure that function call turn comes immediately after a user turn or after a function response turn."

    @Test("each request gets exactly its problems, in order (the thought-signature rule has its own table)", arguments: cases)
    func validate(_ test: ValidatorCase) throws {
        #expect(try test.problems(in: .gemini, leavingOut: [.missingThoughtSignature]) == test.expected)
    }

    @Test("a step of the current turn without a thought signature on its first call is the API's error", arguments: signatureCases)
    func validateSignatures(_ test: ValidatorCase) throws {
        #expect(try test.problems(in: .gemini) == test.expected)
    }

    private static func missingSignature(_ name: String, position: Int) -> String {
        "Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:\(name)` , position \(position). Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details."
    }

    static let signatureCases: [ValidatorCase] = [
        ValidatorCase(
            "[user, model call without signature, response] is the error at the call turn, position 2 (the 1-based index in contents)",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"list"}]},
              {"role":"model","parts":[{"functionCall":{"name":"bash","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"bash","response":{"output":"a"}}}]}]}
            """#,
            [.error(.missingThoughtSignature, 1, Self.missingSignature("bash", position: 2))]),
        ValidatorCase(
            "parallel calls need the signature on the first call only; later ones may have none",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}},"thoughtSignature":"c2ln"},{"functionCall":{"name":"b","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}},{"functionResponse":{"name":"b","response":{}}}]}]}
            """#,
            []),
        ValidatorCase(
            "a signature on the second call only does not count: the first call of the step names the error",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"text":"Both."},{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{}},"thoughtSignature":"c2ln"}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}},{"functionResponse":{"name":"b","response":{}}}]}]}
            """#,
            [.error(.missingThoughtSignature, 1, Self.missingSignature("a", position: 2))]),
        ValidatorCase(
            "every sequential step of the current turn is checked; the placeholder and the proto name thought_signature count",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]},
              {"role":"model","parts":[{"functionCall":{"name":"b","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"b","response":{}}}]},
              {"role":"model","parts":[{"function_call":{"name":"c","args":{}},"thought_signature":"c2ln"}]},
              {"role":"user","parts":[{"functionResponse":{"name":"c","response":{}}}]}]}
            """#,
            [.error(.missingThoughtSignature, 3, Self.missingSignature("b", position: 4))]),
        ValidatorCase(
            "calls of earlier turns need none: the current turn begins at the last user turn with text and no function response",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]},
              {"role":"model","parts":[{"text":"done"}]},
              {"role":"user","parts":[{"text":"thanks"}]},
              {"role":"model","parts":[{"text":"welcome"}]}]}
            """#,
            []),
        ValidatorCase(
            "a user turn holding function responses and text does not begin a new turn: the call before it is still current",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}},{"text":"stop"}]}]}
            """#,
            [.error(.missingThoughtSignature, 1, Self.missingSignature("a", position: 2))]),
    ]

    static let cases: [ValidatorCase] = [
        // Valid requests
        ValidatorCase(
            "a normal conversation with a system instruction and one call round has no problems",
            #"""
            {"systemInstruction":{"parts":[{"text":"Be brief."}]},
             "contents":[
              {"role":"user","parts":[{"text":"list"}]},
              {"role":"model","parts":[{"text":"Listing."},{"functionCall":{"name":"shell","args":{"command":["ls"]}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"a.txt"}}}]},
              {"role":"model","parts":[{"text":"a.txt"}]}]}
            """#,
            []),
        ValidatorCase(
            "parallel calls answered in order, followed by text, have no problems",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}}]},
              {"role":"user","parts":[
                {"functionResponse":{"name":"a","response":{"output":"1"}}},
                {"functionResponse":{"name":"b","response":{"output":"2"}}},
                {"text":"and now?"}]}]}
            """#,
            []),
        ValidatorCase(
            "proto field names, single objects for arrays and turns without role are read as the API reads them",
            #"""
            {"system_instruction":{"parts":{"text":"Be brief."}},
             "contents":[
              {"parts":{"text":"go"}},
              {"role":"model","parts":[{"function_call":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"function_response":{"name":"a","response":{}}}]}]}
            """#,
            []),
        // Response counts
        ValidatorCase(
            "a call turn followed by a user turn with text only is function_response_count_mismatch at the call turn",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"text":"still there?"}]}]}
            """#,
            [.error(.functionResponseCountMismatch, 1, Self.countMismatch)]),
        ValidatorCase(
            "fewer responses than calls is function_response_count_mismatch",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
            """#,
            [.error(.functionResponseCountMismatch, 1, Self.countMismatch)]),
        ValidatorCase(
            "a call turn as the last turn is function_response_count_mismatch",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]}]}
            """#,
            [.error(.functionResponseCountMismatch, 1, Self.countMismatch)]),
        // Turn order
        ValidatorCase(
            "function responses with no call turn right before them are function_response_without_call",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"text":"ok"}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
            """#,
            [.error(.functionResponseWithoutCall, 2, Self.responseWithoutCall)]),
        ValidatorCase(
            "a call turn as the first turn is function_call_turn_misplaced",
            #"""
            {"contents":[
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
            """#,
            [.error(.functionCallTurnMisplaced, 0, Self.callTurnMisplaced)]),
        ValidatorCase(
            "a call turn right after another model turn is function_call_turn_misplaced",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"text":"Let me look."}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"a","response":{}}}]}]}
            """#,
            [.error(.functionCallTurnMisplaced, 2, Self.callTurnMisplaced)]),
        // Warnings
        ValidatorCase(
            "responses in another order than the calls are function_response_name_mismatch at the response turn",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"id":"fc_a","name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"b","response":{}}},{"functionResponse":{"name":"a","response":{}}}]}]}
            """#,
            [
                .warning(
                    .functionResponseNameMismatch, 2, "fc_a",
                    "The function response at contents[2].parts[0] is named b, but the function call it pairs with, contents[1].parts[0], is named a; Gemini pairs responses with calls by position and name, so answer the calls in their order."),
                .warning(
                    .functionResponseNameMismatch, 2, nil,
                    "The function response at contents[2].parts[1] is named a, but the function call it pairs with, contents[1].parts[1], is named b; Gemini pairs responses with calls by position and name, so answer the calls in their order."),
            ]),
        ValidatorCase(
            "text before the function responses is function_response_not_first at the response turn",
            #"""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},
              {"role":"user","parts":[{"text":"Here:"},{"functionResponse":{"name":"a","response":{}}}]}]}
            """#,
            [
                .warning(
                    .functionResponseNotFirst, 2, nil,
                    "contents[2].parts[0] comes before the function responses of its turn; put every function response first, before any text.")
            ]),
        // Shapes
        ValidatorCase(
            "malformed turns and parts are invalid_shape at their turn",
            #"""
            {"contents":[
              3,
              {"role":"assistant","parts":[{"text":"x"}]},
              {"role":"user"},
              {"role":"user","parts":["x"]},
              {"role":"model","parts":[{"functionCall":"a()"}]}]}
            """#,
            [
                .error(.invalidShape, 0, "contents[0] must be a Content object, but it is an integer."),
                .error(.invalidShape, 1, "contents[1].role must be \"user\" or \"model\", but it is \"assistant\"."),
                .error(.invalidShape, 2, "contents[2] has no \"parts\"."),
                .error(.invalidShape, 3, "contents[3].parts[0] must be a Part object, but it is a string."),
                .error(.invalidShape, 4, "contents[4].parts[0].functionCall must be an object, but it is a string."),
            ]),
        ValidatorCase(
            "a request that is an array is invalid_shape at index 0",
            #"[]"#,
            [.error(.invalidShape, 0, "The Gemini request must be an object with a \"contents\" array, but it is an array.")]),
        ValidatorCase(
            "a request with no contents array is invalid_shape at index 0",
            #"{}"#,
            [.error(.invalidShape, 0, "The Gemini request has no \"contents\" array.")]),
        ValidatorCase(
            "contents that are not an array are invalid_shape at index 0",
            #"{"contents":"hi"}"#,
            [.error(.invalidShape, 0, "contents must be an array, but it is a string.")]),
        ValidatorCase(
            "a systemInstruction that is not a Content object is invalid_shape at index 0",
            #"{"systemInstruction":"Be brief.","contents":[]}"#,
            [.error(.invalidShape, 0, "systemInstruction must be a Content object with \"parts\", but it is a string.")]),
    ]
}

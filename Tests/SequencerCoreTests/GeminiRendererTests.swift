import SequencerCore
import Testing

@Suite("GeminiRenderer")
struct GeminiRendererTests {
    private func render(_ json: String) throws -> String {
        RendererTestSupport.text(GeminiRenderer.render(try RendererTestSupport.items(json)))
    }

    private func render(_ items: some Collection<Item>) -> String {
        RendererTestSupport.text(GeminiRenderer.render(items))
    }

    @Test("renders a plain conversation with system and developer text in systemInstruction")
    func plainConversation() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"system","content":[{"type":"input_text","text":"Be brief."}]},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello!"}]},
             {"type":"message","role":"developer","content":"Use tools."},
             {"type":"message","role":"user","content":"Next"}]
            """#)
        #expect(
            rendered
                == #"{"systemInstruction":{"parts":[{"text":"Be brief.\n\nUse tools."}]},"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello!"}]},{"role":"user","parts":[{"text":"Next"}]}]}"#
        )
    }

    @Test("renders a call as functionCall and its output as a functionResponse before the next user text")
    func callAndOutputThenUserText() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"list"}]},
             {"type":"reasoning","summary":[{"type":"summary_text","text":"Use ls"}]},
             {"type":"function_call","id":"fc_1","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"a.txt"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"thanks"}]}]
            """#)
        #expect(
            rendered
                == #"{"contents":[{"role":"user","parts":[{"text":"list"}]},{"role":"model","parts":[{"functionCall":{"name":"shell","args":{"command":["ls"]}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"a.txt"}}},{"text":"thanks"}]}]}"#
        )
    }

    @Test("reorders the responses of parallel calls to call order")
    func parallelResponsesInCallOrder() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Reading both."}]},
             {"type":"function_call","name":"read_a","arguments":"{}","call_id":"call_a"},
             {"type":"function_call","name":"read_b","arguments":"{}","call_id":"call_b"},
             {"type":"function_call","name":"read_c","arguments":"{}","call_id":"call_c"},
             {"type":"function_call_output","call_id":"call_c","output":"C"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"hurry"}]},
             {"type":"function_call_output","call_id":"call_b","output":"B"},
             {"type":"function_call_output","call_id":"call_a","output":"A"}]
            """#)
        #expect(
            rendered
                == #"{"contents":[{"role":"user","parts":[{"text":"(earlier conversation omitted)"}]},{"role":"model","parts":[{"text":"Reading both."},{"functionCall":{"name":"read_a","args":{}},"thoughtSignature":"skip_thought_signature_validator"},{"functionCall":{"name":"read_b","args":{}}},{"functionCall":{"name":"read_c","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"read_a","response":{"output":"A"}}},{"functionResponse":{"name":"read_b","response":{"output":"B"}}},{"functionResponse":{"name":"read_c","response":{"output":"C"}}},{"text":"hurry"}]}]}"#
        )
    }

    @Test("builds args for local shell and custom calls and names the shell response shell")
    func localShellAndCustomCalls() throws {
        let rendered = try render(
            #"""
            [{"type":"local_shell_call","call_id":"call_sh","status":"completed","action":{"type":"exec","command":["ls"],"timeout_ms":null}},
             {"type":"custom_tool_call","call_id":"call_patch","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"},
             {"type":"function_call","name":"echo","arguments":"\"just a string\"","call_id":"call_echo"},
             {"type":"function_call_output","call_id":"call_sh","output":"a.txt"},
             {"type":"custom_tool_call_output","call_id":"call_patch","output":"Done!"},
             {"type":"function_call_output","call_id":"call_echo","output":"just a string"}]
            """#)
        #expect(
            rendered
                == #"{"contents":[{"role":"user","parts":[{"text":"(earlier conversation omitted)"}]},{"role":"model","parts":[{"functionCall":{"name":"shell","args":{"type":"exec","command":["ls"],"timeout_ms":null}},"thoughtSignature":"skip_thought_signature_validator"},{"functionCall":{"name":"apply_patch","args":{"input":"*** Begin Patch\n*** End Patch"}}},{"functionCall":{"name":"echo","args":{"arguments":"\"just a string\""}}}]},{"role":"user","parts":[{"functionResponse":{"name":"shell","response":{"output":"a.txt"}}},{"functionResponse":{"name":"apply_patch","response":{"output":"Done!"}}},{"functionResponse":{"name":"echo","response":{"output":"just a string"}}}]}]}"#
        )
    }

    @Test("renders base64 data: images as inlineData, URLs as fileData, other images as [image] text")
    func images() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"Compare"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="},{"type":"input_image","image_url":"https://example.com/cat.jpg"},{"type":"input_image","image_url":"data:image/svg+xml,%3Csvg%2F%3E"}]},
             {"type":"function_call","name":"screenshot","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"Shot:"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}]
            """#)
        #expect(
            rendered
                == #"{"contents":[{"role":"user","parts":[{"text":"Compare"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"fileData":{"fileUri":"https://example.com/cat.jpg"}},{"text":"[image]"}]},{"role":"model","parts":[{"functionCall":{"name":"screenshot","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"screenshot","response":{"output":"Shot:\n[image]"}}}]}]}"#
        )
    }

    @Test("merges consecutive turns of one role, across hoisted system text and skipped reasoning")
    func mergesConsecutiveRoles() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"one"}]},
             {"type":"message","role":"system","content":[{"type":"input_text","text":"rule"}]},
             {"type":"message","role":"user","content":[{"type":"input_text","text":""},{"type":"input_text","text":"two"}]},
             {"type":"reasoning","summary":[{"type":"summary_text","text":"thinking"}],"encrypted_content":"gAAA"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"three"}]}]
            """#)
        #expect(
            rendered
                == #"{"systemInstruction":{"parts":[{"text":"rule"}]},"contents":[{"role":"user","parts":[{"text":"one"},{"text":"two"},{"text":"three"}]}]}"#
        )
    }

    @Test("leaves out an output whose call is not among the rendered items")
    func omitsOutputWithoutRenderedCall() throws {
        let items = try RendererTestSupport.items(
            #"""
            [{"type":"function_call","name":"read","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"A"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"next"}]}]
            """#)
        #expect(render(items[1...]) == #"{"contents":[{"role":"user","parts":[{"text":"next"}]}]}"#)
    }
}

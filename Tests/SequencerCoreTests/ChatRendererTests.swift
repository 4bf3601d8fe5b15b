import SequencerCore
import Testing

@Suite("ChatRenderer")
struct ChatRendererTests {
    private func render(_ json: String, reasoning: RenderOptions.ChatReasoning = .omit) throws -> String {
        RendererTestSupport.text(ChatRenderer.render(try RendererTestSupport.items(json), reasoning: reasoning))
    }

    @Test("renders a plain conversation with roles kept and text parts joined by newlines")
    func plainConversation() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"system","content":[{"type":"input_text","text":"Be brief."}]},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"},{"type":"input_text","text":"there"}]},
             {"type":"message","role":"assistant","id":"msg_1","content":[{"type":"output_text","text":"Hello!"}]},
             {"type":"message","role":"developer","content":"Use tools."},
             {"type":"message","role":"user","content":"Go."}]
            """#)
        #expect(
            rendered
                == #"[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi\nthere"},{"role":"assistant","content":"Hello!"},{"role":"developer","content":"Use tools."},{"role":"user","content":"Go."}]"#
        )
    }

    @Test("renders a call as tool_calls with null content, and its output as a tool message")
    func callAndOutput() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"list"}]},
             {"type":"function_call","id":"fc_1","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"a.txt"}]
            """#)
        #expect(
            rendered
                == #"[{"role":"user","content":"list"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"shell","arguments":"{\"command\":[\"ls\"]}"}}]},{"role":"tool","content":"a.txt","tool_call_id":"call_1"}]"#
        )
    }

    @Test("merges one model response (text, reasoning, parallel calls) into one assistant message; reasoning: reasoning puts it last")
    func parallelCallsInOneAssistantMessage() throws {
        let rendered = try render(
            #"""
            [{"type":"reasoning","summary":[{"type":"summary_text","text":"Plan"},{"type":"summary_text","text":"Act"}],"content":[{"type":"reasoning_text","text":"hidden"}],"encrypted_content":null},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me look."}]},
             {"type":"function_call","name":"read","arguments":"{\"path\":\"a\"}","call_id":"call_a"},
             {"type":"function_call","name":"read","arguments":"{\"path\":\"b\"}","call_id":"call_b"},
             {"type":"function_call_output","call_id":"call_a","output":"A"},
             {"type":"function_call_output","call_id":"call_b","output":"B"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}]
            """#, reasoning: .reasoning)
        #expect(
            rendered
                == #"[{"role":"assistant","content":"Let me look.","tool_calls":[{"id":"call_a","type":"function","function":{"name":"read","arguments":"{\"path\":\"a\"}"}},{"id":"call_b","type":"function","function":{"name":"read","arguments":"{\"path\":\"b\"}"}}],"reasoning":"Plan\nAct"},{"role":"tool","content":"A","tool_call_id":"call_a"},{"role":"tool","content":"B","tool_call_id":"call_b"},{"role":"assistant","content":"Done."}]"#
        )
    }

    @Test("renders a local shell call as function shell and a custom call with its input wrapped")
    func localShellAndCustomCalls() throws {
        let rendered = try render(
            #"""
            [{"type":"local_shell_call","id":"lsh_1","call_id":"call_sh","status":"completed","action":{"type":"exec","command":["bash","-lc","ls"],"timeout_ms":null}},
             {"type":"custom_tool_call","call_id":"call_patch","name":"apply_patch","input":"*** Begin Patch\n*** End Patch","status":"completed"},
             {"type":"function_call_output","call_id":"call_sh","output":"a.txt"},
             {"type":"custom_tool_call_output","call_id":"call_patch","output":"Done!"}]
            """#)
        #expect(
            rendered
                == #"[{"role":"assistant","content":null,"tool_calls":[{"id":"call_sh","type":"function","function":{"name":"shell","arguments":"{\"type\":\"exec\",\"command\":[\"bash\",\"-lc\",\"ls\"],\"timeout_ms\":null}"}},{"id":"call_patch","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin Patch\\n*** End Patch\"}"}}]},{"role":"tool","content":"a.txt","tool_call_id":"call_sh"},{"role":"tool","content":"Done!","tool_call_id":"call_patch"}]"#
        )
    }

    @Test("uses reasoning_text contents when a reasoning item has no summary")
    func reasoningFallsBackToContent() throws {
        let rendered = try render(
            #"""
            [{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"step 1"},{"type":"reasoning_text","text":"step 2"}]},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"ok"}]}]
            """#, reasoning: .reasoning)
        #expect(rendered == #"[{"role":"assistant","content":"ok","reasoning":"step 1\nstep 2"}]"#)
    }

    private static let reasonedCall = #"""
        [{"type":"message","role":"user","content":"go"},
         {"type":"reasoning","summary":[{"type":"summary_text","text":"Plan"}],"encrypted_content":null},
         {"type":"function_call","name":"read","arguments":"{}","call_id":"call_a"},
         {"type":"function_call_output","call_id":"call_a","output":"A"}]
        """#

    @Test("reasoning is left out by default: OpenAI rejects members outside a message's schema")
    func reasoningOmittedByDefault() throws {
        #expect(
            try render(Self.reasonedCall)
                == #"[{"role":"user","content":"go"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"read","arguments":"{}"}}]},{"role":"tool","content":"A","tool_call_id":"call_a"}]"#)
        #expect(try render(Self.reasonedCall) == RendererTestSupport.text(Renderer.render(try RendererTestSupport.items(Self.reasonedCall), as: .chat)))
    }

    @Test("reasoning: reasoning_content carries it as reasoning_content, as DeepSeek's thinking mode requires")
    func reasoningContentOption() throws {
        #expect(
            try render(Self.reasonedCall, reasoning: .reasoningContent)
                == #"[{"role":"user","content":"go"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"read","arguments":"{}"}}],"reasoning_content":"Plan"},{"role":"tool","content":"A","tool_call_id":"call_a"}]"#)
    }

    @Test("each reasoning option renders a body the Chat validator accepts with the same option", arguments: RenderOptions.ChatReasoning.allCases)
    func reasoningOptionsValidate(reasoning: RenderOptions.ChatReasoning) throws {
        let options = RenderOptions(reasoning: reasoning)
        let body = Renderer.render(try RendererTestSupport.items(Self.reasonedCall), as: .chat, options: options)
        #expect(Validator.validate(body, format: .chat, options: options) == [])
        let strict = Validator.validate(body, format: .chat)
        #expect(strict.map(\.code) == (reasoning == .omit ? [] : [.additionalProperties]))
    }

    @Test("renders nothing for a run holding only reasoning")
    func reasoningOnlyRunRendersNothing() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},
             {"type":"reasoning","summary":[{"type":"summary_text","text":"Thinking"}],"encrypted_content":"gAAA"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"again"}]}]
            """#)
        #expect(rendered == #"[{"role":"user","content":"hi"},{"role":"user","content":"again"}]"#)
    }

    @Test("renders a user message with an image as an array of text and image_url parts")
    func userImages() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"What is this?"},{"type":"input_image","image_url":"https://example.com/cat.png","detail":"high"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}]
            """#)
        #expect(
            rendered
                == #"[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"high"}},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]"#
        )
    }

    @Test("joins an array output's texts and stands a placeholder for each image")
    func toolOutputImagesBecomePlaceholders() throws {
        let rendered = try render(
            #"""
            [{"type":"function_call","name":"screenshot","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"Two shots:"},{"type":"input_image","image_url":"https://example.com/a.png"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}]
            """#)
        #expect(
            rendered
                == #"[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"screenshot","arguments":"{}"}}]},{"role":"tool","content":"Two shots:\n[image: https://example.com/a.png]\n[image]","tool_call_id":"call_1"}]"#
        )
    }

    @Test("leaves out web_search_call and unknown items without splitting the assistant message")
    func omitsWebSearchAndUnknownItems() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"assistant","content":[{"type":"output_text","text":"a"}]},
             {"type":"web_search_call","status":"completed","action":{"type":"search","query":"swift"}},
             {"type":"ghost_snapshot","ghost_commit":{"id":"abc"}},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"b"}]}]
            """#)
        #expect(rendered == #"[{"role":"assistant","content":"a\nb"}]"#)
    }

    @Test("keeps a mid-conversation system message in place and drops images from system text")
    func midConversationSystemMessageStaysInPlace() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"one"}]},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"two"}]},
             {"type":"message","role":"system","content":[{"type":"input_text","text":"Be careful."},{"type":"input_image","image_url":"https://example.com/x.png"}]},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"three"}]}]
            """#)
        #expect(
            rendered
                == #"[{"role":"user","content":"one"},{"role":"assistant","content":"two"},{"role":"system","content":"Be careful."},{"role":"user","content":"three"}]"#
        )
    }
}

import SequencerCore
import Testing

/// The adjustments renderers make so the provider accepts the body, and the notes that say so.
@Suite("Render adjustments and notes")
struct RenderAdjustmentTests {
    private func rendered(_ json: String, as format: Format, options: RenderOptions = .init()) throws -> (String, [RenderNote]) {
        let result = Renderer.rendered(try RendererTestSupport.items(json), as: format, options: options)
        return (RendererTestSupport.text(result.body), result.notes)
    }

    // MARK: Anthropic

    @Test("Anthropic: whitespace-only blocks are left out, a message left empty is dropped and its neighbours merge, each noted")
    func anthropicWhitespace() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"},{"type":"input_text","text":" \n "}]},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"\n\n"}]},
             {"type":"message","role":"user","content":"there"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"ok"}]}]
            """#, as: .anthropic)
        #expect(body == #"{"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":"there"}]},{"role":"assistant","content":[{"type":"text","text":"ok"}]}]}"#)
        #expect(notes == [
            RenderNote(code: .whitespaceTextDropped, itemIndex: 0, message: "1 empty or whitespace-only text block was left out, as Anthropic rejects them (messages: text content blocks must contain non-whitespace text)."),
            RenderNote(code: .messageDropped, itemIndex: 1, message: "The message holds only empty or whitespace-only text, which Anthropic rejects (messages: text content blocks must contain non-whitespace text); it was left out."),
        ])
        #expect(Validator.validate(try JSONParser.parse(body), format: .anthropic) == [])
    }

    @Test("Anthropic: whitespace-only system text is left out, and a blank tool result says nothing instead of empty text, each noted")
    func anthropicWhitespaceSystemAndToolResult() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"developer","content":[{"type":"input_text","text":"Be brief."},{"type":"input_text","text":"  "}]},
             {"type":"message","role":"user","content":"go"},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"c1"},
             {"type":"function_call_output","call_id":"c1","output":" \n"},
             {"type":"function_call","name":"g","arguments":"{}","call_id":"c2"},
             {"type":"function_call_output","call_id":"c2","output":""}]
            """#, as: .anthropic)
        #expect(body == #"{"system":"Be brief.","messages":[{"role":"user","content":[{"type":"text","text":"go"}]},{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1"}]},{"role":"assistant","content":[{"type":"tool_use","id":"c2","name":"g","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c2"}]}]}"#)
        #expect(notes == [
            RenderNote(code: .whitespaceTextDropped, itemIndex: 0, message: "1 empty or whitespace-only text block was left out, as Anthropic rejects them (messages: text content blocks must contain non-whitespace text)."),
            RenderNote(code: .whitespaceTextDropped, itemIndex: 3, message: "1 empty or whitespace-only text block was left out, as Anthropic rejects them (messages: text content blocks must contain non-whitespace text)."),
        ])
        #expect(Validator.validate(try JSONParser.parse(body), format: .anthropic) == [])
    }

    @Test("Anthropic: a message that renders no block is left out, so no message is sent with empty content")
    func anthropicNoEmptyMessage() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"user","content":"go"},
             {"type":"message","role":"assistant","content":[]},
             {"type":"message","role":"user","content":[]},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"c1"},
             {"type":"function_call_output","call_id":"c1","output":"ok"},
             {"type":"message","role":"assistant","content":""}]
            """#, as: .anthropic)
        #expect(body == #"{"messages":[{"role":"user","content":[{"type":"text","text":"go"}]},{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"ok"}]}]}"#)
        // `content: []` has nothing to leave out, so nothing is noted; an empty text is noted.
        #expect(notes == [
            RenderNote(code: .messageDropped, itemIndex: 5, message: "The message holds only empty or whitespace-only text, which Anthropic rejects (messages: text content blocks must contain non-whitespace text); it was left out."),
        ])
        #expect(Validator.validate(try JSONParser.parse(body), format: .anthropic) == [])
    }

    @Test("Anthropic: the final assistant text loses its trailing whitespace, noted at its item")
    func anthropicTrailingWhitespace() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"user","content":"Write a list"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Sure:\n- a  \n"}]},
             {"type":"reasoning","summary":[],"encrypted_content":null}]
            """#, as: .anthropic)
        #expect(body == #"{"messages":[{"role":"user","content":[{"type":"text","text":"Write a list"}]},{"role":"assistant","content":[{"type":"text","text":"Sure:\n- a"}]}]}"#)
        #expect(notes == [
            RenderNote(code: .trailingWhitespaceTrimmed, itemIndex: 1, message: "The final assistant text ended with whitespace, which Anthropic rejects (messages: final assistant content cannot end with trailing whitespace); it was trimmed."),
        ])
    }

    @Test("Anthropic: trailing whitespace of an assistant text that is not last is kept")
    func anthropicTrailingWhitespaceOnlyAtTheEnd() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"user","content":"go"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Running. "}]},
             {"type":"function_call","name":"f","arguments":"{}","call_id":"c1"}]
            """#, as: .anthropic)
        #expect(body == #"{"messages":[{"role":"user","content":[{"type":"text","text":"go"}]},{"role":"assistant","content":[{"type":"text","text":"Running. "},{"type":"tool_use","id":"c1","name":"f","input":{}}]}]}"#)
        #expect(notes == [])
    }

    @Test("Anthropic: a base64 image of a type the API does not take becomes a text placeholder, in messages and tool results")
    func anthropicUnsupportedImage() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_image","image_url":"data:image/svg+xml;base64,PHN2Zz4="},{"type":"input_image","image_url":"data:image/webp;base64,UklG"}]},
             {"type":"function_call","name":"snap","arguments":"{}","call_id":"c1"},
             {"type":"function_call_output","call_id":"c1","output":[{"type":"input_image","image_url":"data:image/bmp;base64,Qk0="}]}]
            """#, as: .anthropic)
        #expect(body == #"{"messages":[{"role":"user","content":[{"type":"text","text":"[image omitted: image/svg+xml]"},{"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklG"}}]},{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"snap","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":[{"type":"text","text":"[image omitted: image/bmp]"}]}]}]}"#)
        #expect(notes.map(\.code) == [.imageReplaced, .imageReplaced])
        #expect(notes.map(\.itemIndex) == [0, 2])
        #expect(notes.first?.message == "A base64 image of type image/svg+xml became a text placeholder: Anthropic takes only image/jpeg, image/png, image/gif and image/webp.")
    }

    // MARK: Gemini

    @Test(
        "Gemini: a real signature is carried unchanged from each place converters keep it, and no placeholder is added",
        arguments: [
            (#"{"type":"function_call","name":"f","arguments":"{}","call_id":"c1","extra_content":{"google":{"thought_signature":"U0lHMQ=="}}}"#, "U0lHMQ=="),
            (#"{"type":"function_call","name":"f","arguments":"{}","call_id":"c1","provider_specific_fields":{"thought_signature":"U0lHMg=="}}"#, "U0lHMg=="),
            (#"{"type":"function_call","name":"f","arguments":"{}","call_id":"c1","thought_signature":"U0lHMw=="}"#, "U0lHMw=="),
            (#"{"type":"function_call","name":"f","arguments":"{}","call_id":"c1__thought__U0lHNA=="}"#, "U0lHNA=="),
        ])
    func geminiCarriesSignature(call: String, signature: String) throws {
        let json = #"[{"type":"message","role":"user","content":"go"},"# + call
            + #",{"type":"function_call_output","call_id":"# + (call.contains("__thought__") ? #""c1__thought__U0lHNA==""# : #""c1""#)
            + #","output":"ok"}]"#
        let (body, notes) = try rendered(json, as: .gemini)
        #expect(body == #"{"contents":[{"role":"user","parts":[{"text":"go"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":""# + signature + #""}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"ok"}}}]}]}"#)
        #expect(notes == [])
    }

    @Test("Gemini: each unsigned step of the current turn gets the placeholder on its first call; earlier turns are left alone")
    // A user message merged into a turn of function responses does not begin a turn (see the
    // interrupted-kinds suite, where the call before "stop" gets the placeholder).
    func geminiPlaceholder() throws {
        let (body, notes) = try rendered(
            #"""
            [{"type":"message","role":"user","content":"first"},
             {"type":"function_call","name":"old","arguments":"{}","call_id":"c0"},
             {"type":"function_call_output","call_id":"c0","output":"ok"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]},
             {"type":"message","role":"user","content":"second"},
             {"type":"function_call","name":"a","arguments":"{}","call_id":"c1"},
             {"type":"function_call","name":"b","arguments":"{}","call_id":"c2"},
             {"type":"function_call_output","call_id":"c1","output":"A"},
             {"type":"function_call_output","call_id":"c2","output":"B"},
             {"type":"function_call","name":"c","arguments":"{}","call_id":"c3","thought_signature":"U0lH"},
             {"type":"function_call_output","call_id":"c3","output":"C"},
             {"type":"function_call","name":"d","arguments":"{}","call_id":"c4"},
             {"type":"function_call_output","call_id":"c4","output":"D"}]
            """#, as: .gemini)
        #expect(body == #"{"contents":[{"role":"user","parts":[{"text":"first"}]},{"role":"model","parts":[{"functionCall":{"name":"old","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"old","response":{"output":"ok"}}}]},{"role":"model","parts":[{"text":"done"}]},{"role":"user","parts":[{"text":"second"}]},{"role":"model","parts":[{"functionCall":{"name":"a","args":{}},"thoughtSignature":"skip_thought_signature_validator"},{"functionCall":{"name":"b","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"a","response":{"output":"A"}}},{"functionResponse":{"name":"b","response":{"output":"B"}}}]},{"role":"model","parts":[{"functionCall":{"name":"c","args":{}},"thoughtSignature":"U0lH"}]},{"role":"user","parts":[{"functionResponse":{"name":"c","response":{"output":"C"}}}]},{"role":"model","parts":[{"functionCall":{"name":"d","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},{"role":"user","parts":[{"functionResponse":{"name":"d","response":{"output":"D"}}}]}]}"#)
        let message = "The call has no Gemini thought signature, which Gemini 3 requires on the first function call of each step of the current turn; it got Google's documented placeholder \"skip_thought_signature_validator\"."
        #expect(notes == [
            RenderNote(code: .thoughtSignaturePlaceholder, itemIndex: 5, message: message),
            RenderNote(code: .thoughtSignaturePlaceholder, itemIndex: 11, message: message),
        ])
        #expect(Validator.validate(try JSONParser.parse(body), format: .gemini) == [])
    }

    // MARK: Responses and the Renderer entry points

    @Test("Responses: ids: keep keeps every member; strip keeps the ids that are content")
    func responsesIds() throws {
        let json = #"""
            [{"type":"item_reference","id":"msg_abc"},
             {"type":"mcp_approval_request","id":"mcpr_1","server_label":"git","name":"push","arguments":"{}"},
             {"type":"mcp_approval_response","id":"mcpa_1","approval_request_id":"mcpr_1","approve":true},
             {"type":"reasoning","id":"rs_1","summary":[]}]
            """#
        let items = try RendererTestSupport.items(json)
        #expect(RendererTestSupport.text(Renderer.render(items, as: .responses)) == #"[{"type":"item_reference","id":"msg_abc"},{"type":"mcp_approval_request","id":"mcpr_1","server_label":"git","name":"push","arguments":"{}"},{"type":"mcp_approval_response","approval_request_id":"mcpr_1","approve":true},{"type":"reasoning","summary":[]}]"#)
        let kept = Renderer.render(items, as: .responses, options: RenderOptions(ids: .keep))
        #expect(kept == .array(items.map(\.value)))
        var writer = JSONWriter()
        let notes = Renderer.write(items, as: .responses, options: RenderOptions(ids: .keep), into: &writer)
        #expect(writer.bytes == kept.serialized)
        #expect(notes == [])
    }

    @Test("write(_:as:options:into:) returns the notes of rendered(_:as:options:) and writes its body", arguments: Format.allCases)
    func writeReturnsNotes(format: Format) throws {
        let items = try RendererTestSupport.items(
            #"[{"type":"message","role":"user","content":" "},{"type":"message","role":"user","content":"go"},{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"},{"type":"function_call_output","call_id":"c1","output":"ok"}]"#)
        var writer = JSONWriter()
        let notes = Renderer.write(items, as: format, into: &writer)
        let result = Renderer.rendered(items, as: format)
        #expect(writer.bytes == result.body.serialized)
        #expect(notes == result.notes)
        let expected: [RenderNote.Code] = switch format {
        case .responses, .chat: []
        case .anthropic: [.messageDropped]
        case .gemini: [.thoughtSignaturePlaceholder]
        }
        #expect(notes.map(\.code) == expected)
    }
}

import SequencerCore
import Testing

/// Helpers shared by the renderer test suites.
enum RendererTestSupport {
    /// The items of a JSON array text.
    static func items(_ json: String) throws -> [Item] {
        let values = try #require(try JSONParser.parse(json).arrayValue)
        var items: [Item] = []
        for value in values {
            items.append(try Item(value))
        }
        return items
    }

    /// The compact JSON text of `value`.
    static func text(_ value: JSONValue) -> String {
        String(decoding: value.serialized, as: UTF8.self)
    }
}

@Suite("Renderer")
struct RendererTests {
    private static let conversation = #"""
        [{"type":"message","role":"user","content":[{"type":"input_text","text":"list"}]},
         {"type":"function_call","id":"fc_1","name":"shell","arguments":"{}","call_id":"call_1"},
         {"type":"function_call_output","call_id":"call_1","output":"a.txt"},
         {"type":"message","role":"assistant","content":[{"type":"output_text","text":"One file."}]}]
        """#

    @Test("dispatches each format to its renderer", arguments: Format.allCases)
    func dispatchesToFormatRenderer(format: Format) throws {
        let items = try RendererTestSupport.items(Self.conversation)
        let expected: JSONValue =
            switch format {
            case .responses: ResponsesRenderer.render(items)
            case .chat: ChatRenderer.render(items)
            case .anthropic: AnthropicRenderer.render(items)
            case .gemini: GeminiRenderer.render(items)
            }
        #expect(Renderer.render(items, as: format) == expected)
    }

    @Test("renders a slice that does not start at index 0")
    func rendersSlice() throws {
        let items = try RendererTestSupport.items(Self.conversation)
        let slice = items[3...]
        #expect(
            RendererTestSupport.text(Renderer.render(slice, as: .chat))
                == #"[{"role":"assistant","content":"One file."}]"#)
        #expect(
            RendererTestSupport.text(Renderer.render(slice, as: .responses))
                == #"[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"One file."}]}]"#)
        #expect(
            RendererTestSupport.text(Renderer.render(items[1..<3], as: .anthropic))
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"(earlier conversation omitted)"}]},{"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"shell","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"a.txt"}]}]}"#
        )
    }

    @Test("write(_:as:into:) writes exactly the bytes of render(_:as:), whole or sliced", arguments: Format.allCases)
    func writeMatchesRender(format: Format) throws {
        let items = try RendererTestSupport.items(Self.conversation)
        for slice in [items[...], items[1...], items[1..<3], items[4...]] {
            var writer = JSONWriter()
            writer.raw("x")
            Renderer.write(slice, as: format, into: &writer)
            #expect(writer.bytes == Array("x".utf8) + Renderer.render(slice, as: format).serialized)
        }
    }

    @Test("write(_:as:into:) drops the server id for Responses and keeps the rest byte for byte")
    func writeResponses() throws {
        let items = try RendererTestSupport.items(Self.conversation)
        var writer = JSONWriter()
        Renderer.write(items[1..<3], as: .responses, into: &writer)
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == #"[{"type":"function_call","name":"shell","arguments":"{}","call_id":"call_1"},{"type":"function_call_output","call_id":"call_1","output":"a.txt"}]"#)
    }

    @Test("renders an empty array as the format's empty request")
    func rendersEmpty() {
        let none: [Item] = []
        #expect(RendererTestSupport.text(Renderer.render(none, as: .responses)) == "[]")
        #expect(RendererTestSupport.text(Renderer.render(none, as: .chat)) == "[]")
        #expect(RendererTestSupport.text(Renderer.render(none, as: .anthropic)) == #"{"messages":[]}"#)
        #expect(RendererTestSupport.text(Renderer.render(none, as: .gemini)) == #"{"contents":[]}"#)
    }
}

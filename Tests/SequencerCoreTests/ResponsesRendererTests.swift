import SequencerCore
import Testing

@Suite("ResponsesRenderer")
struct ResponsesRendererTests {
    private func render(_ json: String) throws -> String {
        RendererTestSupport.text(ResponsesRenderer.render(try RendererTestSupport.items(json)))
    }

    @Test("removes the top-level server id and keeps every other member in order")
    func stripsServerId() throws {
        let rendered = try render(
            #"""
            [{"id":"fc_1","type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1","status":"completed"},
             {"type":"function_call_output","call_id":"call_1","id":"fco_1","output":"ok"}]
            """#)
        #expect(
            rendered
                == #"[{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1","status":"completed"},{"type":"function_call_output","call_id":"call_1","output":"ok"}]"#
        )
    }

    @Test("keeps id members nested below the top level")
    func keepsNestedIds() throws {
        let rendered = try render(
            #"""
            [{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA","meta":{"id":"inner"}},
             {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","id":"q1","query":"swift"}}]
            """#)
        #expect(
            rendered
                == #"[{"type":"reasoning","summary":[],"encrypted_content":"gAAA","meta":{"id":"inner"}},{"type":"web_search_call","status":"completed","action":{"type":"search","id":"q1","query":"swift"}}]"#
        )
    }

    @Test("passes an item without id through as the same object, byte for byte")
    func passesThroughItemsWithoutId() throws {
        let input =
            #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"caf\u00e9 \/ \"q\""}],"n":1.50e+3},{"type":"ghost_snapshot","ghost_commit":{"id":"abc"}}]"#
        let items = try RendererTestSupport.items(input)
        #expect(try render(input) == input)
        for item in items {
            #expect(ResponsesRenderer.render(item) == item.value)
        }
    }
}

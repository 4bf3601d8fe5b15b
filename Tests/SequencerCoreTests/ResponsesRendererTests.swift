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
            #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"caf\u00e9 \/ \"q\""}],"n":1.50e+3},{"type":"future_item","payload":{"id":"abc"}}]"#
        let items = try RendererTestSupport.items(input)
        #expect(try render(input) == input)
        for item in items {
            #expect(ResponsesRenderer.render(item) == item.value)
        }
    }
}

@Suite("ResponsesRenderer: what no API knows is left out")
struct ResponsesRendererHostLocalTests {
    @Test("a ghost_snapshot, Codex's own record, is left out of the Responses input, as Codex leaves it out")
    func ghostSnapshotLeftOut() throws {
        let items = try RendererTestSupport.items(#"[{"type":"message","role":"user","content":"hi"},{"type":"ghost_snapshot","ghost_commit":{"id":"abc"}}]"#)
        #expect(ResponsesRenderer.render(items).description == #"[{"type":"message","role":"user","content":"hi"}]"#)
        var writer = JSONWriter()
        ResponsesRenderer.write(items, into: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"[{"type":"message","role":"user","content":"hi"}]"#)
    }
}

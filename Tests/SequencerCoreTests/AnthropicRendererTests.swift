import SequencerCore
import Testing

@Suite("AnthropicRenderer")
struct AnthropicRendererTests {
    private func render(_ json: String) throws -> String {
        RendererTestSupport.text(AnthropicRenderer.render(try RendererTestSupport.items(json)))
    }

    @Test("hoists system and developer text, wherever it stands, into system")
    func hoistsSystemText() throws {
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
                == #"{"system":"Be brief.\n\nUse tools.","messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]},{"role":"assistant","content":[{"type":"text","text":"Hello!"}]},{"role":"user","content":[{"type":"text","text":"Next"}]}]}"#
        )
    }

    @Test("merges consecutive messages of one role, across a hoisted system message and skipped reasoning")
    func mergesConsecutiveRoles() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"one"}]},
             {"type":"message","role":"developer","content":[{"type":"input_text","text":"rule"}]},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"two"}]},
             {"type":"reasoning","summary":[{"type":"summary_text","text":"thinking"}],"encrypted_content":"gAAA"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"three"}]},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"a"}]},
             {"type":"web_search_call","status":"completed","action":{"type":"search","query":"swift"}},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"b"}]}]
            """#)
        #expect(
            rendered
                == #"{"system":"rule","messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"},{"type":"text","text":"three"}]},{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}"#
        )
    }

    @Test("renders a call as tool_use and its output as a tool_result before the next user text")
    func callAndOutputThenUserText() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"list"}]},
             {"type":"reasoning","summary":[{"type":"summary_text","text":"Use ls"}]},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Looking."}]},
             {"type":"function_call","id":"fc_1","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":"a.txt"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"thanks"}]}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"list"}]},{"role":"assistant","content":[{"type":"text","text":"Looking."},{"type":"tool_use","id":"call_1","name":"shell","input":{"command":["ls"]}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"a.txt"},{"type":"text","text":"thanks"}]}]}"#
        )
    }

    @Test("puts tool_result blocks first even when a user text was merged in before them")
    func toolResultsComeFirst() throws {
        let rendered = try render(
            #"""
            [{"type":"function_call","name":"read","arguments":"{}","call_id":"call_a"},
             {"type":"function_call","name":"read","arguments":"{}","call_id":"call_b"},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"wait"}]},
             {"type":"function_call_output","call_id":"call_a","output":"A"},
             {"type":"function_call_output","call_id":"call_b","output":"B"}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"(earlier conversation omitted)"}]},{"role":"assistant","content":[{"type":"tool_use","id":"call_a","name":"read","input":{}},{"type":"tool_use","id":"call_b","name":"read","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_a","content":"A"},{"type":"tool_result","tool_use_id":"call_b","content":"B"},{"type":"text","text":"wait"}]}]}"#
        )
    }

    @Test("builds tool_use input objects for every call kind")
    func toolUseInputs() throws {
        let rendered = try render(
            #"""
            [{"type":"function_call","name":"sum","arguments":"[1,2]","call_id":"c1"},
             {"type":"function_call","name":"echo","arguments":"not json","call_id":"c2"},
             {"type":"local_shell_call","call_id":"c3","status":"completed","action":{"type":"exec","command":["ls"],"timeout_ms":null}},
             {"type":"custom_tool_call","call_id":"c4","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"},
             {"type":"function_call_output","call_id":"c1","output":"3"},
             {"type":"function_call_output","call_id":"c2","output":"not json"},
             {"type":"function_call_output","call_id":"c3","output":""},
             {"type":"custom_tool_call_output","call_id":"c4","output":"Done!"}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"(earlier conversation omitted)"}]},{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"sum","input":{"arguments":"[1,2]"}},{"type":"tool_use","id":"c2","name":"echo","input":{"arguments":"not json"}},{"type":"tool_use","id":"c3","name":"shell","input":{"type":"exec","command":["ls"],"timeout_ms":null}},{"type":"tool_use","id":"c4","name":"apply_patch","input":{"input":"*** Begin Patch\n*** End Patch"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"3"},{"type":"tool_result","tool_use_id":"c2","content":"not json"},{"type":"tool_result","tool_use_id":"c3"},{"type":"tool_result","tool_use_id":"c4","content":"Done!"}]}]}"#
        )
    }

    @Test("maps call ids outside [a-zA-Z0-9_-] the same way on tool_use and tool_result")
    func mapsInvalidToolIds() throws {
        let rendered = try render(
            #"""
            [{"type":"function_call","name":"shell","arguments":"{}","call_id":"functions.shell:0"},
             {"type":"function_call","name":"shell","arguments":"{}","call_id":"call_ok-1"},
             {"type":"function_call_output","call_id":"functions.shell:0","output":"x"},
             {"type":"function_call_output","call_id":"call_ok-1","output":"y"}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"(earlier conversation omitted)"}]},{"role":"assistant","content":[{"type":"tool_use","id":"functions_shell_0_94905e79dfdfefb8","name":"shell","input":{}},{"type":"tool_use","id":"call_ok-1","name":"shell","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"functions_shell_0_94905e79dfdfefb8","content":"x"},{"type":"tool_result","tool_use_id":"call_ok-1","content":"y"}]}]}"#
        )
    }

    @Test("maps each non-ASCII scalar to one underscore and appends the FNV-1a hash")
    func toolIdMapping() {
        #expect(AnthropicRenderer.toolID(forCallID: "call_ok-1") == "call_ok-1")
        #expect(AnthropicRenderer.toolID(forCallID: "call é1") == "call__1_a07e9882af19bbb6")
        #expect(AnthropicRenderer.toolID(forCallID: "a.b") != AnthropicRenderer.toolID(forCallID: "a:b"))
    }

    @Test("renders user images as base64 or url sources, and array outputs as content blocks")
    func images() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"Compare"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="},{"type":"input_image","image_url":"https:\/\/example.com\/cat.jpg"}]},
             {"type":"function_call","name":"screenshot","arguments":"{}","call_id":"call_1"},
             {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"Shot:"},{"type":"input_image","image_url":"data:image/jpeg;base64,\/9j\/4AAQ"}]}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"Compare"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"image","source":{"type":"url","url":"https:\/\/example.com\/cat.jpg"}}]},{"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"screenshot","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"Shot:"},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]}]}]}"#
        )
    }

    @Test("reads base64 data: URLs with parameters in any case, and stands [image] for other data: URLs")
    func dataURLs() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":[{"type":"input_image","image_url":"DATA:image/png;name=a.png;Base64,iVBORw0KGgo="},{"type":"input_image","image_url":"data:image/svg+xml,%3Csvg%2F%3E"},{"type":"input_image","image_url":"data:;base64,AAAA"}]}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"text","text":"[image]"},{"type":"text","text":"[image]"}]}]}"#
        )
    }

    @Test("leaves out empty text blocks and the messages they would leave empty")
    func omitsEmptyText() throws {
        let rendered = try render(
            #"""
            [{"type":"message","role":"user","content":""},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":""}]},
             {"type":"function_call","name":"f","arguments":"{\"a\":1}","call_id":"c1"},
             {"type":"function_call_output","call_id":"c1","output":"ok"}]
            """#)
        #expect(
            rendered
                == #"{"messages":[{"role":"user","content":[{"type":"text","text":"(earlier conversation omitted)"}]},{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{"a":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"ok"}]}]}"#
        )
    }
}

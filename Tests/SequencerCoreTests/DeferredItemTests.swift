import Foundation
@testable import SequencerCore
import SequencerTestSupport
import Testing

@Suite("JSONParser.parseRequest: request items kept as their text until read")
struct DeferredItemTests {
    private static func request(items: String) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":1,"method":"session/submit","params":{"session":"s","items":\#(items)}}"#.utf8)
    }

    /// The first item of a request parsed with `parseRequest`.
    private static func firstItem(_ items: String) throws -> JSONObject {
        let value = try JSONParser.parseRequest(request(items: items))
        return try #require(value["params"]?["items"]?.arrayValue?.first?.objectValue)
    }

    @Test("every transcript request parses to an equal value that writes the same bytes")
    func transcriptsParseTheSame() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ProtocolDirectory.transcripts.path)
            .filter { $0.hasSuffix(".in.jsonl") }
        #expect(files.count > 40)
        var deferredItems = 0
        for file in files {
            // Bytes, not a String: some transcripts hold invalid UTF-8 on purpose.
            let text = try [UInt8](Data(contentsOf: ProtocolDirectory.transcripts.appendingPathComponent(file)))
            for line in text.split(separator: UInt8(ascii: "\n")) {
                let bytes = Array(line)
                let built = Result { () throws(JSONParseError) in try JSONParser.parse(bytes) }
                let deferred = Result { () throws(JSONParseError) in try JSONParser.parseRequest(bytes) }
                switch (built, deferred) {
                case (.success(let value), .success(let other)):
                    #expect(value == other, "\(file): \(String(decoding: line, as: UTF8.self))")
                    #expect(value.serialized == other.serialized, "\(file): \(String(decoding: line, as: UTF8.self))")
                    #expect(value.serializedCount == other.serializedCount, "\(file): \(String(decoding: line, as: UTF8.self))")
                    deferredItems += other["params"]?["items"]?.arrayValue?.filter { $0.objectValue?.isDeferred == true }.count ?? 0
                default:
                    #expect(built == deferred, "\(file): \(String(decoding: line, as: UTF8.self))")
                }
            }
        }
        #expect(deferredItems > 100)
    }

    @Test("an item is kept as its text: each member read is built alone, removing members keeps the rest text")
    func itemsAreText() throws {
        let item = try DeferredItemTests.firstItem(#"[{"type":"local_shell_call","id":"x","call_id":"c1","action":{"type":"exec","command":["ls"]},"n":1.50,"ok":true,"no":null}]"#)
        #expect(item.isDeferred)
        #expect(item.count == 7)
        #expect((0..<item.count).map(item.typeName(at:)) == ["string", "string", "string", "object", "number", "boolean", "null"])
        #expect(item["call_id"] == "c1")
        #expect(item["n"]?.numberValue?.text == "1.50")
        #expect(item["action"] == ["type": "exec", "command": ["ls"]])
        #expect(item["ok"] == true && item["no"] == .null && item["missing"] == nil)
        #expect(item.contains("ok") && !item.contains("o"))
        // Removing members (a Responses rendering leaves out the server `id`) keeps the rest text.
        var stripped = item
        stripped["id"] = nil
        stripped["no"] = nil
        #expect(stripped.isDeferred)
        #expect(String(decoding: JSONValue.object(stripped).serialized, as: UTF8.self)
            == #"{"type":"local_shell_call","call_id":"c1","action":{"type":"exec","command":["ls"]},"n":1.50,"ok":true}"#)
        #expect(JSONValue.object(stripped).serializedCount == JSONValue.object(stripped).serialized.count)
        // Any other change builds the object, with the same members.
        var changed = item
        changed["type"] = "other"
        #expect(!changed.isDeferred)
        #expect(String(decoding: JSONValue.object(changed).serialized, as: UTF8.self)
            == #"{"type":"other","id":"x","call_id":"c1","action":{"type":"exec","command":["ls"]},"n":1.50,"ok":true,"no":null}"#)
        var rebuilt = item
        rebuilt.members.removeLast()
        #expect(!rebuilt.isDeferred)
        #expect(rebuilt["action"]?["command"] == ["ls"])
        #expect(rebuilt.count == 6)
    }

    @Test("the items of a batch, and only the items, are deferred")
    func onlyItemsAreDeferred() throws {
        let batch = Array(#"[{"jsonrpc":"2.0","id":1,"method":"sequence","params":{"items":[{"type":"message","role":"user","content":[]}],"callKinds":[{"type":"x"}]}}]"#.utf8)
        let value = try JSONParser.parseRequest(batch)
        let params = try #require(value.arrayValue?.first?["params"]?.objectValue)
        #expect(!params.isDeferred)
        #expect(params["items"]?.arrayValue?.first?.objectValue?.isDeferred == true)
        #expect(params["callKinds"]?.arrayValue?.first?.objectValue?.isDeferred == false)
    }

    @Test("an item with whitespace inside is built, so that writing it stays compact")
    func whitespaceIsBuilt() throws {
        let item = try DeferredItemTests.firstItem(#"[{"type":"message", "role":"user","content":[ {"type":"input_text","text":"hi"} ]}]"#)
        #expect(!item.isDeferred)
        #expect(String(decoding: JSONValue.object(item).serialized, as: UTF8.self)
            == #"{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}"#)
        // Whitespace around the items, outside them, does not matter.
        let spaced = try DeferredItemTests.firstItem(#"[ {"type":"message","role":"user","content":"hi"} ]"#)
        #expect(spaced.isDeferred)
    }

    @Test("deferred and built objects are equal by value, whatever escapes spell their text")
    func equalityByValue() throws {
        let deferred = try DeferredItemTests.firstItem(#"[{"type":"x","content":["\u0041"]}]"#)
        let built: JSONValue = ["type": "x", "content": ["A"]]
        #expect(JSONValue.object(deferred) == built)
        #expect(built == JSONValue.object(deferred))
        let other = try DeferredItemTests.firstItem(#"[{"type":"x","content":["B"]}]"#)
        #expect(deferred != other)
    }

    @Test("an error inside a deferred value is the error parse reports, at the same offset", arguments: [
        #"[{"type":"x","content":[1,]}]"#, #"[{"type":"x","content":{"a" 1}}]"#, #"[{"type":"x","content":["\x"]}]"#,
        #"[{"type":"x","content":[01]}]"#, #"[{"type":"x","content":[tru]}]"#, #"[{"type":"x","content":[[[[["#,
        #"[{"type":"x","content":{"a":"\uD800"}}]"#, #"[{"type":"x","content":[1] "#,
    ])
    func sameErrors(_ items: String) {
        let text = DeferredItemTests.request(items: items)
        let built = Result { () throws(JSONParseError) in try JSONParser.parse(text) }
        let deferred = Result { () throws(JSONParseError) in try JSONParser.parseRequest(text) }
        guard case .failure = built else {
            Issue.record("\(items) parsed")
            return
        }
        #expect(built == deferred)
    }

    @Test("the depth limit counts deferred values as it counts built ones")
    func depthLimit() {
        // The item's `content` is at depth 5: request, params, items, item, content.
        for depth in 5...8 {
            let nesting = String(repeating: "[", count: depth - 4) + String(repeating: "]", count: depth - 4)
            let text = DeferredItemTests.request(items: #"[{"type":"x","content":\#(nesting)}]"#)
            for limit in (depth - 1)...depth {
                let built = Result { () throws(JSONParseError) in try JSONParser.parse(text, maxDepth: limit) }
                let deferred = Result { () throws(JSONParseError) in try JSONParser.parseRequest(text, maxDepth: limit) }
                #expect(built == deferred, "depth \(depth), limit \(limit)")
            }
        }
    }
}

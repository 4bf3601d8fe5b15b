// libFuzzer target: arbitrary bytes as the stdin of the sidecar, through `LineFramer` and a
// fresh `Server` per input. Built by `Tests/Fuzz/build.sh` in one module with the SequencerRPC sources
// (SequencerCore is imported), so it sees the server's internal state.
//
// The input is split into lines as the executable splits stdin (so a seed can be a whole
// transcript: open a session, submit, cancel, ...), and every event is handled by one server with
// small limits (`limits` below), one millisecond apart. Checks:
// 1. Framing: the events are the same whether the bytes arrive whole or in small chunks, and they
//    are exactly what splitting on `\n` gives (one trailing `\r` removed, blank lines skipped,
//    lines over the limit reported as `tooLong` with their length).
// 2. Every event is answered with one line or nil: no `\n` or `\r` in the answer.
// 3. Every answer parses as JSON. A single answer is a response object: `"jsonrpc":"2.0"`, an
//    `id`, and exactly one of `result` and `error`; an error has an integer `code` and a string
//    `message`. A batch answer is a non-empty array of such objects, no longer than the batch.
// 4. A request line whose `id` is a string or a number is answered with that same `id`.
// 5. No answer (nil) only for a notification, or a batch of objects none of which has an `id`.
// 6. The server never keeps more sessions than its limit.
// 7. The arrays the server hands out are valid: the `messages` of a successful `sequence`, and of
//    a successful `session/messages` (in the format asked for, or the session's), have no error
//    under `Validator.validate` for their format.
import SequencerCore

private let limits = ServerLimits(maxLineBytes: 4096, maxDepth: 32, maxSessions: 4)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // 1. Framing.
    var whole = LineFramer(maxLineBytes: limits.maxLineBytes)
    let events = whole.append(bytes[...]) + whole.finish()
    var chunked = LineFramer(maxLineBytes: limits.maxLineBytes)
    var chunkedEvents: [LineFramer.Event] = []
    var start = 0
    var chunkSize = 1
    while start < size {
        let end = min(size, start + chunkSize)
        chunkedEvents += chunked.append(bytes[start..<end])
        start = end
        chunkSize = chunkSize % 7 + 1
    }
    chunkedEvents += chunked.finish()
    fuzzCheck(events == chunkedEvents, "chunked framing differs: \(describe(events)) vs \(describe(chunkedEvents))")
    let expected = expectedEvents(bytes, maxLineBytes: limits.maxLineBytes)
    fuzzCheck(events == expected, "framing differs from splitting on newlines: \(describe(events)) vs \(describe(expected))")

    // 2 to 6.
    var server = Server(limits: limits)
    for (index, event) in events.enumerated() {
        let asked = messagesAsked(by: event, server)
        let answer = server.handle(event, at: UInt64(index) * 1_000_000)
        check(answer: answer, to: event)
        if let asked, let answer { checkMessages(answer, format: asked.format, options: asked.options) }
        fuzzCheck(server.sessions.count <= limits.maxSessions, "\(server.sessions.count) sessions open, over the limit \(limits.maxSessions)")
    }
    return 0
}

/// For a line holding one `sequence` or `session/messages` request, the format its `messages`
/// will be in, and the render options it asked for (a Chat `reasoning` other than `omit` puts a
/// member on assistant messages that the validator then accepts, as `validate` does with the
/// same param); `nil` for anything else.
private func messagesAsked(by event: LineFramer.Event, _ server: Server) -> (format: Format, options: RenderOptions)? {
    guard case .line(let line) = event, let request = try? JSONParser.parse(line, maxDepth: limits.maxDepth),
        let method = request["method"]?.stringValue
    else { return nil }
    let params = request["params"]
    let asked = params?["format"]?.stringValue.flatMap(Format.init(rawValue:))
    let reasoning = params?["reasoning"]?.stringValue.flatMap(RenderOptions.ChatReasoning.init(rawValue:)) ?? .omit
    let options = RenderOptions(reasoning: reasoning)
    switch method {
    case "sequence":
        return (asked ?? .responses, options)
    case "session/messages":
        guard let id = params?["session"]?.stringValue, let record = server.sessions[id] else { return nil }
        return (asked ?? record.format, options)
    default:
        return nil
    }
}

/// 7. The `messages` of a successful answer have no error for `format` (with the render options
/// asked for), but `unknown_parameter`: a member the host put in its item, which a Responses
/// rendering carries as it came (protocol/README.md) and the validator reports as the API would.
private func checkMessages(_ answer: [UInt8], format: Format, options: RenderOptions) {
    guard let value = try? JSONParser.parse(answer, maxDepth: Int.max), let messages = value["result"]?["messages"] else { return }
    let errors = Validator.validate(messages, format: format, options: options)
        .filter { $0.severity == .error && $0.code.rawValue != "unknown_parameter" }
    fuzzCheck(errors.isEmpty, "messages handed out as \(format) have errors: \(errors.map { "\($0.code.rawValue) at \($0.index): \($0.message)" })\n\(String(decoding: answer, as: UTF8.self))")
}

/// What splitting `bytes` on `\n` gives, by the framer's documented rules.
private func expectedEvents(_ bytes: [UInt8], maxLineBytes: Int) -> [LineFramer.Event] {
    var events: [LineFramer.Event] = []
    let segments = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for segment in segments {
        var line = Array(segment)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.count > maxLineBytes {
            events.append(.tooLong(length: line.count))
        } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            events.append(.line(line))
        }
    }
    return events
}

private func describe(_ events: [LineFramer.Event]) -> String {
    events.map { event in
        switch event {
        case .line(let line): "line(\(line.count) bytes)"
        case .tooLong(let length): "tooLong(\(length))"
        }
    }.joined(separator: ", ")
}

private func check(answer: [UInt8]?, to event: LineFramer.Event) {
    var request: JSONValue?
    if case .line(let line) = event {
        request = try? JSONParser.parse(line, maxDepth: limits.maxDepth)
    }
    guard let answer else {
        // 5.
        let lineText: String
        if case .line(let line) = event { lineText = String(decoding: line, as: UTF8.self) } else { lineText = "(too long)" }
        switch request {
        case .object(let object)?:
            fuzzCheck(!object.contains("id"), "no answer to a request with an id: \(lineText)")
        case .array(let elements)? where !elements.isEmpty:
            for element in elements {
                guard case .object(let object) = element, !object.contains("id") else {
                    fuzzCheck(false, "no answer to a batch holding a request with an id or a non-object: \(lineText)")
                    return
                }
            }
        default:
            fuzzCheck(false, "no answer to a line that is not a notification: \(lineText)")
        }
        return
    }
    let text = String(decoding: answer, as: UTF8.self)
    // 2.
    fuzzCheck(!answer.contains(0x0A) && !answer.contains(0x0D), "the answer is not one line: \(text)")
    // 3.
    let value: JSONValue
    do {
        value = try JSONParser.parse(answer, maxDepth: Int.max)
    } catch {
        fuzzCheck(false, "the answer is not JSON (\(error.message)): \(text)")
        return
    }
    // An empty batch is answered with one error object, as JSON-RPC 2.0 requires.
    if case .array(let responses)? = request, !responses.isEmpty {
        guard case .array(let answers) = value else {
            fuzzCheck(false, "a batch is not answered with an array: \(text)")
            return
        }
        fuzzCheck(!answers.isEmpty && answers.count <= responses.count, "a batch of \(responses.count) got \(answers.count) answers: \(text)")
        for element in answers { checkResponse(element, text) }
        return
    }
    checkResponse(value, text)
    // 4.
    if case .object(let object)? = request, let id = object["id"] {
        switch id {
        case .string, .number:
            fuzzCheck(value["id"]?.serialized == id.serialized, "the answer does not echo the id \(id): \(text)")
        default:
            break
        }
    }
}

private func checkResponse(_ value: JSONValue, _ text: String) {
    guard case .object(let object) = value else {
        fuzzCheck(false, "a response is not an object: \(text)")
        return
    }
    fuzzCheck(object["jsonrpc"]?.jsonString?.equals("2.0") == true, "a response has no \"jsonrpc\":\"2.0\": \(text)")
    fuzzCheck(object.contains("id"), "a response has no id: \(text)")
    fuzzCheck(object.contains("result") != object.contains("error"), "a response needs exactly one of result and error: \(text)")
    if let error = object["error"] {
        fuzzCheck(error["code"]?.numberValue?.intValue != nil, "an error has no integer code: \(text)")
        fuzzCheck(error["message"]?.stringValue != nil, "an error has no string message: \(text)")
    }
}

/// A seeded maker of the requests a host sends to sessions, for the tests that compare two
/// servers (or a server and its restored self) fed the same requests: opens (named and not, with
/// options), submits of random items (calls of several kinds whose ids repeat, outputs before and
/// after their calls, duplicates, conflicts, values that are not items), cancels, rewinds (to
/// revisions that are and are not commit boundaries), replaces, closes, views, and some requests
/// that fail.
///
/// Everything comes from ``random``: the same seed gives the same requests for the same open
/// sessions. Callers that add requests of their own (imports of exported sessions, which need a
/// server to export from) draw their choices from ``random`` too.
package struct SessionRequestMaker {
    /// The generator every choice is drawn from.
    package var random: SplitMix64
    private var serial = 0
    private var submits: [String: Int] = [:]

    /// A maker whose requests are fixed by `seed`.
    package init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// The number of requests made so far (those counted with ``countRequest()`` included).
    package var count: Int { serial }

    /// Counts a request the caller makes itself, and returns its number (its id, when the
    /// caller numbers requests from 1), so that ``count`` and the serials in names stay unique.
    package mutating func countRequest() -> Int {
        serial += 1
        return serial
    }

    /// The method and params of the next request, for a server whose open sessions are `open`.
    /// - Parameters:
    ///   - opens: Whether `session/open` may be made (the ids a server makes for unnamed
    ///     sessions depend on its past, which two servers may not share).
    ///   - large: Whether a submit carries 50 to 449 items rather than 1 to 4, and every request
    ///     to a session is a submit.
    ///   - closeAfter: Close a session once this many requests have gone to it, and any session
    ///     when more than `maxOpen` are open, so that each check of every session stays quick.
    package mutating func request(
        open: [String], opens: Bool = true, large: Bool = false, closeAfter: Int = .max, maxOpen: Int = .max
    ) -> (method: String, params: String) {
        serial += 1
        let roll = opens ? random.below(100) : 8 + random.below(92)
        guard let session = open.isEmpty ? nil : random.pick(open), roll >= 8 else {
            let options = random.pick(["", #","options":{"format":"chat"}"#, #","options":{"syntheticOutputs":{"interrupted":"stopped"}}"#])
            return random.below(2) == 0 ? ("session/open", #"{"session":"n\#(serial)"\#(options)}"#) : ("session/open", "{\(options.dropFirst())}")
        }
        submits[session, default: 0] += 1
        if submits[session, default: 0] > closeAfter || open.count > maxOpen {
            submits[session] = nil
            return ("session/close", #"{"session":"\#(session)"}"#)
        }
        if large || roll < 70 {
            let count = large ? 50 + random.below(400) : 1 + random.below(4)
            let items = (0..<count).map { _ in item() }.joined(separator: ",")
            return ("session/submit", #"{"session":"\#(session)","items":[\#(items)]}"#)
        }
        switch roll {
        case ..<82:
            let reason = random.pick(["", #","reason":"failed""#, #","reason":"timeout""#])
            let callIds = random.below(2) == 0 ? "" : #","callIds":["c\#(random.below(8))","c\#(random.below(8))"]"#
            return ("session/cancel", #"{"session":"\#(session)"\#(callIds)\#(reason)}"#)
        case ..<85:
            submits[session] = nil
            return ("session/close", #"{"session":"\#(session)"}"#)
        case ..<87:
            return ("session/rewind", #"{"session":"\#(session)","revision":\#(random.below(12))}"#)
        case ..<88:
            let items = (0..<(1 + random.below(3))).map { _ in item() }.joined(separator: ",")
            return ("session/replace", #"{"session":"\#(session)","items":[\#(items)]}"#)
        case ..<90:
            return random.pick([
                ("session/submit", #"{"session":"nope","items":[]}"#),
                ("session/submit", #"{"session":"\#(session)","items":{}}"#),
                ("session/cancel", #"{"session":"\#(session)","reason":"lost"}"#),
                ("session/open", #"{"session":"\#(session)"}"#),
                ("session/open", #"{"session":"\#(session)","options":7}"#),
                ("session/close", #"{"session":"nope"}"#),
            ])
        default:
            return (random.pick(["session/state", "session/messages"]), #"{"session":"\#(session)"}"#)
        }
    }

    /// One random item (or, rarely, a value that is not one), as JSON text. Call ids are drawn
    /// from eight, so calls and outputs meet, repeat and conflict.
    package mutating func item() -> String {
        let callId = "c\(random.below(8))"
        switch random.below(100) {
        case ..<18: return #"{"type":"message","role":"user","content":"u\#(serial)"}"#
        case ..<26: return #"{"type":"message","role":"assistant","content":[{"type":"output_text","text":"a\#(serial)"}]}"#
        case ..<32: return #"{"type":"reasoning","id":"r\#(serial)","summary":[]}"#
        case ..<50: return #"{"type":"function_call","call_id":"\#(callId)","name":"f","arguments":"{}"}"#
        case ..<56: return #"{"type":"custom_tool_call","call_id":"\#(callId)","name":"g","input":"x"}"#
        case ..<60:
            return #"{"type":"local_shell_call","call_id":"\#(callId)","status":"in_progress","action":{"type":"exec","command":["ls"]}}"#
        case ..<62: return #"{"type":"shell_call","call_id":"\#(callId)","action":{"commands":["make"]}}"#
        case ..<63: return #"{"type":"computer_call","call_id":"\#(callId)","action":{"type":"wait"},"pending_safety_checks":[]}"#
        case ..<86: return #"{"type":"function_call_output","call_id":"\#(callId)","output":"o\#(random.below(2))"}"#
        case ..<88: return #"{"type":"shell_call_output","call_id":"\#(callId)","output":[{"stdout":"ok","stderr":"","outcome":{"type":"exit","exit_code":0}}]}"#
        case ..<94: return #"{"type":"custom_tool_call_output","call_id":"\#(callId)","output":"o"}"#
        case ..<97: return "42"
        default: return #"{"call_id":"\#(callId)"}"#
        }
    }

    /// A JSON-RPC request line (no `\n`) for `method` with `params` and id `id`.
    package static func line(id: Int, _ method: String, _ params: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }
}

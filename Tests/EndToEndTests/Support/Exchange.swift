import SequencerCore

/// A response line's message paired with the request it answers.
///
/// Responses are matched to requests by id, in order: a response whose `id` is not null answers
/// the earliest request not yet answered whose `id` has the same JSON text. A result with a
/// null `id` answers the earliest unanswered request whose `id` is null. An error with a null
/// `id` answers no request here: it may answer a line that is not a request at all (a parse
/// error, an invalid request, an over-long line).
struct Exchange {
    /// The response (one element of a batch answer, or a whole line).
    let response: JSONValue
    /// The index of the output line it is on.
    let outputLine: Int
    /// The request it answers, if it answers one.
    let request: Request?

    /// A request found in the input: an object with a string `method` and an `id` member.
    struct Request {
        /// The request object.
        let message: JSONValue
        /// The index of the input line it is on.
        let inputLine: Int
        /// The method.
        let method: String
        /// The JSON text of its `id`.
        let idText: String
    }

    /// The requests (with an `id` that is a string, a number or null) in `lines`, in order;
    /// lines that are not JSON are skipped.
    static func requests(in lines: [ArraySlice<UInt8>]) -> [Request] {
        var requests: [Request] = []
        for (index, line) in lines.enumerated() {
            guard let value = try? JSONParser.parse(line) else { continue }
            let messages = value.arrayValue ?? [value]
            for message in messages {
                guard let object = message.objectValue, object.contains("id"), let id = object["id"],
                      let method = object["method"]?.stringValue
                else { continue }
                switch id {
                case .string, .number, .null:
                    requests.append(Request(message: message, inputLine: index, method: method, idText: id.description))
                default:
                    continue
                }
            }
        }
        return requests
    }

    /// Pairs every response in `outputLines` with the request it answers in `inputLines`.
    /// - Throws: ``Unparsable`` naming the first output line that is not JSON.
    static func pair(inputLines: [ArraySlice<UInt8>], outputLines: [ArraySlice<UInt8>]) throws -> [Exchange] {
        let requests = requests(in: inputLines)
        var answered = [Bool](repeating: false, count: requests.count)
        var exchanges: [Exchange] = []
        for (lineIndex, line) in outputLines.enumerated() {
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                throw Unparsable(line: lineIndex, reason: error.message)
            }
            for response in value.arrayValue ?? [value] {
                let id = response["id"] ?? .null
                let isResult = response.objectValue?.contains("result") ?? false
                var match: Int?
                if !id.isNull || isResult {
                    let idText = id.description
                    match = requests.indices.first { !answered[$0] && requests[$0].idText == idText }
                }
                if let match { answered[match] = true }
                exchanges.append(Exchange(response: response, outputLine: lineIndex, request: match.map { requests[$0] }))
            }
        }
        return exchanges
    }

    /// An output line that is not JSON.
    struct Unparsable: Error, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "output line \(line + 1) is not JSON: \(reason)" }
    }
}

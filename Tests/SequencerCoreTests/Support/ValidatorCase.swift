import SequencerCore
import Testing

/// One row of a validator's table: the scenario in a sentence, the request or input as JSON
/// text, and exactly the problems expected, in order.
struct ValidatorCase: Sendable, CustomTestStringConvertible {
    /// What the row shows, as a test name would say it.
    let scenario: String
    /// The request (Anthropic, Gemini) or the array (Responses, Chat), as JSON text.
    let json: String
    /// Every problem expected, in order.
    let expected: [Problem]

    init(_ scenario: String, _ json: String, _ expected: [Problem]) {
        self.scenario = scenario
        self.json = json
        self.expected = expected
    }

    var testDescription: String { scenario }

    /// The problems `Validator` finds in ``json`` read in `format`, less those whose code is in
    /// `leavingOut`.
    func problems(in format: Format, leavingOut: Set<ProblemCode> = []) throws -> [Problem] {
        Validator.validate(try JSONParser.parse(json), format: format).filter { !leavingOut.contains($0.code) }
    }
}

extension Problem {
    /// An error `code` at `index`, naming `callId`, with `message`.
    static func error(_ code: ProblemCode, _ index: Int, _ callId: String?, _ message: String) -> Problem {
        Problem(code: code, severity: .error, index: index, callId: callId, message: message)
    }

    /// An error `code` at `index`, naming no call, with `message`.
    static func error(_ code: ProblemCode, _ index: Int, _ message: String) -> Problem {
        Problem(code: code, severity: .error, index: index, callId: nil, message: message)
    }

    /// A warning `code` at `index`, naming `callId`, with `message`.
    static func warning(_ code: ProblemCode, _ index: Int, _ callId: String?, _ message: String) -> Problem {
        Problem(code: code, severity: .warning, index: index, callId: callId, message: message)
    }
}

/// The problems a validator finds, handed out in the order ``Validator`` promises.
struct ProblemList {
    private var problems: [Problem] = []

    /// Records a problem the API rejects; `message` must be the API's own text.
    mutating func error(_ code: ProblemCode, at index: Int, callId: String? = nil, _ message: String) {
        problems.append(Problem(code: code, severity: .error, index: index, callId: callId, message: message))
    }

    /// Records a problem the API accepts but our order forbids.
    mutating func warning(_ code: ProblemCode, at index: Int, callId: String? = nil, _ message: String) {
        problems.append(Problem(code: code, severity: .warning, index: index, callId: callId, message: message))
    }

    /// The problems by index; at one index errors before warnings; otherwise in the order recorded.
    var sorted: [Problem] {
        problems.enumerated()
            .sorted { lhs, rhs in
                (lhs.element.index, rank(lhs.element.severity), lhs.offset)
                    < (rhs.element.index, rank(rhs.element.severity), rhs.offset)
            }
            .map(\.element)
    }

    private func rank(_ severity: Problem.Severity) -> Int {
        severity == .error ? 0 : 1
    }
}

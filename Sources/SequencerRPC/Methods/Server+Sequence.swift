import SequencerCore

extension Server {
    /// `sequence`: the one-shot sequencer over a whole history.
    mutating func sequence(_ params: Params, into writer: inout JSONWriter) throws(ServerError) {
        let items = try params.requiredArray("items")
        let format = try params.choice("format", among: Format.self) ?? .responses
        let policy = try params.choice("missingOutput", among: MissingOutputPolicy.self) ?? .synthesize
        let texts = try Params.syntheticOutputs(params.object("syntheticOutputs"), path: "params.syntheticOutputs")
        let result = Sequencer.sequence(items, options: .init(missingOutput: policy, syntheticOutputs: texts))
        if !result.problems.isEmpty {
            throw .unansweredCalls(result.problems)
        }
        writer.raw(#"{"messages":"#)
        Renderer.write(result.items, as: format, into: &writer)
        writer.raw(#","repairs":"#)
        writer.write(result.repairs.map(\.json))
        writer.raw("}")
    }

    /// `validate`: checks an array (or request body) in one format.
    mutating func validate(_ params: Params, into writer: inout JSONWriter) throws(ServerError) {
        guard let format = try params.choice("format", among: Format.self) else { throw .missingParam(path: "params.format") }
        let messages = try params.required("messages")
        let problems = Validator.validate(messages, format: format)
        writer.raw(#"{"valid":"#)
        writer.raw(problems.contains { $0.severity == .error } ? "false" : "true")
        writer.raw(#","problems":"#)
        writer.write(problems.map(\.json))
        writer.raw("}")
    }
}

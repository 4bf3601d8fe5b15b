import SequencerCore

extension Server {
    /// `sequence`: the one-shot sequencer over a whole history.
    mutating func sequence(_ params: Params) throws(ServerError) -> SequenceResult {
        let items = try params.requiredArray("items")
        let format = try params.choice("format", among: Format.self) ?? .responses
        let policy = try params.choice("missingOutput", among: MissingOutputPolicy.self) ?? .synthesize
        let texts = try params.syntheticOutputs("syntheticOutputs")
        let options = try params.renderOptions()
        let result = Sequencer.sequence(items, options: .init(missingOutput: policy, syntheticOutputs: texts, kinds: kinds))
        if !result.problems.isEmpty {
            throw .unansweredCalls(result.problems)
        }
        return SequenceResult(
            messages: RenderedItems(items: result.items, format: format, options: options), repairs: result.repairs.map(\.json),
            warnings: result.warnings.map { $0.json(base: 0) })
    }

    /// `validate`: checks an array (or request body) in one format.
    mutating func validate(_ params: Params) throws(ServerError) -> ValidateResult {
        guard let format = try params.choice("format", among: Format.self) else { throw .missingParam(path: "params.format") }
        let messages = try params.required("messages")
        let reasoning = try params.choice("reasoning", among: RenderOptions.ChatReasoning.self) ?? .omit
        let problems = Validator.validate(messages, format: format, kinds: kinds, options: RenderOptions(reasoning: reasoning))
        return ValidateResult(valid: !problems.contains { $0.severity == .error }, problems: problems.map(\.json))
    }
}

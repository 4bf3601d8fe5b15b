// MARK: - Content as the renderers read it

extension Item {
    /// The parts of a message's `content` (a plain string is one text part).
    var contentParts: [ContentPart] {
        ContentPart.parts(of: json["content"])
    }

    /// The texts of a message's `content`, in order; image and unknown parts are left out.
    var contentTexts: [JSONString] {
        contentParts.compactMap(\.text)
    }

    /// The parts of an output's `output` (a plain string is one text part).
    var outputParts: [ContentPart] {
        ContentPart.parts(of: json["output"])
    }

    /// An output's text for providers whose tool results hold text only.
    ///
    /// A string output is returned as it is; an array output has its text parts joined with
    /// `"\n"`, each image standing as ``ContentPart/imagePlaceholder(url:)``.
    var outputText: JSONString {
        if case .string(let text)? = json["output"] { return text }
        return .joined(outputParts.map(\.textOrPlaceholder), separator: "\n")
    }

    /// A reasoning item's readable texts: the `summary` texts, or, when there are none, the
    /// `content` texts (`reasoning_text`). Encrypted content is never read.
    var reasoningTexts: [JSONString] {
        let summary = Item.texts(in: json["summary"])
        return summary.isEmpty ? Item.texts(in: json["content"]) : summary
    }

    /// The `text` strings of the objects in `value`, if it is an array.
    private static func texts(in value: JSONValue?) -> [JSONString] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { $0["text"]?.jsonString }
    }
}

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

    /// What an output answers with, read by its type's ``OutputRendering``: a text, or content
    /// parts (an array `output`, a screenshot).
    var outputContent: OutputContent {
        switch OutputRendering.of(type: type, object: json) {
        case .output:
            if case .string(let text)? = json["output"] { return .text(text) }
            return .parts(ContentPart.parts(of: json["output"]))
        case .shellEntries:
            var lines: [JSONString.Piece] = []
            for entry in json["output"]?.arrayValue ?? [] {
                for stream in ["stdout", "stderr"] {
                    if let text = entry[stream]?.jsonString, !text.escaped.isEmpty { lines.append(.json(text)) }
                }
                switch entry["outcome"]?["type"]?.stringValue {
                case "exit": lines.append(.text("exit code \(entry["outcome"]?["exit_code"]?.numberValue?.text ?? "?")"))
                case "timeout": lines.append(.text("timed out"))
                default: break
                }
            }
            return .text(.concatenated(lines, separator: "\n"))
        case .statusAndOutput:
            let status = json["status"]?.jsonString ?? JSONString("")
            guard let output = json["output"]?.jsonString, !output.escaped.isEmpty else { return .text(status) }
            return .text(.concatenated([.json(status), .text(": "), .json(output)]))
        case .screenshot:
            guard let url = json["output"]?["image_url"]?.jsonString else { return .parts([]) }
            return .parts([.image(url: url, detail: nil)])
        case .stringMember(let member):
            return .text(json[member]?.jsonString ?? JSONString(""))
        case .remainingMembers:
            let keyMember = outputKind?.keyMember ?? "call_id"
            let rest = JSONObject(json.members.filter { member in
                !(member.key.equals("type") || member.key.equals("id") || member.key.equals(keyMember))
            })
            return .text(JSONString(serializing: .object(rest)))
        }
    }

    /// An output's text for providers whose tool results hold text only: a text as it is;
    /// parts with their texts joined with `"\n"`, each image standing as
    /// ``ContentPart/imagePlaceholder(url:)``.
    var outputText: JSONString {
        switch outputContent {
        case .text(let text): text
        case .parts(let parts): .joined(parts.map(\.textOrPlaceholder), separator: "\n")
        }
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

/// What an output answers with, as the renderers read it.
enum OutputContent {
    /// A text.
    case text(JSONString)
    /// Content parts (texts and images).
    case parts([ContentPart])
}

extension OutputRendering {
    /// How an output of `type` reads: a built-in type's own way, as the table of kinds says
    /// (``CallKindTable/builtIn``); an output that reads its `output` (any other type too, such
    /// as a declared kind's) reads it when that is a string or an array, and its other members
    /// otherwise.
    static func of(type: String, object: JSONObject) -> OutputRendering {
        if let rendering = CallKindTable.builtIn.outputRow(type)?.rendering, rendering != .output { return rendering }
        switch object["output"] {
        case .string?, .array?: return .output
        default: return .remainingMembers
        }
    }
}

/// One part of a message's or a tool output's content, as the renderers read it.
///
/// Text parts are `input_text`, `output_text` and `text`; image parts are `input_image` (and
/// Chat's `image_url`) whose `image_url` is a string or an object with a string `url`. Every
/// other part type (`refusal`, `input_file`, newer ones) is left out of every rendering.
enum ContentPart: Sendable, Equatable {
    /// Text, still in its escaped form.
    case text(JSONString)
    /// An image by URL (an `https:` URL or a `data:` URL), with its `detail` when one is given.
    case image(url: JSONString, detail: JSONString?)

    /// The parts of a `content` or `output` member: a plain string is one text part, an array is
    /// read part by part, anything else (or nothing) has no parts.
    static func parts(of content: JSONValue?) -> [ContentPart] {
        switch content {
        case .string(let text)?: [.text(text)]
        case .array(let elements)?: elements.compactMap(ContentPart.init(part:))
        default: []
        }
    }

    /// The part `value` describes, or `nil` for a part type no renderer uses.
    init?(part value: JSONValue) {
        guard case .object(let part) = value, let type = part["type"]?.jsonString else { return nil }
        if type.equals("input_text") || type.equals("output_text") || type.equals("text") {
            guard let text = part["text"]?.jsonString else { return nil }
            self = .text(text)
        } else if type.equals("input_image") || type.equals("image_url") {
            let image = part["image_url"]
            guard let url = image?.jsonString ?? image?["url"]?.jsonString else { return nil }
            self = .image(url: url, detail: part["detail"]?.jsonString ?? image?["detail"]?.jsonString)
        } else {
            return nil
        }
    }

    /// The text that stands for an image where the provider takes text only (Chat tool
    /// messages, Gemini function responses): `[image: <url>]`, or `[image]` for a `data:` URL,
    /// so that no base64 payload is pasted into the text.
    static func imagePlaceholder(url: JSONString) -> JSONString {
        if DataURL.hasDataScheme(url) { return JSONString("[image]") }
        return .concatenated([.text("[image: "), .json(url), .text("]")])
    }

    /// The text, if this is a text part.
    var text: JSONString? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// Whether this is an image part.
    var isImage: Bool {
        if case .image = self { return true }
        return false
    }

    /// The text of this part for a text-only destination: the text itself, or the image placeholder.
    var textOrPlaceholder: JSONString {
        switch self {
        case .text(let text): text
        case .image(let url, _): ContentPart.imagePlaceholder(url: url)
        }
    }
}

/// A `data:<media type>[;parameters];base64,<data>` URL, split into its media type and data.
///
/// Both parts share the storage of the URL they came from when it holds no escapes.
struct DataURL: Sendable, Equatable {
    /// The media type, such as `image/png`.
    let mediaType: JSONString
    /// The base64 data, exactly as it stood after the comma.
    let data: JSONString

    /// The parts of `url`, or `nil` if it is not a base64 `data:` URL with a media type.
    init?(_ url: JSONString) {
        let bytes = DataURL.canonical(url)
        guard DataURL.hasDataScheme(bytes), let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else { return nil }
        let header = bytes[(bytes.startIndex + 5)..<comma]
        let parameters = header.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard parameters.count >= 2, let mediaType = parameters.first, !mediaType.isEmpty,
            let last = parameters.last, DataURL.equalsIgnoringCase(last, "base64")
        else { return nil }
        self.mediaType = JSONString(validatedEscaped: mediaType)
        self.data = JSONString(validatedEscaped: bytes[(comma + 1)...])
    }

    /// Whether `url` starts with `data:` (in any case).
    static func hasDataScheme(_ url: JSONString) -> Bool {
        hasDataScheme(canonical(url))
    }

    private static func hasDataScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.count >= 5 && equalsIgnoringCase(bytes.prefix(5), "data:")
    }

    /// The escaped body with only the escapes JSON requires, so that ASCII punctuation can be
    /// found as itself (a writer may have sent `/` as `\/`).
    private static func canonical(_ url: JSONString) -> ArraySlice<UInt8> {
        guard url.hasEscapes else { return url.escaped }
        var bytes: [UInt8] = []
        JSONEscaping.appendEscaped(url.utf8, to: &bytes)
        return bytes[...]
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ ascii: StaticString) -> Bool {
        guard bytes.count == ascii.utf8CodeUnitCount else { return false }
        return ascii.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { actual, wanted in
                let lowered = actual >= UInt8(ascii: "A") && actual <= UInt8(ascii: "Z") ? actual + 32 : actual
                return lowered == wanted
            }
        }
    }
}

import SequencerCore

/// A value the ``WireEncoder`` writes as JSON.
protocol WireValue {
    /// Writes the value as compact JSON.
    func encode(to encoder: inout WireEncoder)
}

/// A value written as a JSON object: its members, in the order the protocol fixes.
protocol WireObject: WireValue {
    /// Writes each member with ``WireEncoder/member(_:_:)``, in wire order.
    func encodeMembers(to encoder: inout WireEncoder)
}

extension WireObject {
    func encode(to encoder: inout WireEncoder) { encoder.writeObject(self) }
}

/// The one encoder of results: writes typed values (``WireValue``) as compact JSON into a
/// response's buffer, without building a ``JSONValue`` tree for them.
///
/// Member order is the order ``WireObject/encodeMembers(to:)`` gives; the golden transcripts
/// rely on it. Text is escaped as ``JSONWriter`` escapes it, so a result written here is byte
/// for byte what the same value written through ``JSONValue`` would be.
struct WireEncoder {
    /// The text written so far.
    var writer: JSONWriter
    /// Whether the object being written has no member yet.
    private var atFirstMember = true

    /// Appends `value` to `writer`.
    static func encode(_ value: some WireValue, into writer: inout JSONWriter) {
        var encoder = WireEncoder(writer: JSONWriter(capacity: 0))
        swap(&encoder.writer, &writer)
        value.encode(to: &encoder)
        swap(&encoder.writer, &writer)
    }

    private init(writer: JSONWriter) {
        self.writer = writer
    }

    /// Writes `{`, the object's members, then `}`.
    mutating func writeObject(_ object: some WireObject) {
        writer.raw("{")
        let outer = atFirstMember
        atFirstMember = true
        object.encodeMembers(to: &self)
        atFirstMember = outer
        writer.raw("}")
    }

    /// Writes one member of the object being written: `"key":value`, after a comma unless it
    /// is the first.
    mutating func member(_ key: StaticString, _ value: some WireValue) {
        if !atFirstMember { writer.raw(",") }
        atFirstMember = false
        writer.writeKey(key)
        value.encode(to: &self)
    }
}

// MARK: - Scalars and containers

extension Int: WireValue {
    func encode(to encoder: inout WireEncoder) { encoder.writer.writeInt(self) }
}

extension Bool: WireValue {
    func encode(to encoder: inout WireEncoder) { encoder.writer.raw(self ? "true" : "false") }
}

extension String: WireValue {
    func encode(to encoder: inout WireEncoder) { encoder.writer.writeString(self) }
}

extension JSONValue: WireValue {
    func encode(to encoder: inout WireEncoder) { encoder.writer.write(self) }
}

extension Array: WireValue where Element: WireValue {
    func encode(to encoder: inout WireEncoder) {
        encoder.writer.raw("[")
        for index in indices {
            if index > 0 { encoder.writer.raw(",") }
            self[index].encode(to: &encoder)
        }
        encoder.writer.raw("]")
    }
}

extension Optional: WireValue where Wrapped: WireValue {
    /// `null` when absent.
    func encode(to encoder: inout WireEncoder) {
        switch self {
        case .none: encoder.writer.raw("null")
        case .some(let value): value.encode(to: &encoder)
        }
    }
}

/// A time in nanoseconds, written as an integer (it may exceed `Int.max`).
struct Nanoseconds: WireValue {
    var value: UInt64

    func encode(to encoder: inout WireEncoder) { encoder.writer.raw(String(value).utf8) }
}

/// Items rendered in a format, written straight into the buffer by ``Renderer/write(_:as:into:)``:
/// a long `messages` array is never built as a tree.
struct RenderedItems<Items: Collection<Item>>: WireValue {
    /// What is written: the items themselves (Responses, written straight into the buffer
    /// with no tree built), or a body rendered ahead (the other formats, whose notes the
    /// result lists after it).
    private enum Body {
        case items(Items, RenderOptions)
        case rendered(JSONValue)
    }

    private let body: Body
    /// The renderer's notes, in item order.
    let notes: [RenderNote]

    /// `items` rendered as `format` with `options`.
    init(items: Items, format: Format, options: RenderOptions = .init()) {
        if format == .responses {
            body = .items(items, options)
            notes = []
        } else {
            let rendered = Renderer.rendered(items, as: format, options: options)
            body = .rendered(rendered.body)
            notes = rendered.notes
        }
    }

    func encode(to encoder: inout WireEncoder) {
        switch body {
        case .items(let items, let options): Renderer.write(items, as: .responses, options: options, into: &encoder.writer)
        case .rendered(let value): encoder.writer.write(value)
        }
    }
}

/// Compact JSON text kept as bytes (an operation's params), written as it is.
struct CompactJSON: WireValue, Sendable, Equatable {
    /// The text; it must be one compact JSON value.
    var bytes: [UInt8]

    func encode(to encoder: inout WireEncoder) { encoder.writer.raw(bytes) }
}

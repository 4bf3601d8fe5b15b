/// Writes compact JSON text into one growing byte buffer.
///
/// Strings and numbers that came from ``JSONParser`` are copied as the exact bytes they were
/// parsed from; strings made from Swift text are escaped as RFC 8259 requires.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public var bytes: [UInt8]

    /// A writer with an empty buffer of at least `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends `value` as compact JSON.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let bool): raw(bool ? "true" : "false")
        case .number(let number): bytes.append(contentsOf: number.text.utf8)
        case .string(let string): write(string)
        case .array(let elements): write(elements)
        case .object(let object): write(object)
        }
    }

    /// Appends an array of values.
    public mutating func write(_ elements: [JSONValue]) {
        bytes.append(UInt8(ascii: "["))
        // Indices, not `for element in`: reading in place spares a retain and release per value.
        for index in elements.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(elements[index])
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends an object, its members in order.
    public mutating func write(_ object: JSONObject) {
        // A parsed object with no whitespace inside is its own compact text: copy it whole.
        if object.withCompactText({ bytes.append(contentsOf: $0) }) != nil { return }
        bytes.append(UInt8(ascii: "{"))
        object.writeMembers(into: &self)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Appends a string, quoted; its escaped form is copied as it is.
    public mutating func write(_ string: JSONString) {
        bytes.append(UInt8(ascii: "\""))
        string.withEscapedBytes { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `text` as a quoted, escaped JSON string.
    public mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        JSONEscaping.appendEscaped(text.utf8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8`, which must be well-formed UTF-8, as a quoted, escaped JSON string,
    /// without making a `String` of it first.
    public mutating func writeString(utf8: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        JSONEscaping.appendEscaped(utf8, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an integer.
    public mutating func writeInt(_ value: Int) {
        // Digits into a stack buffer, last first: no `String` made on this hot path.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Appends `key` as an object key followed by `:`; the caller writes the value next.
    public mutating func writeKey(_ key: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends text that is already JSON (punctuation, literals, keys known to need no escaping).
    public mutating func raw(_ text: StaticString) {
        // Punctuation is most of what is written this way: one byte costs one append, where
        // appending a buffer costs a call and a copy.
        if text.hasPointerRepresentation && text.utf8CodeUnitCount == 1 {
            bytes.append(text.utf8Start.pointee)
        } else {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
    }

    /// Appends bytes that are already JSON text, such as a request's `id` as it came in.
    public mutating func raw<C: Collection>(_ text: C) where C.Element == UInt8 {
        bytes.append(contentsOf: text)
    }
}

extension JSONValue {
    /// The compact JSON text of this value, as UTF-8 bytes.
    public var serialized: [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }
}

extension JSONValue {
    /// The length in bytes of the compact text ``JSONWriter`` writes for this value, counted
    /// without writing it.
    ///
    /// - Complexity: O(n) in the number of values, independent of the length of strings.
    public var serializedCount: Int {
        switch self {
        case .null: 4
        case .bool(let bool): bool ? 4 : 5
        case .number(let number): number.text.utf8.count
        case .string(let string): string.escapedCount + 2
        case .array(let elements):
            2 + max(0, elements.count - 1) + elements.reduce(0) { $0 + $1.serializedCount }
        case .object(let object):
            object.compactTextCount ?? 2 + object.membersSerializedCount
        }
    }
}

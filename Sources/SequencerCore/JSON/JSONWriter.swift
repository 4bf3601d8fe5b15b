/// Writes compact JSON text into one growing byte buffer.
///
/// Strings and numbers that came from ``JSONParser`` are copied as the exact bytes they were
/// parsed from; strings made from Swift text are escaped as RFC 8259 requires.
///
/// A writer is a value: a copy shares the text written so far, and whichever of the two writes
/// next moves to a buffer of its own first.
///
/// - Complexity: Appending n bytes is O(n) amortized, and costs a few instructions beyond the
///   copy itself (an `Array`'s `append(contentsOf:)` costs about seventy, which a request's
///   answer, written in many short pieces, paid on every piece).
public struct JSONWriter: Sendable {
    /// The buffer; bytes `0..<written` are the text.
    @usableFromInline var storage: Storage
    /// The number of bytes written.
    ///
    /// - Invariant: `0 <= written <= storage.capacity`.
    @usableFromInline var written = 0

    /// The number of bytes written.
    public var count: Int { written }

    /// A writer with an empty buffer of at least `capacity` bytes; with `capacity` 0, a writer
    /// that allocates nothing until it is written to.
    public init(capacity: Int = 256) {
        storage = capacity > 0 ? Storage(capacity: capacity) : Storage.empty
    }

    /// The text written so far, copied into an array. A large text is better read in place,
    /// with ``withUnsafeBytes(_:)``.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the text written so far, in place.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage.base, count: count))
    }

    /// Forgets what was written from `mark` on: a response that failed halfway is taken back so.
    /// - Precondition: `mark <= count`.
    public mutating func truncate(to mark: Int) {
        precondition(mark >= 0 && mark <= count, "truncating to \(mark) of \(count) bytes")
        written = mark
    }

    /// Forgets the text, keeping the buffer for what is written next.
    public mutating func removeAll() {
        written = 0
    }

    /// Appends `value` as compact JSON.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let bool): raw(bool ? "true" : "false")
        case .number(let number): raw(number.text.utf8)
        case .string(let string): write(string)
        case .array(let elements): write(elements)
        case .object(let object): write(object)
        }
    }

    /// Appends an array of values.
    public mutating func write(_ elements: [JSONValue]) {
        append(UInt8(ascii: "["))
        // Indices, not `for element in`: reading in place spares a retain and release per value.
        for index in elements.indices {
            if index > 0 { append(UInt8(ascii: ",")) }
            write(elements[index])
        }
        append(UInt8(ascii: "]"))
    }

    /// Appends an object, its members in order.
    public mutating func write(_ object: JSONObject) {
        // A parsed object with no whitespace inside is its own compact text: copy it whole.
        if object.withCompactText({ append($0) }) != nil { return }
        append(UInt8(ascii: "{"))
        object.writeMembers(into: &self)
        append(UInt8(ascii: "}"))
    }

    /// Appends a string, quoted; its escaped form is copied as it is.
    public mutating func write(_ string: JSONString) {
        append(UInt8(ascii: "\""))
        string.withEscapedBytes { append($0) }
        append(UInt8(ascii: "\""))
    }

    /// Appends `text` as a quoted, escaped JSON string.
    public mutating func writeString(_ text: String) {
        append(UInt8(ascii: "\""))
        JSONEscaping.appendEscaped(text.utf8, to: &self)
        append(UInt8(ascii: "\""))
    }

    /// Appends `utf8`, which must be well-formed UTF-8, as a quoted, escaped JSON string,
    /// without making a `String` of it first.
    public mutating func writeString(utf8: [UInt8]) {
        append(UInt8(ascii: "\""))
        JSONEscaping.appendEscaped(utf8, to: &self)
        append(UInt8(ascii: "\""))
    }

    /// Appends an integer.
    public mutating func writeInt(_ value: Int) {
        // Digits straight into the buffer, last first: no `String` made on this hot path.
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let sign = value < 0 ? 1 : 0
        let start = room(for: sign + digits)
        if sign == 1 { start.pointee = UInt8(ascii: "-") }
        var position = start + sign + digits
        repeat {
            position -= 1
            position.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        written &+= sign + digits
    }

    /// Appends `key` as an object key followed by `:`; the caller writes the value next.
    @inlinable @inline(__always)
    public mutating func writeKey(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        let start = room(for: length + 3)
        start.pointee = UInt8(ascii: "\"")
        (start + 1).initialize(from: key.utf8Start, count: length)
        (start + 1 + length).pointee = UInt8(ascii: "\"")
        (start + 2 + length).pointee = UInt8(ascii: ":")
        written &+= length + 3
    }

    /// Appends text that is already JSON (punctuation, literals, keys known to need no escaping).
    @inlinable @inline(__always)
    public mutating func raw(_ text: StaticString) {
        // Inlined where it is called, the length is a constant and the copy a few moves.
        let length = text.utf8CodeUnitCount
        guard text.hasPointerRepresentation else {
            text.withUTF8Buffer { append($0) }
            return
        }
        room(for: length).initialize(from: text.utf8Start, count: length)
        written &+= length
    }

    /// Appends bytes that are already JSON text, such as a request's `id` as it came in.
    public mutating func raw<C: Collection>(_ text: C) where C.Element == UInt8 {
        if text.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
        for byte in text { append(byte) }
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    mutating func append(_ byte: UInt8) {
        room(for: 1).pointee = byte
        written &+= 1
    }

    /// Appends `bytes`.
    @inlinable
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        room(for: bytes.count).initialize(from: source, count: bytes.count)
        written &+= bytes.count
    }

    /// Where the next `needed` bytes go: the buffer, held by this writer alone, has room for them.
    @inlinable @inline(__always)
    mutating func room(for needed: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) || storage.capacity &- written < needed {
            grow(toHold: needed)
        }
        assert(storage.capacity - written >= needed)
        return storage.base + written
    }

    /// Moves the text to a buffer of its own with room for `needed` more bytes: at least twice
    /// the old one when it was full, so that appending stays O(1) amortized.
    @usableFromInline @inline(never)
    mutating func grow(toHold needed: Int) {
        let least = written + needed
        let capacity = storage.capacity - written < needed ? max(least, storage.capacity * 2) : storage.capacity
        let grown = Storage(capacity: capacity)
        grown.base.initialize(from: storage.base, count: written)
        storage = grown
    }

    /// One block from the allocator.
    ///
    /// Unchecked `Sendable`: a writer writes the block only while it holds the only reference
    /// (``room(for:)`` checks), so a block two threads can reach is never written.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutablePointer<UInt8>
        @usableFromInline let capacity: Int

        /// The block of every writer made with capacity 0: shared, so never written.
        static let empty = Storage(capacity: 0)

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit {
            base.deallocate()
        }
    }
}

/// What ``JSONEscaping`` appends to: a writer, or an array of bytes.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension JSONWriter: ByteSink {}

extension Array: ByteSink where Element == UInt8 {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: bytes)
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

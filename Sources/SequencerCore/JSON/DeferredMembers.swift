/// The members of a deferred object (see ``JSONObject/init(deferred:)``): where each key
/// and value lies in the compact text the object was parsed from, with the one reference to
/// that text, in one allocation.
///
/// Nothing is built when the object is parsed: a key or a value becomes a ``JSONString`` or a
/// ``JSONValue`` when it is read, and a nested object or array is parsed then. An item kept by
/// a session costs its text, 16 bytes a member and one allocation, whatever its nesting.
///
/// Invariants: `text` is valid JSON text around every range; each ``Member``'s key is a
/// string's escaped body ending 2 bytes before its value (`"key":value` is compact), each value
/// range exactly one compact value of its ``Member/kind``, and `"key":value` lies whole in
/// `text` (so writing a member is one copy). Nothing in it changes after it is made, which is
/// what makes it `Sendable`: the buffer is written once, in ``init(text:members:)``, before the
/// value exists for anyone to share.
struct DeferredMembers: @unchecked Sendable {
    /// The text and the members, in one allocation.
    private let buffer: Buffer

    /// The text the members lie in, how many there are, and where the object's own compact
    /// text lies in it (`0..<0` when that is not known).
    private struct Header {
        let text: [UInt8]
        let count: Int
        let sourceStart: UInt32
        let sourceEnd: UInt32
    }

    /// Members are plain numbers, which need no deinitializing; the header, which holds the
    /// one reference, is destroyed by `ManagedBuffer` itself.
    private final class Buffer: ManagedBuffer<Header, Member> {}

    /// What a value is, as far as reading it back needs.
    enum Kind: UInt8, Sendable {
        case string, number, `true`, `false`, null, object, array
    }

    /// One member: where its key starts (its escaped body; it ends 2 bytes before the value),
    /// and its value's whole text (quotes included).
    struct Member: Sendable {
        var keyStart: UInt32
        var valueStart: UInt32
        var valueEnd: UInt32
        var kind: Kind

        /// The key's escaped body.
        var keyRange: Range<Int> { Int(keyStart)..<Int(valueStart) - 2 }
        /// The bytes of `"key":value` in the text.
        var textRange: Range<Int> { Int(keyStart) - 1..<Int(valueEnd) }
    }

    /// Members over `text`, copied from `members`, of an object whose compact text is `source`
    /// of `text`, when that is known.
    ///
    /// - Precondition: the invariants above hold for `members` and `text`; `source`, if given,
    ///   is exactly what ``JSONWriter`` writes for the object.
    init(text: [UInt8], members: UnsafeBufferPointer<Member>, source: Range<Int>?) {
        let made = Buffer.create(minimumCapacity: members.count) { _ in
            Header(text: text, count: members.count, sourceStart: UInt32(source?.lowerBound ?? 0), sourceEnd: UInt32(source?.upperBound ?? 0))
        }
        made.withUnsafeMutablePointerToElements { elements in
            if let source = members.baseAddress { elements.initialize(from: source, count: members.count) }
        }
        // `create` makes an instance of the class it is called on.
        buffer = unsafeDowncast(made, to: Buffer.self)
    }

    /// The same text with only the members whose index `keep` accepts.
    func filter(_ keep: (Int) -> Bool) -> DeferredMembers {
        let kept = (0..<count).filter(keep).map { self[$0] }
        return kept.withUnsafeBufferPointer { DeferredMembers(text: text, members: $0, source: nil) }
    }

    /// Where the object's compact text lies in ``text``, when known.
    var source: Range<Int>? {
        // Through the pointer: reading `buffer.header` would copy it, and retain its text.
        let (start, end) = buffer.withUnsafeMutablePointerToHeader { ($0.pointee.sourceStart, $0.pointee.sourceEnd) }
        return end > start ? Int(start)..<Int(end) : nil
    }

    /// The text the members lie in.
    var text: [UInt8] { buffer.withUnsafeMutablePointerToHeader { $0.pointee.text } }

    /// The number of members.
    var count: Int { buffer.withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// The member at `index` (in `0..<count`).
    subscript(index: Int) -> Member {
        precondition(index >= 0 && index < count, "member \(index) of \(count)")
        return buffer.withUnsafeMutablePointerToElements { $0[index] }
    }

    /// Calls `body` with the members, in place.
    private func withMembers<Result>(_ body: (UnsafeBufferPointer<Member>) -> Result) -> Result {
        buffer.withUnsafeMutablePointers { header, elements in
            body(UnsafeBufferPointer(start: elements, count: header.pointee.count))
        }
    }

    /// The key of the member at `index`.
    func key(at index: Int) -> JSONString {
        let member = self[index]
        return JSONString(validatedIn: text, range: member.keyRange)
    }

    /// The value of the member at `index`, built.
    func value(at index: Int) -> JSONValue {
        let member = self[index]
        let range = Int(member.valueStart)..<Int(member.valueEnd)
        switch member.kind {
        case .string: return .string(JSONString(validatedIn: text, range: range.lowerBound + 1..<range.upperBound - 1))
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .number:
            return .number(JSONNumber(validatedText: text.withUnsafeBufferPointer { String(decoding: $0[range], as: UTF8.self) }))
        case .object, .array:
            let parsed = text.withUnsafeBufferPointer { try? JSONParser.parse(Array($0[range]), maxDepth: Int.max) }
            assert(parsed != nil, "a deferred value is valid JSON")
            return parsed ?? .null
        }
    }

    /// Calls `body` with the escaped body of the string at `index`, in place; `nil` when the
    /// value there is not a string.
    func withStringBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let member = self[index]
        guard member.kind == .string else { return nil }
        return buffer.withUnsafeMutablePointerToHeader { header in
            header.pointee.text.withUnsafeBufferPointer { text in
                body(UnsafeBufferPointer(rebasing: text[Int(member.valueStart) + 1..<Int(member.valueEnd) - 1]))
            }
        }
    }

    /// The JSON type name of the value at `index` (``JSONValue/typeName``), building nothing.
    func typeName(at index: Int) -> String {
        switch self[index].kind {
        case .string: "string"
        case .number: "number"
        case .true, .false: "boolean"
        case .null: "null"
        case .object: "object"
        case .array: "array"
        }
    }

    /// The index of the last member whose key decodes to `name`, comparing bytes in place (a key
    /// spelled with escapes is decoded to be compared).
    func lastIndex(ofKey name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            text.withUnsafeBufferPointer { text in
                withMembers { members in
                    var index = members.count
                    while index > 0 {
                        index -= 1
                        let range = members[index].keyRange
                        let key = UnsafeBufferPointer(rebasing: text[range])
                        if key.contains(UInt8(ascii: "\\")) {
                            if JSONString(validatedIn: self.text, range: range).equals(String(decoding: wanted, as: UTF8.self)) { return index }
                        } else if ByteScan.equal(key, wanted) {
                            return index
                        }
                    }
                    return nil
                }
            }
        }
    }

    /// Calls `body` with each member's index and the escaped bytes of its key, in order.
    func forEachKey(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        text.withUnsafeBufferPointer { text in
            withMembers { members in
                for index in members.indices {
                    body(index, UnsafeBufferPointer(rebasing: text[members[index].keyRange]))
                }
            }
        }
    }

    /// Writes the members, comma-separated, each as the copy of its text.
    func writeMembers(into writer: inout JSONWriter) {
        text.withUnsafeBufferPointer { text in
            withMembers { members in
                for index in members.indices {
                    if index > 0 { writer.raw(",") }
                    writer.raw(UnsafeBufferPointer(rebasing: text[members[index].textRange]))
                }
            }
        }
    }

    /// The length of what ``writeMembers(into:)`` writes.
    var membersSerializedCount: Int {
        withMembers { members in members.reduce(max(0, members.count - 1)) { $0 + $1.textRange.count } }
    }
}

/// A JSON object whose members keep their original order.
///
/// Duplicate keys are kept as they came; lookups by key answer with the last member of that
/// name, as most JSON readers (and the provider APIs behind them) do.
public struct JSONObject: Sendable, Equatable {
    /// One `key: value` member.
    public struct Member: Sendable, Equatable {
        /// The member's name.
        public var key: JSONString
        /// The member's value.
        public var value: JSONValue

        /// A member named `key` holding `value`.
        public init(key: JSONString, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in order.
    public var members: [Member] {
        get { storedMembers }
        set {
            storedMembers = newValue
            source = .unknown
        }
        _modify {
            source = .unknown
            yield &storedMembers
        }
    }

    private var storedMembers: [Member]
    /// Where the object's own compact text lies in the buffer its first key lies in, when the
    /// parser saw it there with no whitespace inside: writing it is then one copy of those
    /// bytes. Any change to the members forgets it. (Two 32-bit offsets keep an object as
    /// small as a ``JSONString``, and so every ``JSONValue`` as small as it was.)
    private var source: Source = .unknown

    private struct Source: Sendable {
        var start: UInt32
        var end: UInt32
        /// No known text: the object is written member by member.
        static let unknown = Source(start: 0, end: 0)
    }

    /// An object with `members`, in that order.
    public init(_ members: [Member] = []) {
        self.storedMembers = members
    }

    /// An object with `members` whose compact text is the bytes `source` of the buffer its first
    /// key lies in (see ``JSONParser``).
    ///
    /// - Precondition: `members` is not empty, its first key was parsed from that buffer, and
    ///   those bytes are exactly what ``JSONWriter`` would write for the object; `source` ends at
    ///   or below `UInt32.max`.
    package init(parsed members: [Member], source: Range<Int>) {
        self.storedMembers = members
        self.source = Source(start: UInt32(source.lowerBound), end: UInt32(source.upperBound))
    }

    /// Calls `body` with the object's compact text, if it is known without writing it.
    package func withCompactText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard source.end > source.start, let first = storedMembers.first else { return nil }
        return try first.key.withStorageBytes(Int(source.start)..<Int(source.end), body)
    }

    /// The length of the object's compact text, if it is known without writing it.
    package var compactTextCount: Int? {
        source.end > source.start ? Int(source.end - source.start) : nil
    }

    /// Equal when the members are equal, in order; where the text came from does not count.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storedMembers == rhs.storedMembers
    }

    /// The value of the last member named `key`; setting a value replaces that member in place,
    /// or appends a new one; setting `nil` removes every member of that name.
    public subscript(key: String) -> JSONValue? {
        get {
            var index = members.endIndex
            while index > members.startIndex {
                index -= 1
                if members[index].key.equals(key) { return members[index].value }
            }
            return nil
        }
        set {
            if let newValue {
                if let index = members.lastIndex(where: { $0.key.equals(key) }) {
                    members[index].value = newValue
                } else {
                    members.append(Member(key: JSONString(key), value: newValue))
                }
            } else {
                members.removeAll { $0.key.equals(key) }
            }
        }
    }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool {
        members.contains { $0.key.equals(key) }
    }

    /// The number of members.
    public var count: Int { members.count }
}

extension JSONObject {
    /// The object `literal` spells (an empty object if it is not one): `JSONObject(literal: ["a": 1])`.
    public init(literal: JSONValue) {
        self = literal.objectValue ?? JSONObject()
    }
}

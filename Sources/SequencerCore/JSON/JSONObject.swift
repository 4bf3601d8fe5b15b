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
    ///
    /// For an object whose nested values were left as text (see ``init(deferred:source:)``),
    /// reading this builds those values: O(n) in the object's size, every time. The lookups
    /// below (``subscript(_:)``, ``contains(_:)``, ``count``) build at most the one value they
    /// return.
    public var members: [Member] {
        get {
            switch storage {
            case .members(let members): return members
            case .deferred(let deferred): return deferred.map { Member(key: $0.key, value: JSONObject.value(of: $0)) }
            }
        }
        set {
            storage = .members(newValue)
            source = .unknown
        }
        _modify {
            var members = self.members
            storage = .members([])  // no second reference to the array while it is changed
            source = .unknown
            defer { storage = .members(members) }
            yield &members
        }
    }

    private var storage: Storage
    /// Where the object's own compact text lies in the buffer its first key lies in, when the
    /// parser saw it there with no whitespace inside: writing it is then one copy of those
    /// bytes. Any change to the members forgets it. (Two 32-bit offsets, and a storage that is
    /// one reference, keep an object as small as a ``JSONString``, and so every ``JSONValue``
    /// as small as it was.)
    private var source: Source = .unknown

    private struct Source: Sendable {
        var start: UInt32
        var end: UInt32
        /// No known text: the object is written member by member.
        static let unknown = Source(start: 0, end: 0)
    }

    /// The members, built or deferred.
    private enum Storage: Sendable {
        /// Every member built.
        case members([Member])
        /// Every member's key and scalar value built; nested objects and arrays left as their
        /// text in the buffer the keys lie in.
        case deferred([DeferredMember])
    }

    /// A member of an object whose nested values are deferred.
    package struct DeferredMember: Sendable {
        /// The member's name.
        package var key: JSONString
        /// The member's value.
        package var value: DeferredValue

        /// A member named `key` holding `value`.
        package init(key: JSONString, value: DeferredValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of a ``DeferredMember``.
    package enum DeferredValue: Sendable {
        /// A value built as usual (a string, a number, a literal; or an object or array that
        /// had whitespace inside, so that its text is not what the writer writes).
        case built(JSONValue)
        /// An object or an array, kept as its text: the bytes `start..<end` of the buffer the
        /// member's key lies in, compact and already checked by the parser.
        case text(start: UInt32, end: UInt32)
    }

    /// An object with `members`, in that order.
    public init(_ members: [Member] = []) {
        self.storage = .members(members)
    }

    /// An object with `members` whose compact text is the bytes `source` of the buffer its first
    /// key lies in (see ``JSONParser``).
    ///
    /// - Precondition: `members` is not empty, its first key was parsed from that buffer, and
    ///   those bytes are exactly what ``JSONWriter`` would write for the object; `source` ends at
    ///   or below `UInt32.max`.
    package init(parsed members: [Member], source: Range<Int>) {
        self.storage = .members(members)
        self.source = Source(start: UInt32(source.lowerBound), end: UInt32(source.upperBound))
    }

    /// An object whose nested values are left as their text until they are read; its compact
    /// text is the bytes `source` of the buffer its first key lies in, when known.
    ///
    /// - Precondition: `members` is not empty; every key and every ``DeferredValue/text(start:end:)``
    ///   lies in one buffer, each text being a valid compact JSON object or array; `source`, if
    ///   given, is exactly what ``JSONWriter`` would write for the object.
    package init(deferred members: [DeferredMember], source: Range<Int>?) {
        assert(!members.isEmpty, "a deferred object has a member to find its buffer by")
        self.storage = .deferred(members)
        if let source {
            self.source = Source(start: UInt32(source.lowerBound), end: UInt32(source.upperBound))
        }
    }

    /// The value of `member`, built if it was deferred.
    private static func value(of member: DeferredMember) -> JSONValue {
        switch member.value {
        case .built(let value):
            return value
        case .text(let start, let end):
            let parsed = member.key.withStorageBytes(Int(start)..<Int(end)) { text in
                try? JSONParser.parse(Array(text), maxDepth: Int.max)
            }
            assert(parsed != nil, "a deferred value is valid JSON")
            return parsed ?? .null
        }
    }

    /// The member's JSON type name, without building a deferred value.
    private static func typeName(of member: DeferredMember) -> String {
        switch member.value {
        case .built(let value): return value.typeName
        case .text(let start, _):
            return member.key.withStorageBytes(Int(start)..<Int(start) + 1) { $0.first == UInt8(ascii: "[") } ? "array" : "object"
        }
    }

    /// The members' keys, in order, with their values' JSON type names, building nothing.
    package var keysAndTypeNames: [(key: JSONString, typeName: String)] {
        switch storage {
        case .members(let members): members.map { ($0.key, $0.value.typeName) }
        case .deferred(let deferred): deferred.map { ($0.key, JSONObject.typeName(of: $0)) }
        }
    }

    /// The number of members.
    public var count: Int {
        switch storage {
        case .members(let members): members.count
        case .deferred(let deferred): deferred.count
        }
    }

    /// The key of the member at `index` (in `0..<count`).
    package func key(at index: Int) -> JSONString {
        switch storage {
        case .members(let members): members[index].key
        case .deferred(let deferred): deferred[index].key
        }
    }

    /// The value of the member at `index` (in `0..<count`), built if it was deferred.
    package func value(at index: Int) -> JSONValue {
        switch storage {
        case .members(let members): members[index].value
        case .deferred(let deferred): JSONObject.value(of: deferred[index])
        }
    }

    /// The JSON type name of the value at `index` (in `0..<count`), building nothing.
    package func typeName(at index: Int) -> String {
        switch storage {
        case .members(let members): members[index].value.typeName
        case .deferred(let deferred): JSONObject.typeName(of: deferred[index])
        }
    }

    /// Whether some nested values are left as text (see ``init(deferred:source:)``).
    package var isDeferred: Bool {
        if case .deferred = storage { return true }
        return false
    }

    /// The key whose buffer holds the object's text, if the object has a member.
    private var firstKey: JSONString? {
        switch storage {
        case .members(let members): members.first?.key
        case .deferred(let deferred): deferred.first?.key
        }
    }

    /// The size of the buffer the object's keys lie in (for a parsed object, the text it was
    /// parsed from): what holding the object costs at least. 0 for an object with no member.
    package var retainedStorageCount: Int {
        firstKey?.retainedStorageCount ?? 0
    }

    /// Writes the members of an object whose compact text is not known, one by one; deferred
    /// values are copied as their text.
    package func writeMembers(into writer: inout JSONWriter) {
        switch storage {
        case .members(let members):
            for index in members.indices {
                if index > 0 { writer.raw(",") }
                writer.write(members[index].key)
                writer.raw(":")
                writer.write(members[index].value)
            }
        case .deferred(let deferred):
            for index in deferred.indices {
                if index > 0 { writer.raw(",") }
                let member = deferred[index]
                writer.write(member.key)
                writer.raw(":")
                switch member.value {
                case .built(let value): writer.write(value)
                case .text(let start, let end): member.key.withStorageBytes(Int(start)..<Int(end)) { writer.raw($0) }
                }
            }
        }
    }

    /// The length of the text ``writeMembers(into:)`` writes.
    package var membersSerializedCount: Int {
        switch storage {
        case .members(let members):
            return max(0, members.count - 1) + members.reduce(0) { $0 + $1.key.escapedCount + 3 + $1.value.serializedCount }
        case .deferred(let deferred):
            return max(0, deferred.count - 1) + deferred.reduce(0) { total, member in
                switch member.value {
                case .built(let value): total + member.key.escapedCount + 3 + value.serializedCount
                case .text(let start, let end): total + member.key.escapedCount + 3 + Int(end - start)
                }
            }
        }
    }

    /// Calls `body` with the object's compact text, if it is known without writing it.
    package func withCompactText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard source.end > source.start, let first = firstKey else { return nil }
        return try first.withStorageBytes(Int(source.start)..<Int(source.end), body)
    }

    /// The length of the object's compact text, if it is known without writing it.
    package var compactTextCount: Int? {
        source.end > source.start ? Int(source.end - source.start) : nil
    }

    /// Equal when the members are equal, in order; where the text came from does not count.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        if case .members(let left) = lhs.storage, case .members(let right) = rhs.storage { return left == right }
        // Deferred values: the same compact text is the same object; else compare them built.
        let sameText = lhs.withCompactText { left in rhs.withCompactText { right in left.elementsEqual(right) } }
        if sameText == true { return true }
        return lhs.members == rhs.members
    }

    /// The value of the last member named `key`; setting a value replaces that member in place,
    /// or appends a new one; setting `nil` removes every member of that name. Only the value
    /// returned or set is built; the other deferred values stay text.
    public subscript(key: String) -> JSONValue? {
        get {
            var index = count
            while index > 0 {
                index -= 1
                if self.key(at: index).equals(key) { return value(at: index) }
            }
            return nil
        }
        set {
            guard case .deferred(var deferred) = storage else {
                if let newValue {
                    if let index = members.lastIndex(where: { $0.key.equals(key) }) {
                        members[index].value = newValue
                    } else {
                        members.append(Member(key: JSONString(key), value: newValue))
                    }
                } else {
                    members.removeAll { $0.key.equals(key) }
                }
                return
            }
            source = .unknown
            storage = .members([])  // no second reference to the array while it is changed
            if let newValue {
                if let index = deferred.lastIndex(where: { $0.key.equals(key) }) {
                    deferred[index].value = .built(newValue)
                } else {
                    deferred.append(DeferredMember(key: JSONString(key), value: .built(newValue)))
                }
            } else {
                deferred.removeAll { $0.key.equals(key) }
            }
            // Removing every member leaves no key to find the buffer by: build what is left.
            storage = deferred.isEmpty ? .members([]) : .deferred(deferred)
        }
    }

    /// Whether the object has a member named `key`.
    public func contains(_ key: String) -> Bool {
        (0..<count).contains { self.key(at: $0).equals(key) }
    }

}

extension JSONObject {
    /// The object `literal` spells (an empty object if it is not one): `JSONObject(literal: ["a": 1])`.
    public init(literal: JSONValue) {
        self = literal.objectValue ?? JSONObject()
    }
}

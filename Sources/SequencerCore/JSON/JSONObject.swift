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
    /// For a deferred object (see ``init(deferred:)``), reading this builds every value: O(n)
    /// in the object's size, every time. The lookups below (``subscript(_:)``,
    /// ``contains(_:)``, ``count``) build at most the one value they return.
    public var members: [Member] {
        get {
            switch storage {
            case .members(let members): return members
            case .deferred(let deferred): return (0..<deferred.count).map { Member(key: deferred.key(at: $0), value: deferred.value(at: $0)) }
            }
        }
        set {
            storedMembers = newValue
            extra = .built(.unknown)
        }
        _modify {
            var members = self.members
            storedMembers = []  // no second reference to the array while it is changed
            extra = .built(.unknown)
            defer { storedMembers = members }
            yield &members
        }
    }

    /// The built members (none for a deferred object).
    private var storedMembers: [Member]
    /// Where the object's compact text lies, or its deferred members.
    ///
    /// (Not one enum of the two references: Swift would keep the case in the spare bits of one
    /// of them, where LeakSanitizer, which looks for untagged pointers, does not see it, and
    /// reports every object kept only through it. With the offsets as the other case, which
    /// has no spare bits, the case takes a byte of its own: 17 bytes an object, and a
    /// ``JSONValue`` stays 24.)
    private var extra: Extra

    private enum Extra: Sendable {
        /// Built members, and where the object's compact text lies, when known.
        case built(Source)
        /// Members left as their text.
        case deferred(DeferredMembers)
    }

    /// Where the object's own compact text lies in the buffer its keys lie in, when the parser
    /// saw it there with no whitespace inside: writing it is then one copy of those bytes. Any
    /// change to the members forgets it.
    private var source: Source {
        switch extra {
        case .built(let source): source
        case .deferred(let deferred): deferred.source.map { Source(start: UInt32($0.lowerBound), end: UInt32($0.upperBound)) } ?? .unknown
        }
    }

    /// The members, built or deferred: a view of ``storedMembers`` and ``extra``.
    private var storage: Storage {
        switch extra {
        case .built: .members(storedMembers)
        case .deferred(let deferred): .deferred(deferred)
        }
    }

    private struct Source: Sendable {
        var start: UInt32
        var end: UInt32
        /// No known text: the object is written member by member.
        static let unknown = Source(start: 0, end: 0)
    }

    /// The members, built or deferred (see ``storage``).
    private enum Storage {
        /// Every member built.
        case members([Member])
        /// Every member left as its text.
        case deferred(DeferredMembers)
    }

    /// An object with `members`, in that order.
    public init(_ members: [Member] = []) {
        self.storedMembers = members
        self.extra = .built(.unknown)
    }

    /// An object with `members` whose compact text is the bytes `source` of the buffer its first
    /// key lies in (see ``JSONParser``).
    ///
    /// - Precondition: `members` is not empty, its first key was parsed from that buffer, and
    ///   those bytes are exactly what ``JSONWriter`` would write for the object; `source` ends at
    ///   or below `UInt32.max`.
    package init(parsed members: [Member], source: Range<Int>) {
        self.storedMembers = members
        self.extra = .built(Source(start: UInt32(source.lowerBound), end: UInt32(source.upperBound)))
    }

    /// An object whose members stay their text until they are read (see ``DeferredMembers``,
    /// which also knows where the object's compact text lies).
    init(deferred members: DeferredMembers) {
        self.storedMembers = []
        self.extra = .deferred(members)
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
        case .deferred(let deferred): deferred.key(at: index)
        }
    }

    /// Calls `body` with each member's index and the escaped bytes of its key, in order, making
    /// no ``JSONString``: the one pass an item's reading makes over its keys.
    package func forEachKey(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        switch storage {
        case .members(let members):
            for index in members.indices { members[index].key.withEscapedBytes { body(index, $0) } }
        case .deferred(let deferred):
            deferred.forEachKey(body)
        }
    }

    /// The value of the member at `index` (in `0..<count`), built if it was deferred.
    package func value(at index: Int) -> JSONValue {
        switch storage {
        case .members(let members): members[index].value
        case .deferred(let deferred): deferred.value(at: index)
        }
    }

    /// Calls `body` with the escaped body of the string at `index` (in `0..<count`), in place,
    /// building nothing; `nil` when the value there is not a string.
    package func withStringBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        switch storage {
        case .members(let members):
            guard case .string(let string) = members[index].value else { return nil }
            return string.withEscapedBytes(body)
        case .deferred(let deferred):
            return deferred.withStringBytes(at: index, body)
        }
    }

    /// The JSON type name of the value at `index` (in `0..<count`), building nothing.
    package func typeName(at index: Int) -> String {
        switch storage {
        case .members(let members): members[index].value.typeName
        case .deferred(let deferred): deferred.typeName(at: index)
        }
    }

    /// Whether the members are left as their text (see ``init(deferred:)``).
    package var isDeferred: Bool {
        if case .deferred = storage { return true }
        return false
    }

    /// Calls `body` with bytes `range` of the buffer the object's keys lie in, if it has a key.
    private func withStorageBytes<Result>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        switch storage {
        case .members(let members):
            return try members.first?.key.withStorageBytes(range, body)
        case .deferred(let deferred):
            return try deferred.text.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
    }

    /// The size of the buffer the object's keys lie in (for a parsed object, the text it was
    /// parsed from): what holding the object costs at least. 0 for an object with no member.
    package var retainedStorageCount: Int {
        switch storage {
        case .members(let members): members.first?.key.retainedStorageCount ?? 0
        case .deferred(let deferred): deferred.text.count
        }
    }

    /// Writes the members of an object whose compact text is not known, one by one; deferred
    /// members are copied as their text.
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
            deferred.writeMembers(into: &writer)
        }
    }

    /// The length of the text ``writeMembers(into:)`` writes.
    package var membersSerializedCount: Int {
        switch storage {
        case .members(let members):
            max(0, members.count - 1) + members.reduce(0) { $0 + $1.key.escapedCount + 3 + $1.value.serializedCount }
        case .deferred(let deferred):
            deferred.membersSerializedCount
        }
    }

    /// Calls `body` with the object's compact text, if it is known without writing it.
    package func withCompactText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard source.end > source.start else { return nil }
        return try withStorageBytes(Int(source.start)..<Int(source.end), body)
    }

    /// The length of the object's compact text, if it is known without writing it.
    package var compactTextCount: Int? {
        source.end > source.start ? Int(source.end - source.start) : nil
    }

    /// Equal when the members are equal, in order; where the text came from does not count.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        if case .members(let left) = lhs.storage, case .members(let right) = rhs.storage { return left == right }
        // Deferred values: the same compact text is the same object; else compare them built.
        let sameText = lhs.withCompactText { left in rhs.withCompactText { right in ByteScan.equal(left, right) } }
        if sameText == true { return true }
        return lhs.members == rhs.members
    }

    /// The value of the last member named `key`; setting a value replaces that member in place,
    /// or appends a new one; setting `nil` removes every member of that name. Only the value
    /// returned or set is built; the other deferred values stay text.
    public subscript(key: String) -> JSONValue? {
        get { lastIndex(ofKey: key).map(value(at:)) }
        set {
            // Removing members from a deferred object keeps it deferred (a Responses rendering
            // leaves out the server `id` so); any other change builds it.
            if newValue == nil, case .deferred(let deferred) = storage {
                let kept = deferred.filter { deferred.key(at: $0).equals(key) == false }
                extra = kept.count > 0 ? .deferred(kept) : .built(.unknown)
                return
            }
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
        lastIndex(ofKey: key) != nil
    }

    /// The index of the last member named `key` (whatever escapes spell its key), building no
    /// value.
    package func lastIndex(ofKey key: String) -> Int? {
        switch storage {
        case .members(let members): members.lastIndex { $0.key.equals(key) }
        case .deferred(let deferred): deferred.lastIndex(ofKey: key)
        }
    }
}

extension JSONObject {
    /// The object `literal` spells (an empty object if it is not one): `JSONObject(literal: ["a": 1])`.
    public init(literal: JSONValue) {
        self = literal.objectValue ?? JSONObject()
    }
}

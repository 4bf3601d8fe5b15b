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
    public var members: [Member]

    /// An object with `members`, in that order.
    public init(_ members: [Member] = []) {
        self.members = members
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

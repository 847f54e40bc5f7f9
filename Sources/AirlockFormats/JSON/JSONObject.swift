/// A JSON object that keeps member order (for faithful re-encoding) and offers keyed lookup.
///
/// Keys are unique: the parser rejects duplicates, because two readers of the same document could
/// otherwise see different values (a classic signature-bypass vector).
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public let key: String
        /// The member value.
        public let value: JSONValue
    }

    /// The members in document order.
    public private(set) var members: [Member] = []
    private var index: [String: Int] = [:]

    /// An empty object.
    public init() {}

    /// Builds an object from key/value pairs; later duplicates replace earlier ones.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        for (k, v) in pairs { self[k] = v }
    }

    /// The number of members.
    public var count: Int { members.count }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// Whether `key` is a member.
    public func contains(_ key: String) -> Bool { index[key] != nil }

    /// Looks up or sets a member; setting an existing key keeps its position.
    public subscript(key: String) -> JSONValue? {
        get { index[key].map { members[$0].value } }
        set {
            if let i = index[key] {
                if let newValue {
                    members[i] = Member(key: key, value: newValue)
                } else {
                    members.remove(at: i)
                    index = [:]
                    for (j, m) in members.enumerated() { index[m.key] = j }
                }
            } else if let newValue {
                index[key] = members.count
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Appends a member that must not exist yet; returns false if the key is already present.
    mutating func appendUnique(_ key: String, _ value: JSONValue) -> Bool {
        if index[key] != nil { return false }
        index[key] = members.count
        members.append(Member(key: key, value: value))
        return true
    }

    /// Iterates members in document order.
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

    /// Objects are equal when they have the same keys with equal values, in any order (JSON semantics).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for m in lhs.members where rhs[m.key] != m.value { return false }
        return true
    }

    /// Hashes consistently with `==` (order-independent).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(Set(keys))
    }
}

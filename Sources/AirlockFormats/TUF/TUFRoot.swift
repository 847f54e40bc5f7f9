public import Foundation

/// The `signed` part of a TUF `root.json`: its keys, the keys and threshold of each top-level role,
/// and whether the repository uses consistent snapshots (TUF §4.3).
public struct TUFRoot: Sendable {
    /// One key as listed: the raw `keytype`, `scheme` and `keyval.public` text.
    public struct Key: Sendable, Hashable {
        /// `keytype` (`ecdsa-sha2-nistp256`, `ecdsa`, `ed25519`…).
        public let keyType: String
        /// `scheme` (`ecdsa-sha2-nistp256`, `ed25519`…).
        public let scheme: String
        /// `keyval.public`: PEM or hex.
        public let publicValue: String
    }

    /// One role's key ids and signature threshold.
    public struct Role: Sendable, Hashable {
        /// The key ids allowed to sign for the role.
        public let keyIDs: [String]
        /// How many distinct keys must sign.
        public let threshold: Int
    }

    /// The metadata (type, version, expiry, signatures).
    public let metadata: TUFMetadata
    /// Keys by key id.
    public let keys: [String: Key]
    /// Roles by name (`root`, `timestamp`, `snapshot`, `targets`).
    public let roles: [String: Role]
    /// `consistent_snapshot`.
    public let consistentSnapshot: Bool

    /// Parses a `root.json`; every top-level role must be present with a threshold of at least 1.
    public static func parse(_ data: Data, limits: Limits = .default) throws -> TUFRoot {
        let metadata = try TUFMetadata.parse(data, expectedType: "root", limits: limits)
        let signed = metadata.signed
        let keysObject = try signed.value("keys").object()
        guard keysObject.object.count <= limits.maxTUFEntries else { throw keysObject.error(.limitExceeded, "too many keys") }
        var keys: [String: Key] = [:]
        for keyID in keysObject.object.keys {
            let key = try keysObject.value(keyID).object()
            keys[keyID] = Key(keyType: try key.string("keytype"), scheme: try key.string("scheme"),
                              publicValue: try key.value("keyval").object().string("public"))
        }
        let rolesObject = try signed.value("roles").object()
        var roles: [String: Role] = [:]
        for name in ["root", "timestamp", "snapshot", "targets"] {
            let role = try rolesObject.value(name).object()
            let threshold = try role.int64("threshold", allowString: false)
            guard threshold >= 1, threshold <= Int64(limits.maxTUFEntries) else {
                throw role.error(.invalidField, "threshold \(threshold) must be at least 1")
            }
            let keyIDs = try role.value("keyids").array(maxCount: limits.maxTUFEntries).map { try $0.string() }
            roles[name] = Role(keyIDs: keyIDs, threshold: Int(threshold))
        }
        return TUFRoot(metadata: metadata, keys: keys, roles: roles,
                       consistentSnapshot: try signed.optionalBool("consistent_snapshot") ?? false)
    }
}

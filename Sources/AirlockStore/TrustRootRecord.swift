public import Foundation

/// One named trust root kept in the store (table `trust_roots`): its `trusted_root.json` is a blob.
public struct TrustRootRecord: Codable, Sendable, Hashable {
    /// The name policies and `--trust-root` use.
    public var name: String
    /// SHA-256 (hex) of the `trusted_root.json` bytes, the blob holding them.
    public var sha256: String
    /// Where it came from (`file:<path>` or `tuf:<dir>`).
    public var origin: String
    /// When this version was added.
    public var addedAt: Date

    enum CodingKeys: String, CodingKey {
        case name, sha256, origin
        case addedAt = "added_at"
    }

    /// Makes a record.
    public init(name: String, sha256: String, origin: String, addedAt: Date) {
        self.name = name
        self.sha256 = sha256
        self.origin = origin
        self.addedAt = addedAt
    }
}

/// One change to the named trust roots (table `trust_root_events`, append-only).
public struct TrustRootEventRecord: Codable, Sendable, Hashable {
    /// The row id (assigned on insert).
    public var id: Int64?
    /// The root's name.
    public var name: String
    /// `add`, `replace`, `remove`, `pin-tuf` or `tuf-update`.
    public var action: String
    /// SHA-256 (hex) of the bytes added, nil for a removal.
    public var sha256: String?
    /// Where the bytes came from.
    public var origin: String
    /// When it happened.
    public var at: Date
    /// A one-line note (TUF versions, grace periods used).
    public var detail: String

    /// Makes an event.
    public init(name: String, action: String, sha256: String?, origin: String, at: Date, detail: String = "") {
        self.id = nil
        self.name = name
        self.action = action
        self.sha256 = sha256
        self.origin = origin
        self.at = at
        self.detail = detail
    }
}

/// The TUF state of a root pinned to a TUF repository (table `tuf_pins`): the trusted `root.json`
/// (a blob) and the highest versions of each role seen, so an update can refuse a rollback.
public struct TUFPinRecord: Codable, Sendable, Hashable {
    /// The trust root's name.
    public var name: String
    /// SHA-256 (hex) of the trusted `root.json` bytes.
    public var rootSHA256: String
    /// Its version.
    public var rootVersion: Int
    /// Highest timestamp version seen (0: none yet).
    public var timestampVersion: Int
    /// Highest snapshot version seen.
    public var snapshotVersion: Int
    /// Highest targets version seen.
    public var targetsVersion: Int
    /// When it last changed.
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case name
        case rootSHA256 = "root_sha256"
        case rootVersion = "root_version"
        case timestampVersion = "timestamp_version"
        case snapshotVersion = "snapshot_version"
        case targetsVersion = "targets_version"
        case updatedAt = "updated_at"
    }

    /// Makes a record.
    public init(name: String, rootSHA256: String, rootVersion: Int, timestampVersion: Int, snapshotVersion: Int,
                targetsVersion: Int, updatedAt: Date) {
        self.name = name
        self.rootSHA256 = rootSHA256
        self.rootVersion = rootVersion
        self.timestampVersion = timestampVersion
        self.snapshotVersion = snapshotVersion
        self.targetsVersion = targetsVersion
        self.updatedAt = updatedAt
    }
}

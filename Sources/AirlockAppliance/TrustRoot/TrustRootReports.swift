public import Foundation

/// One trust root as `trustroot list` and `show` report it: embedded in the binary or kept in the store.
public struct TrustRootEntry: Sendable, Equatable, Encodable {
    /// The name `--trust-root` and site policies use.
    public var name: String
    /// `embedded` or `stored`.
    public var kind: String
    /// SHA-256 (hex) of the `trusted_root.json` bytes.
    public var sha256: String
    /// Where a stored root came from (`file:<path>`, `tuf:<dir>`); `binary` for an embedded one.
    public var origin: String
    /// When a stored root was added (nil for embedded ones).
    public var addedAt: Date?
    /// True when the root is kept current by `trustroot update` from a pinned TUF root.
    public var tufPinned: Bool
    /// Where the current bytes stand: `embedded`, `file-added`, `tuf-pinned` (pinned, never updated: no
    /// `trusted_root.json` yet, `sha256` empty) or `tuf-updated` (see `tuf` and `updatedAt`).
    public var status: String = ""
    /// For a TUF-pinned root: the versions recorded (all 0 but `root` before the first update).
    public var tuf: TUFVersions?
    /// For a TUF-pinned root: when it was pinned or last updated.
    public var updatedAt: Date?
}

/// `trustroot show`: the entry, what the root holds, and its recorded events.
public struct TrustRootDetail: Sendable, Equatable, Encodable {
    /// The root.
    public var entry: TrustRootEntry
    /// Counts of what the root holds.
    public var transparencyLogs: Int
    /// Certificate authorities.
    public var certificateAuthorities: Int
    /// Certificate Transparency logs.
    public var ctLogs: Int
    /// Timestamp authorities.
    public var timestampAuthorities: Int
    /// TUF versions when pinned to a TUF repository.
    public var tuf: TUFVersions?
    /// The root's events, oldest first.
    public var events: [TrustRootEvent]
    /// Continuity of the root's transparency logs (held checkpoints, split views), when any is held.
    public var logs: [LogContinuityEntry]?
}

/// The highest TUF versions recorded for a pinned root.
public struct TUFVersions: Sendable, Equatable, Encodable {
    /// Trusted root.json version.
    public var root: Int
    /// Highest timestamp version seen.
    public var timestamp: Int
    /// Highest snapshot version seen.
    public var snapshot: Int
    /// Highest targets version seen.
    public var targets: Int
}

/// One recorded change to a stored root.
public struct TrustRootEvent: Sendable, Equatable, Encodable {
    /// `add`, `remove`, `pin-tuf`, `tuf-update`.
    public var action: String
    /// SHA-256 of the bytes added (nil for a removal).
    public var sha256: String?
    /// Where they came from.
    public var origin: String
    /// When.
    public var at: Date
    /// Notes (TUF versions, grace period used).
    public var detail: String
}

/// `trustroot list`.
public struct TrustRootList: Sendable, Equatable, Encodable {
    /// Every root, embedded first, then stored by name.
    public var trustRoots: [TrustRootEntry]
}

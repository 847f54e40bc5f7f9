public import Foundation
import AirlockCrypto
public import AirlockFormats

/// What an offline TUF update starts from: the trusted `root.json`, the highest versions already seen
/// (rollback floors), the instant expiry is judged at, and the operator's grace period.
public struct TUFUpdateRequest: Sendable {
    /// The trusted `root.json` bytes (pinned by the operator or left by the last update).
    public var trustedRoot: Data
    /// Highest timestamp version seen (0: none).
    public var timestampFloor: Int
    /// Highest snapshot version seen.
    public var snapshotFloor: Int
    /// Highest targets version seen.
    public var targetsFloor: Int
    /// The instant expiry is judged at.
    public var at: Date
    /// How long after expiry a timestamp or snapshot is still accepted (offline media outlive the
    /// 7-day timestamp; docs/formats.md §10.3). Zero: no grace. Roots and targets get none.
    public var grace: TimeInterval
    /// The target to fetch.
    public var target: String

    /// Makes a request.
    public init(trustedRoot: Data, timestampFloor: Int = 0, snapshotFloor: Int = 0, targetsFloor: Int = 0, at: Date,
                grace: TimeInterval = 0, target: String = "trusted_root.json") {
        self.trustedRoot = trustedRoot
        self.timestampFloor = timestampFloor
        self.snapshotFloor = snapshotFloor
        self.targetsFloor = targetsFloor
        self.at = at
        self.grace = grace
        self.target = target
    }
}

/// The outcome of an accepted update: the new trusted root, the versions to record, the target's bytes,
/// and notes (grace periods used, floors reset by a key rotation).
public struct TUFUpdateResult: Sendable, Equatable {
    /// The bytes of the newest root reached.
    public var rootJSON: Data
    /// Its version.
    public var rootVersion: Int
    /// The accepted timestamp's version.
    public var timestampVersion: Int
    /// The accepted snapshot's version.
    public var snapshotVersion: Int
    /// The accepted targets' version.
    public var targetsVersion: Int
    /// The target's bytes (length and hashes checked against `targets.json`).
    public var target: Data
    /// Notes for the record.
    public var notes: [String]
}

/// Where the update reads files: metadata by file name (`2.root.json`, `timestamp.json`,
/// `165.snapshot.json`…) and targets by path; nil when absent.
public struct TUFFiles: Sendable {
    /// Reads a metadata file.
    public var metadata: @Sendable (String) -> Data?
    /// Reads a target file.
    public var target: @Sendable (String) -> Data?

    /// Makes a file source.
    public init(metadata: @escaping @Sendable (String) -> Data?, target: @escaping @Sendable (String) -> Data?) {
        self.metadata = metadata
        self.target = target
    }
}

/// Parses a trusted root to pin it: it must be a valid `root.json` signed by a threshold of its own
/// root keys (as python-tuf checks a root it is handed).
public func checkTUFRoot(_ data: Data, limits: Limits = .default) throws(TUFError) -> TUFRoot {
    let root = try TUFUpdater.parseRoot(data, file: "root.json", limits: limits)
    try TUFSignatures.requireThreshold(root.metadata, role: "root", of: root, file: "root.json", which: "its own")
    return root
}
